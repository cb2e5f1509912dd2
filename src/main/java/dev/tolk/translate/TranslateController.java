package dev.tolk.translate;

import dev.tolk.TolkProperties;
import dev.tolk.web.AsyncAnswers;
import dev.tolk.web.LibreTranslateShape;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code POST /translate} in Tolk's shape and in LibreTranslate's ({@code q}, {@code source},
 * {@code target}, {@code format}, {@code alternatives}; JSON or form-encoded), {@code GET
 * /languages} and {@code POST /detect} as LibreTranslate has them.
 */
@RestController
class TranslateController {

    private final TranslationRequests requests;
    private final long deadlineMillis;

    TranslateController(TranslationRequests requests, TolkProperties properties) {
        this.requests = requests;
        this.deadlineMillis = TimeUnit.SECONDS.toMillis(properties.translate().deadlineSeconds());
    }

    private <T> DeferredResult<T> answer(CompletableFuture<T> work) {
        return AsyncAnswers.of(
                work,
                deadlineMillis,
                () -> new TranslationTimeoutException(AsyncAnswers.seconds(deadlineMillis)));
    }

    @Operation(
            summary = "Translate text",
            description =
                    "Tolk's shape: {\"text\": \"...\"} or {\"texts\": [...]}, optional model,"
                            + " source, target (or source \"auto\"), beamSize, nBest, maxLength,"
                            + " noRepeatNgram, attention, glossary (an id, or none). LibreTranslate's"
                            + " shape (a body with q; glossary too) is answered as LibreTranslate"
                            + " does.")
    @PostMapping(path = "/translate", consumes = MediaType.APPLICATION_JSON_VALUE)
    DeferredResult<?> translateJson(
            @Valid @RequestBody TranslateRequest request, HttpServletRequest http) {
        if (request.isLibre()) {
            LibreTranslateShape.mark(http);
        }
        return request.isLibre()
                ? answer(requests.translate(request.libre()))
                : answer(requests.translate(request));
    }

    @Operation(summary = "Translate text (LibreTranslate's form-encoded request)")
    @PostMapping(
            path = "/translate",
            consumes = {
                MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                MediaType.MULTIPART_FORM_DATA_VALUE
            })
    DeferredResult<LibreTranslateResponse> translateForm(
            @Valid @ModelAttribute LibreTranslateRequest.Form form, HttpServletRequest http) {
        LibreTranslateShape.mark(http);
        return answer(requests.translate(form.request()));
    }

    @Operation(
            summary = "Translate text (LibreTranslate's fields in the query string, no body)",
            description = "POST /translate?q=...&source=...&target=... without a body, as a form.")
    @PostMapping(
            path = "/translate",
            params = "q",
            consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE) // no Content-Type: no body
    DeferredResult<LibreTranslateResponse> translateQuery(
            @Valid @ModelAttribute LibreTranslateRequest.Form form, HttpServletRequest http) {
        return translateForm(form, http);
    }

    @Operation(summary = "The languages the models translate from, each with its targets")
    @GetMapping("/languages")
    List<TranslationRequests.Language> languages() {
        return requests.languages();
    }

    @Operation(summary = "Detect the language of q among the languages the models translate from")
    @PostMapping(path = "/detect", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<LanguageDetection.Detected> detectJson(
            @RequestBody DetectRequest request, HttpServletRequest http) {
        LibreTranslateShape.mark(http);
        return requests.detect(request);
    }

    @Operation(summary = "Detect the language of q (LibreTranslate's form-encoded request)")
    @PostMapping(
            path = "/detect",
            consumes = {
                MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                MediaType.MULTIPART_FORM_DATA_VALUE
            })
    List<LanguageDetection.Detected> detectForm(
            @ModelAttribute DetectRequest.Form form, HttpServletRequest http) {
        LibreTranslateShape.mark(http);
        return requests.detect(form.request());
    }

    @Operation(summary = "Detect the language of q (in the query string, no body)")
    @PostMapping(
            path = "/detect",
            params = "q",
            consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE) // no Content-Type: no body
    List<LanguageDetection.Detected> detectQuery(
            @ModelAttribute DetectRequest.Form form, HttpServletRequest http) {
        return detectForm(form, http);
    }
}
