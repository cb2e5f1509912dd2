package dev.tolk.testing;

import dev.tolk.model.TransformerConfig;
import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

    /** A complete {@code source-target} model {@code id} in {@code models}. */
    public static Path write(
            Path models, String id, String source, String target, double bleu, String createdAt)
            throws IOException {
        Path dir = models.resolve(id);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ModelDirectory.TOKENIZER), "{}");
        Files.write(dir.resolve(ModelDirectory.PARAMETERS), new byte[] {0});
        new ModelDirectory(dir)
                .writeManifest(
                        new ModelManifest(
                                id,
                                source,
                                target,
                                TransformerConfig.preset("tiny", 300),
                                ModelDirectory.TOKENIZER,
                                ModelDirectory.PARAMETERS,
                                Map.of(),
                                JSON.valueToTree(
                                        Map.of(
                                                "trainSource",
                                                "train.tsv",
                                                "seed",
                                                1,
                                                "heldOutFraction",
                                                0.02)),
                                null,
                                JSON.valueToTree(Map.of("heldOut", Map.of("bleu", bleu))),
                                createdAt));
        return dir;
    }
}
