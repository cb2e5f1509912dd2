package dev.tolk.training;

import dev.tolk.data.TokenBatch;
import dev.tolk.data.TokenBatcher;
import dev.tolk.modelstore.ModelDirectory;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Step 3 of a run: one session of training, until a {@link StopReason}. Token-budget batches,
 * reshuffled every epoch ({@code accumulate} batches an update); an evaluation and a checkpoint
 * every epoch or every {@code evalEverySteps} updates, and when the run stops; a checkpoint without
 * an evaluation when stopped on request ({@link TrainingCancelledException}). The learning-rate
 * schedule is told the share of the budget done before every update; patience run out with a
 * cool-down starts the cool-down at once, saved in the run's state.
 */
final class TrainingSession {

    private final TrainingSettings settings;
    private final ModelDirectory directory;
    private final ProgressListener listener;
    private final TrainingSetup setup;
    private final RunCheckpoints checkpoints;
    private final DataPreparation.PreparedData data;
    private final TokenBatcher batcher;
    private final StopPolicy policy;
    private final RunClock clock;
    private final ProgressReport progress;
    private final HeldOutEvaluation evaluation;
    private RunState state;

    TrainingSession(
            TrainingSettings settings,
            ModelDirectory directory,
            ProgressListener listener,
            TrainingSetup setup,
            RunCheckpoints checkpoints,
            DataPreparation.PreparedData data,
            TokenBatcher batcher,
            HeldOutEvaluation evaluation,
            RunState state) {
        this.settings = settings;
        this.directory = directory;
        this.listener = listener;
        this.setup = setup;
        this.checkpoints = checkpoints;
        this.data = data;
        this.batcher = batcher;
        this.evaluation = evaluation;
        this.state = state;
        this.policy = StopPolicy.of(settings);
        this.clock = new RunClock(state.wallSeconds());
        this.progress = new ProgressReport(settings.logEverySteps(), listener, clock);
    }

    RunState state() {
        return state;
    }

    /** Training wall time over all sessions of the run, so far. */
    double wallSeconds() {
        return clock.seconds();
    }

    /** Why the run would stop before its next step, if it would: for a finished run resumed. */
    Optional<StopReason> finished() {
        return policy.finished(state, clock.seconds());
    }

    /**
     * Evaluates the parameters the run starts from, before its first update, and checkpoints them
     * as the best so far: a fine-tuning run's base model on the new held-out set, the score its
     * updates must beat (with early stopping, a run whose updates never beat it keeps the base's
     * parameters).
     */
    void evaluateStart() throws IOException {
        evaluateAndCheckpoint(0, state.epoch(), state.epoch(), 0, 0.0);
    }

    /** Trains until a stop rule says why it stopped. */
    StopReason train() throws IOException {
        for (int epoch = state.epoch(); epoch <= settings.maxEpochs(); epoch++) {
            List<TokenBatch> batches =
                    batcher.batches(
                            data.trainSources(),
                            data.trainTargets(),
                            settings.seed() * 1000 + epoch);
            int first = epoch == state.epoch() ? state.batchInEpoch() : 0;
            for (int b = first; b < batches.size(); b += settings.accumulate()) {
                Optional<StopReason> stop = update(batches, b, epoch);
                if (stop.isPresent()) {
                    return stop.get();
                }
            }
        }
        return policy.epochsDone();
    }

    /** One update from the batches at {@code b}, and what follows it; a stop reason or none. */
    private Optional<StopReason> update(List<TokenBatch> batches, int b, int epoch)
            throws IOException {
        int end = b + settings.accumulate();
        double epochsBefore = epoch - 1 + (double) b / batches.size();
        double epochsAfter = epoch - 1 + (double) end / batches.size();
        setup.schedule()
                .setProgress(policy.progress(setup.adam().step(), epochsBefore, clock.seconds()));
        var result = setup.loop().step(batches.subList(b, Math.min(end, batches.size())));
        int step = setup.adam().step();
        evaluation.add(result);
        progress.add(
                result,
                step,
                epoch,
                () ->
                        shownProgress(
                                step, epoch - 1 + Math.min(1.0, (double) end / batches.size())));
        boolean epochEnd = end >= batches.size();
        int nextEpoch = epochEnd ? epoch + 1 : epoch;
        int nextBatch = epochEnd ? 0 : end;
        double done = policy.progress(step, epochsAfter, clock.seconds());
        Optional<StopReason> stop =
                policy.afterUpdate(step, clock.seconds(), state, done, setup.schedule().end());
        boolean evaluate =
                settings.evalEverySteps() > 0 ? step % settings.evalEverySteps() == 0 : epochEnd;
        if (evaluate || stop.isPresent()) {
            Optional<StopReason> patience =
                    evaluateAndCheckpoint(step, epoch, nextEpoch, nextBatch, done);
            stop = stop.or(() -> patience);
        }
        if (stop.isEmpty() && listener.stopRequested()) {
            if (!evaluate) {
                state = state.at(step, nextEpoch, nextBatch, clock.seconds());
                checkpoints.save(setup.block(), setup.adam(), state);
            }
            throw new TrainingCancelledException(step);
        }
        return stop;
    }

    /** The share of the run done as the progress line shows it: a run ends with its cool-down. */
    private double shownProgress(int step, double epochs) {
        double done = policy.progress(step, epochs, clock.seconds());
        if (state.coolDownFrom() != null) {
            done = Math.min(1.0, done / setup.schedule().end());
        }
        return done;
    }

    /** Evaluates, writes a checkpoint and the metrics line; a patience stop reason or none. */
    private Optional<StopReason> evaluateAndCheckpoint(
            int step, int epoch, int nextEpoch, int nextBatch, double done) throws IOException {
        HeldOutEvaluation.Scored scored = evaluation.score(setup.block());
        boolean better = scored.bleu() > state.bestBleu();
        if (better) {
            checkpoints.saveBest(setup.block());
        }
        EvaluationRecord record = evaluation.record(step, epoch, scored, clock.seconds());
        state = state.evaluated(step, nextEpoch, nextBatch, better, scored.bleu(), clock.seconds());
        if (policy.startsCoolDown(state, done)) {
            // The cool-down begins now, over the same share of the budget, and is saved in the
            // run's state so a resumed run keeps it.
            setup.schedule().startAt(done);
            state = state.withCoolDownFrom(done);
            listener.onMessage(policy.coolDownStartedMessage());
        }
        checkpoints.save(setup.block(), setup.adam(), state);
        directory.appendMetrics(record);
        listener.onEvaluation(record);
        listener.onWorstHeldOut(step, scored.worst());
        evaluation.restart();
        return policy.afterEvaluation(state);
    }
}
