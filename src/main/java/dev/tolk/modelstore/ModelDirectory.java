package dev.tolk.modelstore;

import dev.tolk.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model directory: {@code model.json}, {@code tokenizer.json}, {@code parameters.params}, {@code
 * metrics.jsonl} and {@code checkpoints/}. {@code model.json} is written last and atomically, so
 * its presence marks a complete model; a directory without it is a run in progress (or one that
 * died) and is never loaded as a model.
 */
public final class ModelDirectory {

    public static final String MODEL_JSON = "model.json";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String PARAMETERS = "parameters.params";
    public static final String METRICS = "metrics.jsonl";
    public static final String CHECKPOINTS = "checkpoints";

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;

    public ModelDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Whether a complete model is here. */
    public boolean isComplete() {
        return Files.isRegularFile(dir.resolve(MODEL_JSON));
    }

    /** Writes {@code model.json} atomically: from now on the directory is a complete model. */
    public void writeManifest(ModelManifest manifest) throws IOException {
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        AtomicFiles.write(dir.resolve(MODEL_JSON), out -> out.write(bytes));
    }

    /**
     * Reads and checks {@code model.json}.
     *
     * @throws IncompatibleModelException when it is missing, unreadable, or names files that are
     *     not there
     */
    public ModelManifest readManifest() throws IOException {
        Path file = dir.resolve(MODEL_JSON);
        if (!Files.isRegularFile(file)) {
            throw new IncompatibleModelException(
                    dir,
                    "no model.json: not a complete model (a training run that has not finished"
                            + " or was interrupted; resume it or train again)");
        }
        ModelManifest manifest;
        try {
            manifest = JSON.readValue(file.toFile(), ModelManifest.class);
        } catch (JacksonException e) {
            throw new IncompatibleModelException(
                    file, "damaged model.json (" + e.getOriginalMessage() + ")");
        }
        if (manifest.config() == null
                || manifest.tokenizer() == null
                || manifest.parameters() == null) {
            throw new IncompatibleModelException(
                    file, "model.json lacks config, tokenizer or parameters");
        }
        for (String name : new String[] {manifest.tokenizer(), manifest.parameters()}) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new IncompatibleModelException(
                        dir, "model.json names " + name + " but the file is missing");
            }
        }
        return manifest;
    }

    /** Appends one JSON line to {@code metrics.jsonl} (a single write of a whole line). */
    public void appendMetrics(Object record) throws IOException {
        byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(dir);
        Files.write(
                dir.resolve(METRICS),
                line,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.SYNC);
    }

    /** The lines of {@code metrics.jsonl}, empty when there is none. */
    public List<String> readMetricsLines() throws IOException {
        Path file = dir.resolve(METRICS);
        return Files.isRegularFile(file)
                ? Files.readAllLines(file, StandardCharsets.UTF_8)
                : new ArrayList<>();
    }

    /** Rewrites {@code metrics.jsonl} with {@code lines} (used on resume to drop later lines). */
    public void rewriteMetrics(List<String> lines) throws IOException {
        String text = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
        AtomicFiles.write(
                dir.resolve(METRICS), out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
