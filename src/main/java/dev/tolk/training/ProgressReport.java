package dev.tolk.training;

import java.util.function.DoubleSupplier;

/**
 * The progress line every {@code logEverySteps} updates: mean loss and tokens per second over the
 * updates since the last line, the share of the run done and the time left.
 */
final class ProgressReport {

    private final int logEverySteps;
    private final ProgressListener listener;
    private final RunClock clock;
    private double loss;
    private long tokens;
    private long start = System.nanoTime();

    ProgressReport(int logEverySteps, ProgressListener listener, RunClock clock) {
        this.logEverySteps = logEverySteps;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * Counts an update; every {@code logEverySteps} updates, reports.
     *
     * @param done the share of the run done, asked only when a line is due
     */
    void add(TrainingLoop.StepResult result, int step, int epoch, DoubleSupplier done) {
        loss += result.lossSum();
        tokens += result.targetTokens();
        if (step % logEverySteps != 0) {
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double share = done.getAsDouble();
        double elapsed = clock.seconds();
        long eta = share > 0 ? (long) (elapsed * (1 - share) / share) : -1;
        listener.onProgress(
                new ProgressListener.Progress(
                        step,
                        epoch,
                        loss / Math.max(1, tokens),
                        result.learningRate(),
                        tokens / seconds,
                        100 * share,
                        eta));
        loss = 0;
        tokens = 0;
        start = System.nanoTime();
    }
}
