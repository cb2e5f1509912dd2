package dev.tolk.translate;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /translate} in Tolk's shape and in LibreTranslate's ({@code q}, {@code source},
 * {@code target}, {@code format}, {@code alternatives}; JSON or form-encoded), {@code GET
 * /languages} and {@code POST /detect} as LibreTranslate has them.
 */
@RestController
class TranslateController {

    private final TranslationRequests requests;

    TranslateController(TranslationRequests requests) {
        this.requests = requests;
    }

    @Operation(
            summary = "Translate text",
            description =
                    "Tolk's shape: {\"text\": \"...\"} or {\"texts\": [...]}, optional model,"
                            + " source, target (or source \"auto\"), beamSize, nBest, maxLength,"
                            + " noRepeatNgram, attention. LibreTranslate's shape (a body with q) is"
                            + " answered as LibreTranslate does.")
    @PostMapping(path = "/translate", consumes = MediaType.APPLICATION_JSON_VALUE)
    Object translateJson(@Valid @RequestBody TranslateRequest request) {
        return request.isLibre()
                ? requests.translate(request.libre())
                : requests.translate(request);
    }

    @Operation(summary = "Translate text (LibreTranslate's form-encoded request)")
    @PostMapping(
            path = "/translate",
            consumes = {
                MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                MediaType.MULTIPART_FORM_DATA_VALUE
            })
    LibreTranslateResponse translateForm(@Valid @ModelAttribute LibreTranslateRequest.Form form) {
        return requests.translate(form.request());
    }

    @Operation(summary = "The languages the models translate from, each with its targets")
    @GetMapping("/languages")
    List<TranslationRequests.Language> languages() {
        return requests.languages();
    }

    @Operation(summary = "Detect the language of q among the languages the models translate from")
    @PostMapping(path = "/detect", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<LanguageDetection.Detected> detectJson(@RequestBody DetectRequest request) {
        return requests.detect(request);
    }

    @Operation(summary = "Detect the language of q (LibreTranslate's form-encoded request)")
    @PostMapping(
            path = "/detect",
            consumes = {
                MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                MediaType.MULTIPART_FORM_DATA_VALUE
            })
    List<LanguageDetection.Detected> detectForm(@ModelAttribute DetectRequest request) {
        return requests.detect(request);
    }
}
