package dev.tolk.training;

/**
 * Why a training run stopped. {@link #describe()} is the text written to {@code model.json} ({@code
 * metrics.stopReason}), to job records and printed by {@code train}.
 */
public sealed interface StopReason {

    /** The reason as people and files read it, e.g. {@code maxSteps 40 reached}. */
    String describe();

    /** The {@code maxSteps} limit was reached. */
    record MaxSteps(int limit) implements StopReason {
        @Override
        public String describe() {
            return "maxSteps " + limit + " reached";
        }
    }

    /** The {@code maxMinutes} wall-clock limit was reached (over all sessions of the run). */
    record MaxMinutes(double limit) implements StopReason {
        @Override
        public String describe() {
            return "maxMinutes " + limit + " reached";
        }
    }

    /** Every epoch of {@code maxEpochs} was trained. */
    record MaxEpochs(int limit) implements StopReason {
        @Override
        public String describe() {
            return "maxEpochs " + limit + " reached";
        }
    }

    /** Patience ran out in a run without a cool-down. */
    record NoBetterBleu(int patience) implements StopReason {
        @Override
        public String describe() {
            return "no better held-out BLEU in " + patience + " evaluations";
        }
    }

    /** The cool-down that patience run out started early has ended. */
    record CooledDown(int patience) implements StopReason {
        @Override
        public String describe() {
            return "cooled down after no better held-out BLEU in " + patience + " evaluations";
        }
    }
}
