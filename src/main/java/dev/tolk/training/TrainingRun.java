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
import java.util.List;
import java.util.Optional;

/**
 * One training run from corpus to model directory, in steps:
 *
 * <ol>
 *   <li>prepare the data and the vocabulary ({@link DataPreparation});
 *   <li>build the model and optimizer, or restore them and the run's state from the latest
 *       checkpoint ({@link TrainingSetup}, {@link RunCheckpoints});
 *   <li>train until a {@link StopReason} ({@link TrainingSession}, {@link StopPolicy});
 *   <li>choose the final parameters: the best checkpoint or the average of the last ones ({@link
 *       FinalParameters});
 *   <li>score them on the held-out set and the test set ({@link HeldOutScoring}, {@link
 *       TestSetScore});
 *   <li>write {@code parameters.params}, then {@code model.json} ({@link ModelWriter}).
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

    /** What the steps after the data work on. */
    private record Material(
            TransformerConfig config,
            SubwordTokenizer tokenizer,
            DataPreparation.PreparedData data,
            HeldOutScoring scoring) {}

    /** A trained model, and why training stopped. */
    private record Trained(TrainingSetup setup, TrainingSession session, StopReason stop) {}

    private final TrainingSettings settings;
    private final ModelDirectory directory;
    private final RunCheckpoints checkpoints;
    private final DeviceChoice deviceChoice;
    private final ProgressListener listener;

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
     * Runs to the end, or continues the run whose checkpoints are in the model directory.
     *
     * @throws IllegalStateException when the directory already holds a model, or an unfinished run
     *     and {@code resume} is false, or nothing to resume
     */
    public Result run(boolean resume) throws IOException {
        EngineInfo engine = EngineInfo.load(deviceChoice);
        GradMode.disableOnThisThread();
        // Decoding streams set their own counts; training uses the machine.
        IntraOpThreads.setOnThisThread(IntraOpThreads.machineDefault());
        checkpoints.checkStart(resume);
        boolean trainFurther = directory.isComplete();
        Files.createDirectories(directory.path());
        var preparation = new DataPreparation(settings, directory, listener);
        try (SubwordTokenizer tokenizer = preparation.vocabulary(resume)) {
            DataPreparation.PreparedData data = preparation.prepare(tokenizer);
            listener.onCorpusReport(data.report());
            ProcessMemory.releaseUnusedHeap(); // before training takes its native memory
            if (listener.stopRequested()) {
                throw new TrainingCancelledException(0);
            }
            TransformerConfig config =
                    settings.modelConfig(tokenizer.vocabSize(), tokenizer.padId());
            var material =
                    new Material(
                            config, tokenizer, data, new HeldOutScoring(config, tokenizer, data));
            Optional<Path> checkpoint = resume ? checkpoints.latest() : Optional.empty();
            try (TrainingSetup setup =
                    TrainingSetup.open(
                            config,
                            engine.device(),
                            TrainingSetup.Optimization.of(settings, config),
                            checkpoint.map(p -> p.resolve(ParameterFile.NAME)).orElse(null))) {
                RunState state = initialState(setup, checkpoint, trainFurther);
                TrainingSession session = session(setup, material, state);
                if (trainFurther) {
                    refuseIfFinished(session);
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
        try (NDManager manager = parent.newSubManager()) {
            TransformerModel model = scoring.load(parameters.staged(), manager);
            heldOut = scoring.both(model, manager, settings.finalSearch());
            if (settings.testSource() != null) {
                test = scoreTest(new Translator(model, material.tokenizer()), manager);
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
                        trained.stop());
        ModelManifest manifest =
                new ModelWriter(settings, directory, material.config(), engine)
                        .write(outcome, material.data().report());
        return new Result(manifest, steps, trained.stop(), heldOut, test);
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
