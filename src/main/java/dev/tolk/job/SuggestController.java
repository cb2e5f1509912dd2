package dev.tolk.job;

import dev.tolk.web.LibreTranslateShape;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * LibreTranslate's {@code POST /suggest}: a user's correction, kept in its pair's suggestions
 * dataset ({@link Suggestions}) when {@code tolk.suggestions.enabled}; 403 otherwise, as
 * LibreTranslate answers.
 */
@RestController
class SuggestController {

    private final Suggestions suggestions;

    SuggestController(Suggestions suggestions) {
        this.suggestions = suggestions;
    }

    @Operation(
            summary = "Suggest a better translation (kept as training data for the pair)",
            description =
                    "q (the original), s (the suggested translation), source, target; JSON or a"
                            + " form. Kept in the dataset suggestions-<source>-<target>, which a"
                            + " training job can name. 403 unless tolk.suggestions.enabled.")
    @PostMapping(path = "/suggest", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Boolean> suggestJson(@RequestBody SuggestRequest request, HttpServletRequest http) {
        LibreTranslateShape.mark(http);
        suggestions.add(request.q(), request.s(), request.source(), request.target());
        return Map.of("success", true);
    }

    @Operation(summary = "Suggest a better translation (LibreTranslate's form-encoded request)")
    @PostMapping(
            path = "/suggest",
            consumes = {
                MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                MediaType.MULTIPART_FORM_DATA_VALUE
            })
    Map<String, Boolean> suggestForm(
            @ModelAttribute SuggestRequest request, HttpServletRequest http) {
        return suggestJson(request, http);
    }
}
