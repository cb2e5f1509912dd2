package dev.tolk.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import dev.tolk.TolkVersion;
import dev.tolk.data.CleaningOptions;
import dev.tolk.data.CorpusFiles;
import dev.tolk.data.CorpusPass;
import dev.tolk.data.HeldOutSplit;
import dev.tolk.data.SentencePair;
import dev.tolk.data.TokenBatch;
import dev.tolk.data.TokenBatcher;
import dev.tolk.decode.BatchDecoder;
import dev.tolk.decode.DecodeStreams;
import dev.tolk.decode.Hypothesis;
import dev.tolk.decode.SearchSettings;
import dev.tolk.io.AtomicFiles;
import dev.tolk.metrics.Evaluation;
import dev.tolk.model.TransformerConfig;
import dev.tolk.model.TransformerModel;
import dev.tolk.modelstore.Checkpoints;
import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ModelManifest;
import dev.tolk.modelstore.ParameterFile;
import dev.tolk.runtime.DeviceChoice;
import dev.tolk.runtime.EngineInfo;
import dev.tolk.runtime.GradMode;
import dev.tolk.runtime.IntraOpThreads;
import dev.tolk.runtime.ProcessMemory;
import dev.tolk.text.BpeLearner;
import dev.tolk.text.SubwordTokenizer;
import dev.tolk.text.TokenizerJson;
import dev.tolk.text.WordCounts;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * One training run from corpus to model directory, numbered as it runs:
 *
 * <ol>
 *   <li>read and clean the corpus, hold out the validation set or a seeded split;
 *   <li>learn the joint vocabulary (or reuse the run's own on resume) and encode;
 *   <li>build the model from the preset, or restore it and the optimizer from the latest
 *       checkpoint;
 *   <li>train by token-budget batches, evaluating (held-out loss, greedy BLEU and chrF) every epoch
 *       or every N steps, checkpointing at each evaluation, stopping on epochs, steps, minutes or
 *       patience (with a cool-down, patience run out starts the cool-down at once and the run stops
 *       when it ends);
 *   <li>keep the best parameters, or average the last N checkpoints; score held-out and test sets;
 *       write {@code parameters.params}, then {@code model.json}.
 * </ol>
 */
public final class TrainingRun {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int DECODE_BATCH = 64;

    /** What the run produced. */
    public record Result(
            ModelManifest manifest,
            Evaluation.Result heldOut,
            Evaluation.Result test,
            int steps,
            String stopReason,
            Evaluation.Result heldOutLowercased,
            Evaluation.Result testLowercased) {}

    private final TrainingSettings settings;
    private final ModelDirectory directory;
    private final DeviceChoice deviceChoice;
    private final ProgressListener listener;

    public TrainingRun(
            TrainingSettings settings,
            Path modelDir,
            DeviceChoice deviceChoice,
            ProgressListener listener) {
        this.settings = settings;
        this.directory = new ModelDirectory(modelDir);
        this.deviceChoice = deviceChoice;
        this.listener = listener;
    }

    /** Prepared text and ids. */
    private record Data(
            List<SentencePair> heldOutPairs,
            List<int[]> trainSources,
            List<int[]> trainTargets,
            List<int[]> heldOutSources,
            List<int[]> heldOutTargets,
            Map<String, Object> report) {}

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
        Checkpoints checkpoints = new Checkpoints(directory);
        checkStart(resume, checkpoints);
        boolean trainFurther = directory.isComplete();
        Files.createDirectories(directory.path());
        try (SubwordTokenizer tokenizer = vocabulary(resume)) {
            Data data = prepare(tokenizer);
            listener.onCorpusReport(data.report());
            if (listener.stopRequested()) {
                throw new TrainingCancelledException(0);
            }
            TransformerConfig config =
                    settings.modelConfig(tokenizer.vocabSize(), tokenizer.padId());
            Engine.getInstance().setRandomSeed((int) (long) settings.seed());
            try (Model model = Model.newInstance("tolk", engine.device())) {
                TransformerModel block = new TransformerModel(config);
                model.setBlock(block);
                Optional<Path> checkpoint = resume ? checkpoints.latest() : Optional.empty();
                if (checkpoint.isPresent()) {
                    ParameterFile.load(
                            block,
                            checkpoint.get().resolve(ParameterFile.NAME),
                            model.getNDManager());
                }
                var schedule =
                        new CoolDownSchedule(
                                new InverseSqrtSchedule(
                                        settings.peakLearningRate(config.modelDim()),
                                        settings.warmupSteps()),
                                settings.coolDown());
                try (CheckpointableAdam adam =
                                new CheckpointableAdam(schedule, 0.9f, 0.98f, 1e-9f);
                        Trainer trainer =
                                model.newTrainer(
                                        new DefaultTrainingConfig(
                                                new LabelSmoothedCrossEntropy(
                                                        settings.labelSmoothing(),
                                                        config.padId())))) {
                    trainer.initialize(new Shape(1, 1), new Shape(1, 1));
                    RunState state = RunState.initial();
                    if (checkpoint.isPresent()) {
                        state = restore(checkpoint.get(), adam, model.getNDManager());
                        if (state.coolDownFrom() != null && trainFurther) {
                            // A finished run that cooled down early trains further, its patience
                            // counted afresh, under its budget's own schedule.
                            state = state.withCoolDownFrom(null);
                        } else if (state.coolDownFrom() != null) {
                            schedule.startAt(state.coolDownFrom());
                        }
                        listener.onMessage(
                                "resumed at step " + state.step() + " epoch " + state.epoch());
                    }
                    var loop =
                            new TrainingLoop(
                                    trainer,
                                    adam,
                                    settings.labelSmoothing(),
                                    settings.clipNorm(),
                                    settings.seed(),
                                    config.padId());
                    Session session =
                            new Session(
                                    block,
                                    trainer,
                                    loop,
                                    adam,
                                    tokenizer,
                                    data,
                                    checkpoints,
                                    schedule,
                                    state);
                    String stopped = trainFurther ? session.stopReason() : null;
                    if (stopped != null) {
                        throw new IllegalStateException(
                                directory.path()
                                        + " already finished ("
                                        + stopped
                                        + "): raise that limit to train it further");
                    }
                    String stopReason = session.train();
                    return finish(session, config, engine, data, stopReason);
                }
            }
        }
    }

    private void checkStart(boolean resume, Checkpoints checkpoints) throws IOException {
        boolean started = checkpoints.latest().isPresent();
        // A finished run goes on with --resume (under a higher limit), as fairseq's training does
        // from its last checkpoint; its model stays in place until the new one replaces it.
        if (directory.isComplete() && !(resume && started)) {
            throw new IllegalStateException(
                    directory.path()
                            + " already holds a finished model: train it further with --resume and"
                            + " a higher limit, choose another output directory, or delete it");
        }
        if (resume && !started) {
            throw new IllegalStateException(
                    directory.path() + " has no checkpoint to resume from: start without --resume");
        }
        if (!resume && started) {
            throw new IllegalStateException(
                    directory.path()
                            + " holds an unfinished run: continue it with --resume, or"
                            + " choose another output directory");
        }
    }

    /** Step 2a: the run's own vocabulary, learned now or read back on resume. */
    private SubwordTokenizer vocabulary(boolean resume) throws IOException {
        Path file = directory.resolve(ModelDirectory.TOKENIZER);
        if (!(resume && Files.isRegularFile(file))) {
            WordCounts counts = new WordCounts();
            CorpusPass.run(
                    trainingCorpus(),
                    validationCorpus(),
                    split(),
                    CleaningOptions.DEFAULTS,
                    pair -> {
                        counts.addNormalized(pair.source());
                        counts.addNormalized(pair.target());
                    },
                    pair -> {});
            TokenizerJson.write(new BpeLearner(settings.vocabSize()).learn(counts), file);
            listener.onMessage("vocabulary of " + settings.vocabSize() + " learned");
        }
        return SubwordTokenizer.load(file);
    }

    /** Steps 1 and 2b: clean, split and encode. */
    private Data prepare(SubwordTokenizer tokenizer) throws IOException {
        List<SentencePair> train = new ArrayList<>();
        List<SentencePair> heldOut = new ArrayList<>();
        CorpusPass.Result pass =
                CorpusPass.run(
                        trainingCorpus(),
                        validationCorpus(),
                        split(),
                        CleaningOptions.DEFAULTS,
                        train::add,
                        heldOut::add);
        int limit = settings.modelConfig(tokenizer.vocabSize(), tokenizer.padId()).maxLength() - 1;
        List<int[]> trainSources = new ArrayList<>();
        List<int[]> trainTargets = new ArrayList<>();
        List<int[]> sources =
                tokenizer.encodeAllWithEnd(train.stream().map(SentencePair::source).toList());
        List<int[]> targets =
                tokenizer.encodeAllWithEnd(train.stream().map(SentencePair::target).toList());
        int tooLong = 0;
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i).length > limit || targets.get(i).length > limit) {
                tooLong++;
            } else {
                trainSources.add(sources.get(i));
                trainTargets.add(targets.get(i));
            }
        }
        List<int[]> heldOutSources =
                clip(
                        tokenizer.encodeAllWithEnd(
                                heldOut.stream().map(SentencePair::source).toList()),
                        limit);
        List<int[]> heldOutTargets =
                clip(
                        tokenizer.encodeAllWithEnd(
                                heldOut.stream().map(SentencePair::target).toList()),
                        limit);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("corpus", pass.corpus());
        report.put("heldOut", pass.heldOut());
        report.put("droppedOverModelLength", tooLong);
        report.put("trainingPairs", trainSources.size());
        listener.onMessage(
                String.format(
                        "data: %d training pairs, %d held out (%s), %d dropped by cleaning, %d over"
                                + " the model's length",
                        trainSources.size(),
                        heldOut.size(),
                        pass.heldOut().origin(),
                        pass.corpus().pairsRead() - pass.corpus().pairsKept(),
                        tooLong));
        return new Data(
                heldOut, trainSources, trainTargets, heldOutSources, heldOutTargets, report);
    }

    /** Held-out sequences are cut to the model's length for loss and search, never dropped. */
    private static List<int[]> clip(List<int[]> sequences, int limit) {
        return sequences.stream()
                .map(s -> s.length <= limit ? s : java.util.Arrays.copyOf(s, limit))
                .toList();
    }

    private CorpusFiles trainingCorpus() {
        return settings.trainTarget() == null
                ? CorpusFiles.detect(List.of(Path.of(settings.trainSource())))
                : CorpusFiles.aligned(
                        Path.of(settings.trainSource()), Path.of(settings.trainTarget()));
    }

    private CorpusFiles validationCorpus() {
        return settings.validSource() == null
                ? null
                : CorpusFiles.aligned(
                        Path.of(settings.validSource()), Path.of(settings.validTarget()));
    }

    private HeldOutSplit split() {
        return new HeldOutSplit(settings.seed(), settings.heldOutFraction());
    }

    /** Step 3 on resume: optimizer and position from the checkpoint. */
    private RunState restore(Path checkpoint, CheckpointableAdam adam, NDManager manager)
            throws IOException {
        try (DataInputStream in =
                new DataInputStream(
                        new BufferedInputStream(
                                Files.newInputStream(checkpoint.resolve(OPTIMIZER))))) {
            adam.load(in, manager);
        }
        RunState state = JSON.readValue(checkpoint.resolve(STATE).toFile(), RunState.class);
        List<String> kept = new ArrayList<>();
        for (String line : directory.readMetricsLines()) {
            if (!line.isBlank() && JSON.readTree(line).path("step").asInt() <= state.step()) {
                kept.add(line);
            }
        }
        directory.rewriteMetrics(kept); // lines of evaluations after the checkpoint are redone
        return state;
    }

    static final String OPTIMIZER = "optimizer.bin";
    static final String STATE = "state.json";

    /** Step 4: the training loop of one session. */
    private final class Session {
        private final TransformerModel block;
        private final Trainer trainer;
        private final TrainingLoop loop;
        private final CheckpointableAdam adam;
        private final SubwordTokenizer tokenizer;
        private final Data data;
        private final Checkpoints checkpoints;
        private final CoolDownSchedule schedule;
        private RunState state;
        private final long sessionStart = System.nanoTime();

        /** Wall time of the sessions before this one (a resumed run's earlier sessions). */
        private final double earlierSessionsSeconds;

        private double windowLoss;
        private long windowTokens;
        private long windowStart = System.nanoTime();
        private double evalLoss;
        private long evalTokens;
        private long evalStart = System.nanoTime();
        private Evaluation.Result lastScores;

        Session(
                TransformerModel block,
                Trainer trainer,
                TrainingLoop loop,
                CheckpointableAdam adam,
                SubwordTokenizer tokenizer,
                Data data,
                Checkpoints checkpoints,
                CoolDownSchedule schedule,
                RunState state) {
            this.block = block;
            this.trainer = trainer;
            this.loop = loop;
            this.adam = adam;
            this.tokenizer = tokenizer;
            this.data = data;
            this.checkpoints = checkpoints;
            this.schedule = schedule;
            this.state = state;
            this.earlierSessionsSeconds = state.wallSeconds();
        }

        double wallSeconds() {
            return earlierSessionsSeconds + (System.nanoTime() - sessionStart) / 1e9;
        }

        String train() throws IOException {
            var batcher =
                    new TokenBatcher(settings.batchTokens(), tokenizer.padId(), tokenizer.bosId());
            int accumulate = settings.accumulate();
            for (int epoch = state.epoch(); epoch <= settings.maxEpochs(); epoch++) {
                List<TokenBatch> batches =
                        batcher.batches(
                                data.trainSources(),
                                data.trainTargets(),
                                settings.seed() * 1000 + epoch);
                int first = epoch == state.epoch() ? state.batchInEpoch() : 0;
                for (int b = first; b < batches.size(); b += accumulate) {
                    schedule.setProgress(
                            fractionDone(adam.step(), epoch - 1 + (double) b / batches.size()));
                    var result =
                            loop.step(batches.subList(b, Math.min(b + accumulate, batches.size())));
                    record(result, epoch, (double) (b + accumulate) / batches.size());
                    int step = adam.step();
                    boolean epochEnd = b + accumulate >= batches.size();
                    double done =
                            fractionDone(
                                    step, epoch - 1 + (double) (b + accumulate) / batches.size());
                    String stop = limitReached(step);
                    if (stop == null) {
                        stop = coolDownDone(done);
                    }
                    boolean evaluate =
                            settings.evalEverySteps() > 0
                                    ? step % settings.evalEverySteps() == 0
                                    : epochEnd;
                    if (evaluate || stop != null) {
                        int nextEpoch = epochEnd ? epoch + 1 : epoch;
                        int nextBatch = epochEnd ? 0 : b + accumulate;
                        String patienceStop =
                                evaluateAndCheckpoint(step, epoch, nextEpoch, nextBatch, done);
                        if (stop == null) {
                            stop = patienceStop;
                        }
                    }
                    if (stop != null) {
                        return stop;
                    }
                    if (listener.stopRequested()) {
                        if (!evaluate) {
                            checkpointOnly(
                                    step,
                                    epochEnd ? epoch + 1 : epoch,
                                    epochEnd ? 0 : b + accumulate);
                        }
                        throw new TrainingCancelledException(step);
                    }
                }
            }
            return "maxEpochs " + settings.maxEpochs() + " reached";
        }

        /** Why the run would stop before its next step, or null: for a finished run resumed. */
        String stopReason() {
            String limit = limitReached(state.step());
            if (limit != null) {
                return limit;
            }
            if (state.epoch() > settings.maxEpochs()) {
                return "maxEpochs " + settings.maxEpochs() + " reached";
            }
            return patienceRunOut(); // a finished run's early cool-down is not kept (see run)
        }

        /**
         * The early-stopping reason once {@code patience} evaluations brought no better BLEU, for a
         * run without a cool-down; with one, patience starts the cool-down instead (see {@link
         * #onPatienceRunOut}).
         */
        private String patienceRunOut() {
            return settings.coolDown() == 0 && state.evaluationsSinceBest() >= settings.patience()
                    ? "no better held-out BLEU in " + settings.patience() + " evaluations"
                    : null;
        }

        /**
         * With a cool-down and patience run out before it began: the cool-down begins now, over the
         * same share of the budget, and is saved in the run's state so a resumed run keeps it.
         */
        private void onPatienceRunOut(double progress) {
            if (settings.coolDown() > 0
                    && state.coolDownFrom() == null
                    && state.evaluationsSinceBest() >= settings.patience()
                    && progress < 1 - settings.coolDown()) {
                schedule.startAt(progress);
                state = state.withCoolDownFrom(progress);
                listener.onMessage(
                        "no better held-out BLEU in "
                                + settings.patience()
                                + " evaluations: the learning rate cools down to zero from now,"
                                + " over "
                                + Math.round(100 * settings.coolDown())
                                + "% of the budget");
            }
        }

        /** The stop reason once a cool-down started early by patience has ended, or null. */
        private String coolDownDone(double progress) {
            if (state.coolDownFrom() == null || progress < schedule.end() - 1e-9) {
                return null;
            }
            return "cooled down after no better held-out BLEU in "
                    + settings.patience()
                    + " evaluations";
        }

        private String limitReached(int step) {
            if (settings.maxSteps() != null && step >= settings.maxSteps()) {
                return "maxSteps " + settings.maxSteps() + " reached";
            }
            if (settings.maxMinutes() != null && wallSeconds() >= settings.maxMinutes() * 60) {
                return "maxMinutes " + settings.maxMinutes() + " reached";
            }
            return null;
        }

        private void record(TrainingLoop.StepResult result, int epoch, double epochFraction) {
            windowLoss += result.lossSum();
            windowTokens += result.targetTokens();
            evalLoss += result.lossSum();
            evalTokens += result.targetTokens();
            int step = adam.step();
            if (step % settings.logEverySteps() != 0) {
                return;
            }
            double seconds = (System.nanoTime() - windowStart) / 1e9;
            double done = fractionDone(step, epoch - 1 + Math.min(1.0, epochFraction));
            if (state.coolDownFrom() != null) {
                done = Math.min(1.0, done / schedule.end()); // the run ends with its cool-down
            }
            double elapsed = wallSeconds();
            long eta = done > 0 ? (long) (elapsed * (1 - done) / done) : -1;
            listener.onProgress(
                    new ProgressListener.Progress(
                            step,
                            epoch,
                            windowLoss / Math.max(1, windowTokens),
                            result.learningRate(),
                            windowTokens / seconds,
                            100 * done,
                            eta));
            windowLoss = 0;
            windowTokens = 0;
            windowStart = System.nanoTime();
        }

        /** The share of the run done, by whichever limit is nearest. */
        private double fractionDone(int step, double epochs) {
            double done = epochs / settings.maxEpochs();
            if (settings.maxSteps() != null) {
                done = Math.max(done, (double) step / settings.maxSteps());
            }
            if (settings.maxMinutes() != null) {
                done = Math.max(done, wallSeconds() / (settings.maxMinutes() * 60));
            }
            return Math.min(1.0, done);
        }

        /** Evaluates, writes a checkpoint and the metrics line; returns a stop reason or null. */
        private String evaluateAndCheckpoint(
                int step, int epoch, int nextEpoch, int nextBatch, double done) throws IOException {
            double heldOutLoss = loop.heldOutLoss(heldOutBatches());
            lastScores = score(block);
            double bleu = lastScores.bleu().score();
            boolean better = bleu > state.bestBleu();
            if (better) {
                ParameterFile.save(block, directory.resolve(BEST));
            }
            double seconds = (System.nanoTime() - evalStart) / 1e9;
            var record =
                    new EvaluationRecord(
                            step,
                            epoch,
                            evalLoss / Math.max(1, evalTokens),
                            heldOutLoss,
                            lastScores.bleu().rounded(),
                            lastScores.chrf().rounded(),
                            lastScores.bleu().signature(),
                            lastScores.chrf().signature(),
                            evalTokens / seconds,
                            wallSeconds(),
                            ProcessMemory.residentMib());
            state =
                    new RunState(
                            step,
                            nextEpoch,
                            nextBatch,
                            better ? bleu : state.bestBleu(),
                            better ? step : state.bestStep(),
                            better ? 0 : state.evaluationsSinceBest() + 1,
                            wallSeconds(),
                            state.coolDownFrom());
            onPatienceRunOut(done);
            writeCheckpoint(step);
            directory.appendMetrics(record);
            listener.onEvaluation(record);
            evalLoss = 0;
            evalTokens = 0;
            evalStart = System.nanoTime();
            return patienceRunOut();
        }

        /** A checkpoint without an evaluation, for a run stopped on request. */
        private void checkpointOnly(int step, int nextEpoch, int nextBatch) throws IOException {
            state =
                    new RunState(
                            step,
                            nextEpoch,
                            nextBatch,
                            state.bestBleu(),
                            state.bestStep(),
                            state.evaluationsSinceBest(),
                            wallSeconds(),
                            state.coolDownFrom());
            writeCheckpoint(step);
        }

        private void writeCheckpoint(int step) throws IOException {
            Path dir = checkpoints.directoryFor(step);
            ParameterFile.save(block, dir.resolve(ParameterFile.NAME));
            AtomicFiles.write(
                    dir.resolve(OPTIMIZER),
                    out -> {
                        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
                        adam.save(data);
                        data.flush();
                    });
            byte[] json = JSON.writeValueAsBytes(state);
            AtomicFiles.write(dir.resolve(STATE), out -> out.write(json));
            checkpoints.commit(step);
            checkpoints.prune(Math.max(1, settings.averageLast()));
        }

        private List<TokenBatch> heldOutBatches() {
            return new TokenBatcher(settings.batchTokens(), tokenizer.padId(), tokenizer.bosId())
                    .batches(data.heldOutSources(), data.heldOutTargets(), 0);
        }

        Evaluation.Result score(TransformerModel model) {
            return TrainingRun.this.score(
                    model,
                    trainer.getManager(),
                    tokenizer,
                    data.heldOutSources(),
                    data.heldOutPairs().stream().map(SentencePair::target).toList(),
                    settings.search());
        }
    }

    static final String BEST = "best.params";
    static final String AVERAGED = "averaged.params";

    /** Held-out BLEU of a parameter file, decoded as the final scores are. */
    private double heldOutBleu(Session session, TransformerConfig config, Data data, Path file)
            throws IOException {
        try (NDManager manager = session.trainer.getManager().newSubManager()) {
            TransformerModel model = new TransformerModel(config);
            ParameterFile.load(model, file, manager);
            return score(
                            model,
                            manager,
                            session.tokenizer,
                            data.heldOutSources(),
                            data.heldOutPairs().stream().map(SentencePair::target).toList(),
                            settings.finalSearch())
                    .bleu()
                    .score();
        }
    }

    /** Decodes {@code sources} with {@code search} and scores them (sacreBLEU's defaults). */
    private Evaluation.Result score(
            TransformerModel model,
            NDManager parent,
            SubwordTokenizer tokenizer,
            List<int[]> sources,
            List<String> references,
            SearchSettings search) {
        return scoreBoth(model, parent, tokenizer, sources, references, search)[0];
    }

    /**
     * Decodes {@code sources} with {@code search} and scores them twice: sacreBLEU's defaults
     * (cased), then lowercased (the literature's flavour, approximately).
     */
    private Evaluation.Result[] scoreBoth(
            TransformerModel model,
            NDManager parent,
            SubwordTokenizer tokenizer,
            List<int[]> sources,
            List<String> references,
            SearchSettings search) {
        var decoder =
                new BatchDecoder(model, search, DECODE_BATCH, tokenizer.bosId(), tokenizer.eosId());
        List<List<Hypothesis>> outputs;
        try (DecodeStreams streams = DecodeStreams.forDevice(parent.getDevice())) {
            outputs = decoder.decode(sources, parent, streams);
        }
        List<String> hypotheses = new ArrayList<>(sources.size());
        for (List<Hypothesis> output : outputs) {
            hypotheses.add(tokenizer.decode(output.get(0).tokens()));
        }
        return new Evaluation.Result[] {
            Evaluation.score(hypotheses, List.of(references), Evaluation.Options.DEFAULTS),
            Evaluation.score(
                    hypotheses,
                    List.of(references),
                    Evaluation.Options.DEFAULTS.withLowercase(true))
        };
    }

    /** Step 5: final parameters, final scores, model.json. */
    private Result finish(
            Session session,
            TransformerConfig config,
            EngineInfo engine,
            Data data,
            String stopReason)
            throws IOException {
        listener.onMessage("stopped: " + stopReason);
        Path parameters = directory.resolve(ModelDirectory.PARAMETERS);
        Path staged = directory.resolve(ModelDirectory.PARAMETERS + ".final");
        String source;
        Path best = directory.resolve(BEST);
        String bestSource = "best held-out BLEU (step " + session.state.bestStep() + ")";
        if (settings.averageLast() > 0) {
            List<Path> last = new Checkpoints(directory).all();
            last = last.subList(Math.max(0, last.size() - settings.averageLast()), last.size());
            Path averaged = directory.resolve(AVERAGED);
            CheckpointAveraging.average(
                    config,
                    last.stream().map(p -> p.resolve(ParameterFile.NAME)).toList(),
                    averaged);
            source = "average of the last " + last.size() + " checkpoints";
            Path chosen = averaged;
            if (last.size() > 1 && Files.isRegularFile(best)) {
                // Averaging helps once training has settled; early in a run the best single
                // checkpoint can still be better. Keep whichever scores higher on held-out data.
                double averagedBleu = heldOutBleu(session, config, data, averaged);
                double bestBleu = heldOutBleu(session, config, data, best);
                if (bestBleu > averagedBleu) {
                    chosen = best;
                    source =
                            String.format(
                                    java.util.Locale.ROOT,
                                    "%s: BLEU %.2f beat the average of the last %d checkpoints"
                                            + " (%.2f) on held-out data",
                                    bestSource,
                                    bestBleu,
                                    last.size(),
                                    averagedBleu);
                } else {
                    source +=
                            String.format(
                                    java.util.Locale.ROOT,
                                    ": held-out BLEU %.2f, the best single checkpoint's %.2f",
                                    averagedBleu,
                                    bestBleu);
                }
            }
            Path from = chosen;
            AtomicFiles.write(staged, out -> Files.copy(from, out));
            Files.deleteIfExists(averaged);
        } else if (Files.isRegularFile(best)) {
            AtomicFiles.write(staged, out -> Files.copy(best, out));
            source = bestSource;
        } else {
            ParameterFile.save(session.block, staged);
            source = "last step";
        }
        Evaluation.Result[] heldOut;
        Evaluation.Result[] test = null;
        try (NDManager manager = session.trainer.getManager().newSubManager()) {
            TransformerModel finalModel = new TransformerModel(config);
            ParameterFile.load(finalModel, staged, manager);
            heldOut =
                    scoreBoth(
                            finalModel,
                            manager,
                            session.tokenizer,
                            data.heldOutSources(),
                            data.heldOutPairs().stream().map(SentencePair::target).toList(),
                            settings.finalSearch());
            if (settings.testSource() != null) {
                test = scoreTest(finalModel, manager, session.tokenizer, config);
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("parameters", source);
        metrics.put("search", settings.finalSearch().describe());
        metrics.put("heldOut", heldOut[0].toJson());
        metrics.put("heldOutLowercased", heldOut[1].toJson());
        if (test != null) {
            metrics.put("test", test[0].toJson());
            metrics.put("testLowercased", test[1].toJson());
        }
        metrics.put("steps", session.adam.step());
        metrics.put("trainingSeconds", session.wallSeconds());
        metrics.put("stopReason", stopReason);
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
                        JSON.valueToTree(data.report()),
                        JSON.valueToTree(metrics),
                        Instant.now().toString());
        // The parameters and model.json are replaced back to back, after the scoring: a run trained
        // further keeps its earlier model complete until here.
        Files.move(
                staged,
                parameters,
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        directory.writeManifest(manifest);
        return new Result(
                manifest,
                heldOut[0],
                test == null ? null : test[0],
                session.adam.step(),
                stopReason,
                heldOut[1],
                test == null ? null : test[1]);
    }

    private Evaluation.Result[] scoreTest(
            TransformerModel model,
            NDManager manager,
            SubwordTokenizer tokenizer,
            TransformerConfig config)
            throws IOException {
        List<SentencePair> pairs = new ArrayList<>();
        CorpusPass.run(
                CorpusFiles.aligned(Path.of(settings.testSource()), Path.of(settings.testTarget())),
                CorpusFiles.aligned(Path.of(settings.testSource()), Path.of(settings.testTarget())),
                split(),
                CleaningOptions.DEFAULTS,
                p -> {},
                pairs::add);
        List<int[]> sources =
                clip(
                        tokenizer.encodeAllWithEnd(
                                pairs.stream().map(SentencePair::source).toList()),
                        config.maxLength() - 1);
        return scoreBoth(
                model,
                manager,
                tokenizer,
                sources,
                pairs.stream().map(SentencePair::target).toList(),
                settings.finalSearch());
    }
}
