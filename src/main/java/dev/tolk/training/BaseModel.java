package dev.tolk.training;

import dev.tolk.model.TransformerConfig;
import dev.tolk.modelstore.IncompatibleModelException;
import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ModelManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The finished model a fine-tuning run starts from ({@link TrainingSettings#baseModel}): what the
 * run takes from it (parameters, architecture, vocabulary) and what it reads of the base's own run
 * (its recipe, and through it its corpus and held-out set, while those files are still there).
 */
final class BaseModel {

    /** Recipes of older versions may lack fields or hold ones since renamed: read what is there. */
    private static final JsonMapper LENIENT =
            JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Path dir;
    private final ModelManifest manifest;

    private BaseModel(Path dir, ModelManifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /**
     * The finished model in directory {@code path}.
     *
     * @throws InvalidSettingsException naming {@code baseModel} when it is not a complete, readable
     *     model
     */
    static BaseModel read(String path) {
        Path dir = Path.of(path);
        ModelDirectory directory = new ModelDirectory(dir);
        if (!directory.isComplete()) {
            throw new InvalidSettingsException(
                    "baseModel",
                    "baseModel "
                            + dir.getFileName()
                            + " is not a finished model (no model.json in its directory): name a"
                            + " model to fine-tune");
        }
        try {
            return new BaseModel(dir, directory.readManifest());
        } catch (IncompatibleModelException e) {
            throw new InvalidSettingsException(
                    "baseModel",
                    "baseModel " + dir.getFileName() + " cannot be fine-tuned: " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidSettingsException(
                    "baseModel",
                    "baseModel " + dir.getFileName() + " cannot be read: " + e.getMessage());
        }
    }

    /** The model's id: its directory's name. */
    String id() {
        return dir.getFileName().toString();
    }

    Path directory() {
        return dir;
    }

    ModelManifest manifest() {
        return manifest;
    }

    Path parameters() {
        return dir.resolve(manifest.parameters());
    }

    Path tokenizer() {
        return dir.resolve(manifest.tokenizer());
    }

    /** The base's architecture, with {@code dropout} instead of its own when given. */
    TransformerConfig config(Float dropout) {
        return dropout == null ? manifest.config() : manifest.config().withDropout(dropout);
    }

    /**
     * Refuses a run of another language pair.
     *
     * @throws InvalidSettingsException naming {@code baseModel}
     */
    void checkLanguages(String sourceLang, String targetLang) {
        if (!manifest.sourceLang().equals(sourceLang)
                || !manifest.targetLang().equals(targetLang)) {
            throw new InvalidSettingsException(
                    "baseModel",
                    "baseModel "
                            + id()
                            + " translates "
                            + manifest.sourceLang()
                            + "→"
                            + manifest.targetLang()
                            + " but the run is "
                            + sourceLang
                            + "→"
                            + targetLang
                            + " (sourceLang, targetLang or the dataset's languages): fine-tune a"
                            + " model of the same pair, or leave the languages out to take the"
                            + " base model's");
        }
    }

    /** The settings the base was trained with, when its {@code model.json} records them. */
    Optional<TrainingSettings> recipe() {
        if (manifest.recipe() == null || !manifest.recipe().isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(
                    LENIENT.treeToValue(manifest.recipe(), TrainingSettings.class));
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the base was itself fine-tuned from another model. */
    boolean isFineTuned() {
        return recipe().map(r -> r.baseModel() != null).orElse(false);
    }

    /**
     * Why the base's corpus and held-out set cannot be read again, or empty when its recipe names
     * corpus files that are all still there.
     */
    Optional<String> corpusProblem() {
        Optional<TrainingSettings> recipe = recipe();
        if (recipe.isEmpty()) {
            return Optional.of(id() + "'s model.json records no readable recipe");
        }
        List<String> files = new ArrayList<>();
        TrainingSettings r = recipe.get();
        for (String file :
                new String[] {r.trainSource(), r.trainTarget(), r.validSource(), r.validTarget()}) {
            if (file != null) {
                files.add(file);
            }
        }
        for (String file : files) {
            if (!Files.isRegularFile(Path.of(file))) {
                return Optional.of(
                        id()
                                + "'s corpus file "
                                + Path.of(file).getFileName()
                                + " is not there any more");
            }
        }
        return Optional.empty();
    }

    /** SHA-256 of the parameter file, hex: which parameters the run started from. */
    String parametersSha256() throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(parameters())) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
