package dev.tolk.training;

/** Receives a training run's progress; the command line draws it, the service stores it. */
public interface ProgressListener {

    /**
     * Every {@code logEverySteps} updates.
     *
     * @param step updates so far
     * @param epoch the current epoch, from 1
     * @param loss mean label-smoothed loss per target token since the last report
     * @param learningRate the rate of the last update
     * @param tokensPerSecond target tokens per second since the last report
     * @param percent of the run's limit (epochs, steps or minutes, whichever is nearest)
     * @param etaSeconds estimated seconds left, or -1
     */
    record Progress(
            int step,
            int epoch,
            double loss,
            double learningRate,
            double tokensPerSecond,
            double percent,
            long etaSeconds) {

        /** {@code step 1200 epoch 3 loss 3.41 lr 4.1e-4 tok/s 8,912 eta 00:41:10}. */
        public String line() {
            String eta =
                    etaSeconds < 0
                            ? "--:--:--"
                            : String.format(
                                    "%02d:%02d:%02d",
                                    etaSeconds / 3600, etaSeconds / 60 % 60, etaSeconds % 60);
            return String.format(
                    java.util.Locale.ROOT,
                    "step %d epoch %d loss %.2f lr %.1e tok/s %,.0f eta %s",
                    step,
                    epoch,
                    loss,
                    learningRate,
                    tokensPerSecond,
                    eta);
        }
    }

    void onProgress(Progress progress);

    /** After each held-out evaluation (one line of {@code metrics.jsonl}). */
    void onEvaluation(EvaluationRecord evaluation);

    /**
     * After each held-out evaluation at {@code step}: the sentences of the held-out set the model
     * translates worst, worst first (at most {@link HeldOutSample#WORST}).
     */
    default void onWorstHeldOut(int step, java.util.List<HeldOutSample> sentences) {}

    /** Free-text events: data prepared, checkpoint written, early stop. */
    default void onMessage(String message) {}

    /** The corpus report (pairs read, kept, dropped by reason, held-out set), once prepared. */
    default void onCorpusReport(java.util.Map<String, Object> report) {}

    /**
     * Polled after every update: {@code true} stops the run there, with a checkpoint to resume
     * from, by throwing {@link TrainingCancelledException}.
     */
    default boolean stopRequested() {
        return false;
    }
}
