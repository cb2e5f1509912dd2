package dev.tolk.translate;

import dev.tolk.TolkProperties;
import dev.tolk.modelstore.ModelStore;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * LibreTranslate's {@code GET /frontend/settings} (its web UI loads it first; clients read {@code
 * charLimit}, {@code keyRequired}, {@code filesTranslation} from it and use it as a health check)
 * and {@code GET /health}. Both open without a key.
 */
@RestController
class LibreTranslateController {

    /** How long LibreTranslate's web UI waits after typing before it translates, in ms. */
    static final int FRONTEND_TIMEOUT_MS = 500;

    private final ModelStore store;
    private final TolkProperties properties;
    private final DocumentRequests documents;

    LibreTranslateController(
            ModelStore store, TolkProperties properties, DocumentRequests documents) {
        this.store = store;
        this.properties = properties;
        this.documents = documents;
    }

    /** A language as the settings name it. */
    record NamedLanguage(String code, String name) {}

    /** The source ("auto") and target a web UI starts with. */
    record Languages(NamedLanguage source, NamedLanguage target) {}

    /**
     * LibreTranslate's frontend settings.
     *
     * @param charLimit characters per text at most ({@code tolk.translate.max-chars})
     * @param frontendTimeout ms a web UI waits after typing
     * @param apiKeys whether API keys are configured
     * @param keyRequired whether translation needs a key (the same: Tolk has no key-free origins)
     * @param suggestions whether {@code POST /suggest} is enabled
     * @param filesTranslation whether {@code POST /translate_file} is served
     * @param supportedFilesFormat the file extensions it takes
     * @param language the languages a web UI starts with
     */
    record FrontendSettings(
            int charLimit,
            int frontendTimeout,
            boolean apiKeys,
            boolean keyRequired,
            boolean suggestions,
            boolean filesTranslation,
            List<String> supportedFilesFormat,
            Languages language) {}

    @Operation(summary = "LibreTranslate's frontend settings")
    @GetMapping("/frontend/settings")
    FrontendSettings settings() {
        boolean keys = properties.security().apiKeys().stream().anyMatch(k -> !k.isBlank());
        String target =
                store.list().stream()
                        .map(e -> e.manifest().targetLang())
                        .sorted()
                        .findFirst()
                        .orElse("en");
        return new FrontendSettings(
                properties.translate().maxChars(),
                FRONTEND_TIMEOUT_MS,
                keys,
                keys,
                properties.suggestions().enabled(),
                documents.enabled(),
                documents.supportedFormats(),
                new Languages(
                        new NamedLanguage("auto", "Auto Detect"),
                        new NamedLanguage(
                                target,
                                Locale.forLanguageTag(target).getDisplayLanguage(Locale.ENGLISH))));
    }

    @Operation(
            summary =
                    "LibreTranslate's health check: {\"status\": \"ok\"} while the server answers",
            description = "Readiness (engine loaded, models usable) is /actuator/health/readiness.")
    @GetMapping("/health")
    Map<String, String> health() {
        return Map.of("status", "ok");
    }
}
