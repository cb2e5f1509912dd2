package dev.tolk.training;

/**
 * Where a run stands, saved with every checkpoint ({@code state.json}).
 *
 * @param step updates done
 * @param epoch the epoch to continue in, from 1
 * @param batchInEpoch the first batch of that epoch not yet trained on
 * @param bestBleu the best held-out BLEU so far (-1 before the first evaluation)
 * @param bestStep the step of the best BLEU
 * @param evaluationsSinceBest evaluations since the best one (for patience)
 * @param wallSeconds training wall time over all sessions
 * @param coolDownFrom the share of the budget at which the cool-down started early, because
 *     patience ran out before it; null while it keeps its place at the end of the budget
 */
public record RunState(
        int step,
        int epoch,
        int batchInEpoch,
        double bestBleu,
        int bestStep,
        int evaluationsSinceBest,
        double wallSeconds,
        Double coolDownFrom) {

    /** This state with a cool-down started early at {@code progress}, or none (null). */
    RunState withCoolDownFrom(Double progress) {
        return new RunState(
                step,
                epoch,
                batchInEpoch,
                bestBleu,
                bestStep,
                progress == null ? 0 : evaluationsSinceBest,
                wallSeconds,
                progress);
    }

    static RunState initial() {
        return new RunState(0, 1, 0, -1, 0, 0, 0, null);
    }

    /**
     * This state after an evaluation at {@code step}, to continue at {@code nextBatch} of {@code
     * nextEpoch}: the best BLEU and its step move on when {@code better}, patience counts on
     * otherwise.
     */
    RunState evaluated(
            int step,
            int nextEpoch,
            int nextBatch,
            boolean better,
            double bleu,
            double wallSeconds) {
        return new RunState(
                step,
                nextEpoch,
                nextBatch,
                better ? bleu : bestBleu,
                better ? step : bestStep,
                better ? 0 : evaluationsSinceBest + 1,
                wallSeconds,
                coolDownFrom);
    }

    /** This state at {@code step}, without an evaluation (a run stopped on request). */
    RunState at(int step, int nextEpoch, int nextBatch, double wallSeconds) {
        return new RunState(
                step,
                nextEpoch,
                nextBatch,
                bestBleu,
                bestStep,
                evaluationsSinceBest,
                wallSeconds,
                coolDownFrom);
    }
}
