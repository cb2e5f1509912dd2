package dev.tolk.web;

import dev.tolk.TolkProperties;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.config.annotation.CorsRegistration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Cross-origin access to the translation endpoints ({@code tolk.cors.allowed-origins}, default any
 * origin), as LibreTranslate grants it: methods GET and POST, headers {@code Authorization} and
 * {@code Content-Type}, preflights cached for 20 days. Spring MVC answers preflights and adds the
 * headers; {@link ApiKeyFilter} lets a preflight through without a key. Training, datasets, models
 * and evaluation get no CORS headers: a browser page on another origin cannot call them.
 */
@Component
class CorsSettings implements WebMvcConfigurer {

    /** The endpoints a browser on another origin may call. */
    static final List<String> PATHS =
            List.of(
                    "/translate",
                    "/detect",
                    "/languages",
                    "/frontend/settings",
                    "/health",
                    "/translate_file",
                    "/download_file/**",
                    "/suggest");

    private final List<String> origins;

    CorsSettings(TolkProperties properties) {
        this.origins =
                properties.cors().allowedOrigins().stream()
                        .map(String::strip)
                        .filter(o -> !o.isEmpty())
                        .toList();
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (origins.isEmpty()) {
            return;
        }
        List<String> exact =
                origins.stream().filter(o -> o.equals("*") || !o.contains("*")).toList();
        List<String> patterns =
                origins.stream().filter(o -> !o.equals("*") && o.contains("*")).toList();
        for (String path : PATHS) {
            CorsRegistration registration =
                    registry.addMapping(path)
                            .allowedMethods("GET", "POST")
                            .allowedHeaders("Authorization", "Content-Type")
                            .exposedHeaders("Retry-After")
                            .allowCredentials(false)
                            .maxAge(Duration.ofDays(20).toSeconds());
            registration.allowedOrigins(exact.toArray(String[]::new));
            if (!patterns.isEmpty()) {
                registration.allowedOriginPatterns(patterns.toArray(String[]::new));
            }
        }
    }
}
