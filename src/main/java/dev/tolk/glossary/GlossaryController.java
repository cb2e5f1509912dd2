package dev.tolk.glossary;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tolk.io.JsonErrors;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /glossaries}: upload (JSON, a TSV body, or a multipart {@code file}), list, get and delete
 * glossaries. Uploads and deletions need an admin key when keys are set.
 */
@RestController
class GlossaryController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GlossaryStore glossaries;

    GlossaryController(GlossaryStore glossaries) {
        this.glossaries = glossaries;
    }

    /**
     * A glossary as listed: its fields but the terms, counted.
     *
     * @param entries how many terms it has
     */
    record Summary(
            String id,
            String name,
            String source,
            String target,
            @JsonProperty("default") boolean byDefault,
            String createdAt,
            int entries) {

        static Summary of(Glossary g) {
            return new Summary(
                    g.id(),
                    g.name(),
                    g.source(),
                    g.target(),
                    g.byDefault(),
                    g.createdAt(),
                    g.entries().size());
        }
    }

    @Operation(
            summary = "Upload a glossary (JSON)",
            description =
                    "{\"name\", \"source\", \"target\", \"default\", \"entries\": [{\"source\","
                            + " \"target\"}]}; default true makes it the pair's default.")
    @PostMapping(path = "/glossaries", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Glossary> uploadJson(@RequestBody GlossaryUpload upload) {
        return created(glossaries.add(upload));
    }

    @Operation(
            summary = "Upload a glossary (TSV body)",
            description =
                    "One term a line, source<TAB>target; source, target, name and default as query"
                            + " parameters.")
    @PostMapping(
            path = "/glossaries",
            consumes = {"text/tab-separated-values", MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<Glossary> uploadTsv(
            @RequestBody(required = false) byte[] tsv,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType type,
            @RequestParam(name = "source", required = false) String source,
            @RequestParam(name = "target", required = false) String target,
            @RequestParam(name = "name", required = false) String name,
            @RequestParam(name = "default", required = false) Boolean byDefault) {
        // UTF-8 unless the request says otherwise (Spring would read text/plain as ISO-8859-1)
        Charset charset = type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
        String text = tsv == null ? "" : new String(tsv, charset);
        return created(
                glossaries.add(GlossaryUpload.fromTsv(text, name, source, target, byDefault)));
    }

    @Operation(
            summary = "Upload a glossary (multipart)",
            description =
                    "Part file: TSV (source<TAB>target a line), or JSON when its name ends with"
                            + " .json; fields source, target, name, default beside a TSV.")
    @PostMapping(path = "/glossaries", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Glossary> uploadFile(
            @RequestPart(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "source", required = false) String source,
            @RequestParam(name = "target", required = false) String target,
            @RequestParam(name = "name", required = false) String name,
            @RequestParam(name = "default", required = false) Boolean byDefault)
            throws IOException {
        if (file == null) {
            throw GlossaryRejectedException.invalid(
                    "file is missing: send the glossary as the multipart part \"file\"");
        }
        String filename = String.valueOf(file.getOriginalFilename());
        if (filename.toLowerCase(Locale.ROOT).endsWith(".json")) {
            return created(glossaries.add(parseJson(file.getBytes())));
        }
        String tsv = new String(file.getBytes(), StandardCharsets.UTF_8);
        return created(
                glossaries.add(GlossaryUpload.fromTsv(tsv, name, source, target, byDefault)));
    }

    private static GlossaryUpload parseJson(byte[] json) {
        try {
            return JSON.readValue(json, GlossaryUpload.class);
        } catch (JacksonException e) {
            JsonErrors.Problem problem = JsonErrors.describe(e);
            throw GlossaryRejectedException.invalid("file: " + problem.message());
        }
    }

    private static ResponseEntity<Glossary> created(Glossary glossary) {
        return ResponseEntity.created(URI.create("/glossaries/" + glossary.id())).body(glossary);
    }

    @Operation(summary = "Every glossary, its terms counted")
    @GetMapping("/glossaries")
    List<Summary> list() {
        return glossaries.list().stream().map(Summary::of).toList();
    }

    @Operation(summary = "One glossary with its terms")
    @GetMapping("/glossaries/{id}")
    Glossary get(@PathVariable String id) {
        return glossaries.get(id).glossary();
    }

    @Operation(summary = "Delete a glossary (and its place as its pair's default)")
    @DeleteMapping("/glossaries/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        glossaries.delete(id);
        return ResponseEntity.noContent().build();
    }
}
