package dev.tolk.training;

import ai.djl.ndarray.NDManager;
import dev.tolk.data.SentencePair;
import dev.tolk.data.TokenBatcher;
import dev.tolk.decode.DecodeStreams;
import dev.tolk.decode.Translator;
import dev.tolk.metrics.Scores;
import dev.tolk.model.TransformerConfig;
import dev.tolk.model.TransformerModel;
import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ModelManifest;
import dev.tolk.modelstore.ParameterFile;
import dev.tolk.runtime.DeviceChoice;
import dev.tolk.runtime.EngineInfo;
import dev.tolk.runtime.GradMode;
import dev.tolk.runtime.IntraOpThreads;
import dev.tolk.runtime.ProcessMemory;
import dev.tolk.text.SubwordTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One training run from corpus to model directory, in steps:
 *
 * <ol>
 *   <li>prepare the data and the vocabulary ({@link DataPreparation}); a fine-tuning run ({@link
 *       TrainingSettings#baseModel}) takes the base model's vocabulary and architecture instead;
 *   <li>build the model and optimizer, or restore them and the run's state from the latest
 *       checkpoint ({@link TrainingSetup}, {@link RunCheckpoints}); a fine-tuning run starts from
 *       the base's parameters and evaluates them before its first update;
 *   <li>train until a {@link StopReason} ({@link TrainingSession}, {@link StopPolicy});
 *   <li>choose the final parameters: the best checkpoint or the average of the last ones ({@link
 *       FinalParameters});
 *   <li>score them on the held-out set and the test set ({@link HeldOutScoring}, {@link
 *       TestSetScore}); a fine-tuning run also beside the base model ({@code BaseComparison});
 *   <li>write {@code parameters.params}, then {@code model.json} with the model's lineage ({@link
 *       ModelWriter}).
 * </ol>
 */
public final class TrainingRun {

    private static final int DECODE_BATCH = 64;

    /**
     * What the run produced.
     *
     * @param stop why training stopped
     * @param heldOut the final parameters' held-out scores
     * @param test their test scores, or null without a test set
     */
    public record Result(
            ModelManifest manifest, int steps, StopReason stop, Scores heldOut, Scores test) {

        /** Why training stopped, as {@code model.json} and job records say it. */
        public String stopReason() {
            return stop.describe();
        }
    }

    /** What the steps after the data work on; {@code base} is null when trained from scratch. */
    private record Material(
            TransformerConfig config,
            SubwordTokenizer tokenizer,
            DataPreparation.PreparedData data,
            HeldOutScoring scoring,
            BaseModel base) {}

    /** A trained model, and why training stopped. */
    private record Trained(TrainingSetup setup, TrainingSession session, StopReason stop) {}

    private final TrainingSettings settings;
    private final ModelDirectory directory;
    private final RunCheckpoints checkpoints;
    private final DeviceChoice deviceChoice;
    private final ProgressListener listener;
    private String dataset;

    public TrainingRun(
            TrainingSettings settings,
            Path modelDir,
            DeviceChoice deviceChoice,
            ProgressListener listener) {
        this.settings = settings;
        this.directory = new ModelDirectory(modelDir);
        this.checkpoints = new RunCheckpoints(directory, settings.averageLast());
        this.deviceChoice = deviceChoice;
        this.listener = listener;
    }

    /**
     * Names the dataset the corpus files came from (an uploaded dataset's id), for the model's
     * lineage.
     */
    public TrainingRun withDataset(String id) {
        this.dataset = id;
        return this;
    }

    /**
     * Runs to the end, or continues the run whose checkpoints are in the model directory.
     *
     * @throws IllegalStateException when the directory already holds a model, or an unfinished run
     *     and {@code resume} is false, or nothing to resume
     * @throws InvalidSettingsException when the base model to fine-tune is missing or translates
     *     another pair
     */
    public Result run(boolean resume) throws IOException {
        EngineInfo engine = EngineInfo.load(deviceChoice);
        GradMode.disableOnThisThread();
        // Decoding streams set their own counts; training uses the machine.
        IntraOpThreads.setOnThisThread(IntraOpThreads.machineDefault());
        checkpoints.checkStart(resume);
        BaseModel base = baseModel();
        boolean trainFurther = directory.isComplete();
        Files.createDirectories(directory.path());
        var preparation = new DataPreparation(settings, directory, listener, base);
        try (SubwordTokenizer tokenizer = preparation.vocabulary(resume)) {
            Material material = material(preparation, tokenizer, base);
            TransformerConfig config = material.config();
            Optional<Path> checkpoint = resume ? checkpoints.latest() : Optional.empty();
            Path start =
                    checkpoint.isPresent()
                            ? checkpoint.get().resolve(ParameterFile.NAME)
                            : base != null ? base.parameters() : null;
            try (TrainingSetup setup =
                    TrainingSetup.open(
                            config,
                            engine.device(),
                            TrainingSetup.Optimization.of(settings, config),
                            start)) {
                RunState state = initialState(setup, checkpoint, trainFurther);
                TrainingSession session = session(setup, material, state);
                if (trainFurther) {
                    refuseIfFinished(session);
                }
                if (base != null && checkpoint.isEmpty()) {
                    session.evaluateStart();
                }
                // A run that died after its last update (while choosing, scoring or writing the
                // model) resumes straight to the end: another update would change the model.
                Optional<StopReason> finished =
                        checkpoint.isPresent() && !trainFurther
                                ? session.finished()
                                : Optional.empty();
                StopReason stop = finished.isPresent() ? finished.get() : session.train();
                listener.onMessage("stopped: " + stop.describe());
                return finish(new Trained(setup, session, stop), material, engine);
            }
        }
    }

    /** The model a fine-tuning run starts from, its languages checked; null from scratch. */
    private BaseModel baseModel() {
        if (settings.baseModel() == null) {
            return null;
        }
        BaseModel base = BaseModel.read(settings.baseModel());
        base.checkLanguages(settings.sourceLang(), settings.targetLang());
        return base;
    }

    /** Step 1's data for the model of the run (the base's architecture when fine-tuning). */
    private Material material(
            DataPreparation preparation, SubwordTokenizer tokenizer, BaseModel base)
            throws IOException {
        TransformerConfig config =
                base != null
                        ? base.config(settings.dropout())
                        : settings.modelConfig(tokenizer.vocabSize(), tokenizer.padId());
        DataPreparation.PreparedData data = preparation.prepare(tokenizer, config);
        listener.onCorpusReport(data.report());
        ProcessMemory.releaseUnusedHeap(); // before training takes its native memory
        if (listener.stopRequested()) {
            throw new TrainingCancelledException(0);
        }
        return new Material(
                config, tokenizer, data, new HeldOutScoring(config, tokenizer, data), base);
    }

    /** The run's state: initial, or restored with the optimizer from the checkpoint. */
    private RunState initialState(
            TrainingSetup setup, Optional<Path> checkpoint, boolean trainFurther)
            throws IOException {
        if (checkpoint.isEmpty()) {
            return RunState.initial();
        }
        RunState state =
                checkpoints.restore(
                        checkpoint.get(), setup.adam(), setup.trainer().getModel().getNDManager());
        if (state.coolDownFrom() != null && trainFurther) {
            // A finished run that cooled down early trains further, its patience counted afresh,
            // under its budget's own schedule.
            state = state.withCoolDownFrom(null);
        } else if (state.coolDownFrom() != null) {
            setup.schedule().startAt(state.coolDownFrom());
        }
        listener.onMessage("resumed at step " + state.step() + " epoch " + state.epoch());
        return state;
    }

    private TrainingSession session(TrainingSetup setup, Material material, RunState state) {
        SubwordTokenizer tokenizer = material.tokenizer();
        return new TrainingSession(
                settings,
                directory,
                listener,
                setup,
                checkpoints,
                material.data(),
                new TokenBatcher(settings.batchTokens(), tokenizer.padId(), tokenizer.bosId()),
                new HeldOutEvaluation(
                        settings, setup, tokenizer, material.data(), material.scoring()),
                state);
    }

    /** A finished run resumed under the same limits has nothing to do: said so, model untouched. */
    private void refuseIfFinished(TrainingSession session) {
        Optional<StopReason> stopped = session.finished();
        if (stopped.isPresent()) {
            throw new IllegalStateException(
                    directory.path()
                            + " already finished ("
                            + stopped.get().describe()
                            + "): raise that limit to train it further");
        }
    }

    /** Steps 4 to 6: final parameters, their scores, the model directory. */
    private Result finish(Trained trained, Material material, EngineInfo engine)
            throws IOException {
        NDManager parent = trained.setup().trainer().getManager();
        HeldOutScoring scoring = material.scoring();
        FinalParameters.Choice parameters =
                new FinalParameters(
                                settings,
                                directory,
                                checkpoints,
                                material.config(),
                                scoring,
                                parent)
                        .choose(trained.setup().block(), trained.session().state().bestStep());
        Scores heldOut;
        Scores test = null;
        Map<String, Object> versusBase = null;
        try (NDManager manager = parent.newSubManager()) {
            TransformerModel model = scoring.load(parameters.staged(), manager);
            heldOut = scoring.both(model, manager, settings.finalSearch());
            if (settings.testSource() != null) {
                test = scoreTest(new Translator(model, material.tokenizer()), manager);
            }
            if (material.base() != null) {
                versusBase =
                        new BaseComparison(
                                        settings,
                                        material.base(),
                                        material.config(),
                                        material.tokenizer(),
                                        scoring,
                                        listener)
                                .compare(model, heldOut, manager);
            }
        }
        int steps = trained.setup().adam().step();
        var outcome =
                new ModelWriter.Outcome(
                        parameters,
                        heldOut,
                        test,
                        steps,
                        trained.session().wallSeconds(),
                        trained.stop(),
                        versusBase);
        ModelManifest manifest =
                new ModelWriter(settings, directory, material.config(), engine)
                        .write(outcome, material.data().report(), lineage(material));
        return new Result(manifest, steps, trained.stop(), heldOut, test);
    }

    /**
     * {@code model.json}'s {@code lineage}: from scratch or fine-tuned from which model (its id,
     * directory, parameters' SHA-256 and own lineage), and the corpora trained on. The settings
     * themselves are {@code model.json}'s {@code recipe}.
     */
    private Map<String, Object> lineage(Material material) throws IOException {
        Map<String, Object> lineage = new LinkedHashMap<>();
        BaseModel base = material.base();
        lineage.put("recipe", base == null ? "from scratch" : "fine-tuning");
        if (base != null) {
            lineage.put("baseModel", base.id());
            lineage.put("baseDirectory", base.directory().toAbsolutePath().toString());
            lineage.put("baseParametersSha256", base.parametersSha256());
            if (base.manifest().lineage() != null) {
                lineage.put("baseLineage", base.manifest().lineage());
            }
        }
        List<Map<String, Object>> datasets = new ArrayList<>();
        Map<String, Object> corpus = new LinkedHashMap<>();
        if (dataset != null) {
            corpus.put("dataset", dataset);
        }
        corpus.put("trainSource", settings.trainSource());
        corpus.put("trainTarget", settings.trainTarget());
        corpus.put("validSource", settings.validSource());
        corpus.put("validTarget", settings.validTarget());
        datasets.add(corpus);
        if (material.data().report().get("mixedFromBase") instanceof Map<?, ?> mixed) {
            Map<String, Object> fromBase = new LinkedHashMap<>();
            mixed.forEach((k, v) -> fromBase.put(String.valueOf(k), v));
            datasets.add(fromBase);
        }
        lineage.put("datasets", datasets);
        return lineage;
    }

    /** The test set translated with the final search and scored, as {@code evaluate} does. */
    private Scores scoreTest(Translator translator, NDManager manager) throws IOException {
        List<SentencePair> pairs = new DataPreparation(settings, directory, listener).testPairs();
        try (DecodeStreams streams = DecodeStreams.forDevice(manager.getDevice())) {
            return TestSetScore.of(
                            translator,
                            DataPreparation.sources(pairs),
                            DataPreparation.targets(pairs),
                            settings.finalSearch(),
                            DECODE_BATCH,
                            manager,
                            streams)
                    .scores();
        }
    }
}
