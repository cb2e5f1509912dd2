package dev.tolk.translate;

import dev.tolk.TolkProperties;
import dev.tolk.document.TranslatedFiles;
import dev.tolk.web.AsyncAnswers;
import dev.tolk.web.LibreTranslateShape;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * LibreTranslate's documents: {@code POST /translate_file} (multipart {@code file}, {@code source},
 * {@code target}) answers {@code {"translatedFileUrl": ...}}, and {@code GET /download_file/{name}}
 * serves the translated copy for {@code tolk.documents.keep-minutes}.
 */
@RestController
class FileTranslationController {

    private final DocumentRequests documents;
    private final long deadlineMillis;

    FileTranslationController(DocumentRequests documents, TolkProperties properties) {
        this.documents = documents;
        this.deadlineMillis = TimeUnit.SECONDS.toMillis(properties.documents().deadlineSeconds());
    }

    /** LibreTranslate's answer, with what the glossary did (Tolk's addition) when one applied. */
    private static Map<String, Object> answer(String base, DocumentRequests.Translated done) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("translatedFileUrl", base + done.name());
        if (done.glossary() != null) {
            body.put("glossary", done.glossary());
        }
        return body;
    }

    @Operation(
            summary = "Translate a document (.txt, .html, .docx, .pptx, .odt)",
            description =
                    "Multipart: file, source (or auto), target, and Tolk's glossary (an id, or"
                            + " none; default: the pair's default glossary). The text is"
                            + " translated, the structure and formatting kept; the answer's"
                            + " translatedFileUrl serves the copy for tolk.documents.keep-minutes;"
                            + " with a glossary, its glossary says what it did.")
    @PostMapping(path = "/translate_file", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    DeferredResult<Map<String, Object>> translateFile(
            @RequestPart(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "source", required = false) String source,
            @RequestParam(name = "target", required = false) String target,
            @RequestParam(name = "glossary", required = false) String glossary,
            HttpServletRequest http) {
        LibreTranslateShape.mark(http);
        DocumentRequests.Upload upload =
                file == null
                        ? null
                        : new DocumentRequests.Upload(
                                file.getOriginalFilename(), file.getSize(), file::getBytes);
        // The link is made now: the request's host and scheme are gone once the work is done.
        String base =
                ServletUriComponentsBuilder.fromContextPath(http)
                        .path("/download_file/")
                        .build()
                        .toUriString();
        CompletableFuture<Map<String, Object>> answer =
                documents
                        .translate(upload, source, target, glossary)
                        .thenApply(done -> answer(base, done));
        return AsyncAnswers.of(
                answer,
                deadlineMillis,
                () ->
                        new TranslationTimeoutException(
                                AsyncAnswers.seconds(deadlineMillis),
                                "tolk.documents.deadline-seconds"));
    }

    @Operation(summary = "Download a translated document (kept tolk.documents.keep-minutes)")
    @GetMapping("/download_file/{name}")
    ResponseEntity<Resource> download(@PathVariable String name) {
        TranslatedFiles.Stored stored = documents.download(name);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(stored.format().contentType()))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(stored.downloadName())
                                .build()
                                .toString())
                .body(new FileSystemResource(stored.path()));
    }
}
