package dev.tolk.testing;

import dev.tolk.model.TransformerConfig;
import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ModelManifest;
import dev.tolk.training.TrainingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Complete model directories without trained parameters: enough for the model store's listing and
 * the default decision (manifest, recipe, held-out BLEU), never for loading.
 */
public final class FakeModels {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FakeModels() {}

    /** A complete {@code en-de} model {@code id} in {@code models} scored {@code bleu} held out. */
    public static Path write(Path models, String id, double bleu, String createdAt)
            throws IOException {
        return write(models, id, "en", "de", bleu, createdAt);
    }

    /** A complete {@code source-target} model {@code id} in {@code models} scored {@code bleu}. */
    public static Path write(
            Path models, String id, String source, String target, double bleu, String createdAt)
            throws IOException {
        return write(
                models,
                id,
                source,
                target,
                TransformerConfig.preset("tiny", 300),
                JSON.valueToTree(
                        Map.of("trainSource", "train.tsv", "seed", 1, "heldOutFraction", 0.02)),
                Map.of("heldOut", Map.of("bleu", bleu)),
                null,
                createdAt);
    }

    /**
     * A complete model {@code id} trained (so its model.json says) with {@code recipe}: its
     * architecture the recipe's preset, its lineage from scratch or, with a {@code baseModel} in
     * the recipe, fine-tuned from that directory's model.
     */
    public static Path withRecipe(Path models, String id, TrainingSettings recipe)
            throws IOException {
        Map<String, Object> lineage = new LinkedHashMap<>();
        lineage.put("recipe", recipe.baseModel() == null ? "from scratch" : "fine-tuning");
        if (recipe.baseModel() != null) {
            lineage.put("baseModel", Path.of(recipe.baseModel()).getFileName().toString());
        }
        return write(
                models,
                id,
                recipe.sourceLang(),
                recipe.targetLang(),
                TransformerConfig.preset(recipe.preset(), recipe.vocabSize()),
                JSON.valueToTree(recipe),
                Map.of("heldOut", Map.of("bleu", 20.0)),
                lineage,
                "2026-01-01T00:00:00Z");
    }

    /**
     * A complete {@code en-de} model {@code id} fine-tuned from {@code base} on {@code
     * trainSource}, whose run scored it and its base on the new held-out set ({@code before} →
     * {@code after}) and on the base's held-out set ({@code baseBefore} → {@code baseAfter}).
     */
    public static Path fineTuned(
            Path models,
            String id,
            String base,
            String trainSource,
            double before,
            double after,
            double baseBefore,
            double baseAfter)
            throws IOException {
        Map<String, Object> versus = new LinkedHashMap<>();
        versus.put("baseModel", base);
        versus.put("heldOut", Map.of("bleuBefore", before, "bleuAfter", after, "sentences", 10));
        versus.put(
                "baseHeldOut",
                Map.of("bleuBefore", baseBefore, "bleuAfter", baseAfter, "sentences", 20));
        return write(
                models,
                id,
                "en",
                "de",
                TransformerConfig.preset("tiny", 300),
                JSON.valueToTree(
                        Map.of(
                                "trainSource",
                                trainSource,
                                "seed",
                                1,
                                "heldOutFraction",
                                0.02,
                                "baseModel",
                                models.resolve(base).toString())),
                Map.of("heldOut", Map.of("bleu", after), "versusBase", versus),
                Map.of("recipe", "fine-tuning", "baseModel", base),
                "2026-01-02T00:00:00Z");
    }

    private static Path write(
            Path models,
            String id,
            String sourceLang,
            String targetLang,
            TransformerConfig config,
            JsonNode recipe,
            Map<String, Object> metrics,
            Map<String, Object> lineage,
            String createdAt)
            throws IOException {
        Path dir = models.resolve(id);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ModelDirectory.TOKENIZER), "{}");
        Files.write(dir.resolve(ModelDirectory.PARAMETERS), new byte[] {0});
        new ModelDirectory(dir)
                .writeManifest(
                        new ModelManifest(
                                id,
                                sourceLang,
                                targetLang,
                                config,
                                ModelDirectory.TOKENIZER,
                                ModelDirectory.PARAMETERS,
                                Map.of(),
                                recipe,
                                null,
                                JSON.valueToTree(metrics),
                                createdAt,
                                lineage == null ? null : JSON.valueToTree(lineage)));
        return dir;
    }
}
