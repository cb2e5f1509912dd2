package dev.tolk.training;

import dev.tolk.TolkVersion;
import dev.tolk.metrics.Scores;
import dev.tolk.model.TransformerConfig;
import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ModelManifest;
import dev.tolk.runtime.EngineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Step 6 of a run: the model directory made complete. The staged parameters become {@code
 * parameters.params}, then {@code model.json} is written with the recipe, the corpus report, the
 * final scores, the versions and the lineage: back to back, after the scoring, so a run trained
 * further keeps its earlier model complete until here.
 */
final class ModelWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What the run ends with.
     *
     * @param parameters the staged final parameters
     * @param heldOut their held-out scores
     * @param test their test scores, or null without a test set
     * @param steps updates done
     * @param trainingSeconds training wall time over all sessions
     * @param versusBase a fine-tuning run's scores beside its base model's ({@link
     *     BaseComparison}), or null
     */
    record Outcome(
            FinalParameters.Choice parameters,
            Scores heldOut,
            Scores test,
            int steps,
            double trainingSeconds,
            StopReason stopReason,
            Map<String, Object> versusBase) {}

    private final TrainingSettings settings;
    private final ModelDirectory directory;
    private final TransformerConfig config;
    private final EngineInfo engine;

    ModelWriter(
            TrainingSettings settings,
            ModelDirectory directory,
            TransformerConfig config,
            EngineInfo engine) {
        this.settings = settings;
        this.directory = directory;
        this.config = config;
        this.engine = engine;
    }

    ModelManifest write(
            Outcome outcome, Map<String, Object> corpusReport, Map<String, Object> lineage)
            throws IOException {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("tolk", TolkVersion.get());
        versions.put("djl", engine.djlVersion());
        versions.put("pytorch", engine.engineVersion());
        var manifest =
                new ModelManifest(
                        directory.path().getFileName().toString(),
                        settings.sourceLang(),
                        settings.targetLang(),
                        config,
                        ModelDirectory.TOKENIZER,
                        ModelDirectory.PARAMETERS,
                        versions,
                        JSON.valueToTree(settings),
                        JSON.valueToTree(corpusReport),
                        JSON.valueToTree(metrics(outcome)),
                        Instant.now().toString(),
                        JSON.valueToTree(lineage));
        Files.move(
                outcome.parameters().staged(),
                directory.resolve(ModelDirectory.PARAMETERS),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        directory.writeManifest(manifest);
        return manifest;
    }

    /** {@code model.json}'s {@code metrics}. */
    private Map<String, Object> metrics(Outcome outcome) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("parameters", outcome.parameters().source());
        metrics.put("search", settings.finalSearch().describe());
        metrics.put("heldOut", outcome.heldOut().cased().toJson());
        metrics.put("heldOutLowercased", outcome.heldOut().lowercased().toJson());
        if (outcome.test() != null) {
            metrics.put("test", outcome.test().cased().toJson());
            metrics.put("testLowercased", outcome.test().lowercased().toJson());
        }
        metrics.put("steps", outcome.steps());
        metrics.put("trainingSeconds", outcome.trainingSeconds());
        metrics.put("stopReason", outcome.stopReason().describe());
        if (outcome.versusBase() != null) {
            metrics.put("versusBase", outcome.versusBase());
        }
        return metrics;
    }
}
