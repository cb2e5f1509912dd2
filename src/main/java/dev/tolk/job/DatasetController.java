package dev.tolk.job;

import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** {@code /datasets}: uploaded parallel corpora that training jobs name. */
@RestController
public class DatasetController {

    private final DatasetStore datasets;

    DatasetController(DatasetStore datasets) {
        this.datasets = datasets;
    }

    @Operation(
            summary = "Upload a parallel corpus",
            description =
                    "Multipart: parts source and target (aligned files, one sentence per line), or"
                            + " one part file (.tsv: source TAB target; .jsonl: {\"source\","
                            + " \"target\"}); plain or gzip. Optional fields name, sourceLang,"
                            + " targetLang. Every pair is read before the corpus is kept.")
    @PostMapping(path = "/datasets", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<DatasetStore.Dataset> upload(
            @RequestPart(name = "source", required = false) MultipartFile source,
            @RequestPart(name = "target", required = false) MultipartFile target,
            @RequestPart(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "name", required = false) String name,
            @RequestParam(name = "sourceLang", required = false) String sourceLang,
            @RequestParam(name = "targetLang", required = false) String targetLang)
            throws IOException {
        Map<String, DatasetStore.Upload> parts = new LinkedHashMap<>();
        if (source != null) {
            parts.put("source", upload(source));
        }
        if (target != null) {
            parts.put("target", upload(target));
        }
        if (file != null) {
            parts.put("file", upload(file));
        }
        DatasetStore.Dataset dataset = datasets.add(name, sourceLang, targetLang, parts);
        return ResponseEntity.created(URI.create("/datasets/" + dataset.id())).body(dataset);
    }

    @Operation(summary = "One uploaded dataset")
    @GetMapping("/datasets/{id}")
    public DatasetStore.Dataset get(
            @org.springframework.web.bind.annotation.PathVariable String id) {
        return datasets.find(id).orElseThrow(() -> DatasetNotFoundException.lookedUp(id));
    }

    @Operation(summary = "Every uploaded dataset")
    @GetMapping("/datasets")
    public List<DatasetStore.Dataset> list() {
        return datasets.list();
    }

    private static DatasetStore.Upload upload(MultipartFile part) {
        return new DatasetStore.Upload() {
            @Override
            public String filename() {
                return part.getOriginalFilename();
            }

            @Override
            public InputStream open() throws IOException {
                return part.getInputStream();
            }
        };
    }
}
