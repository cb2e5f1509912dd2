package dev.tolk.modelstore;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.tolk.decode.Translator;
import dev.tolk.model.StepWeights;
import dev.tolk.model.TransformerModel;
import dev.tolk.text.SubwordTokenizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A complete model directory loaded for translation: its manifest, tokenizer, and the Transformer
 * with its parameters on a device. Owns its arrays and the tokenizer; close it to free them. The
 * model holds no per-call state, so one instance serves concurrent callers.
 */
public final class LoadedModel implements AutoCloseable {

    private final ModelDirectory directory;
    private final ModelManifest manifest;
    private final SubwordTokenizer tokenizer;
    private final TransformerModel model;
    private final NDManager manager;
    private final StepWeights stepWeights;

    private LoadedModel(
            ModelDirectory directory,
            ModelManifest manifest,
            SubwordTokenizer tokenizer,
            TransformerModel model,
            NDManager manager,
            StepWeights stepWeights) {
        this.directory = directory;
        this.manifest = manifest;
        this.tokenizer = tokenizer;
        this.model = model;
        this.manager = manager;
        this.stepWeights = stepWeights;
    }

    /** A translator of this model, sharing its step layout of the weights. */
    public Translator translator() {
        return new Translator(model, tokenizer, stepWeights);
    }

    /**
     * Loads the model in {@code dir} onto {@code device}.
     *
     * @throws IncompatibleModelException when the directory is not a complete, readable model
     */
    public static LoadedModel load(Path dir, Device device) throws IOException {
        ModelDirectory directory = new ModelDirectory(dir);
        ModelManifest manifest = directory.readManifest();
        SubwordTokenizer tokenizer = SubwordTokenizer.load(directory.resolve(manifest.tokenizer()));
        NDManager manager = NDManager.newBaseManager(device);
        try {
            if (tokenizer.vocabSize() != manifest.config().vocabSize()) {
                throw new IncompatibleModelException(
                        dir,
                        "the tokenizer has "
                                + tokenizer.vocabSize()
                                + " tokens but the model "
                                + manifest.config().vocabSize());
            }
            TransformerModel model = new TransformerModel(manifest.config());
            ParameterFile.load(model, directory.resolve(manifest.parameters()), manager);
            // The parameters never change after loading: every call shares one step layout.
            StepWeights stepWeights =
                    StepWeights.of(model, new ParameterStore(manager, false), manager);
            return new LoadedModel(directory, manifest, tokenizer, model, manager, stepWeights);
        } catch (IOException | RuntimeException e) {
            manager.close();
            tokenizer.close();
            throw e;
        }
    }

    public ModelDirectory directory() {
        return directory;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public SubwordTokenizer tokenizer() {
        return tokenizer;
    }

    public TransformerModel model() {
        return model;
    }

    /** The decoder's weights laid out for decoding steps (null on a GPU), shared by all calls. */
    public StepWeights stepWeights() {
        return stepWeights;
    }

    /** The manager the parameters live in; calls make sub-managers of it. */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        if (stepWeights != null) {
            stepWeights.close();
        }
        manager.close();
        tokenizer.close();
    }
}
