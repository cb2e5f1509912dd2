package dev.tolk.training;

import java.util.Optional;

/**
 * A run's budget and its five stop rules: {@code maxSteps}, {@code maxMinutes}, {@code maxEpochs},
 * patience (no better held-out BLEU in {@code patience} evaluations) and, with a cool-down, the end
 * of a cool-down that patience run out started early. Without a cool-down, patience run out stops
 * the run; with one, it starts the cool-down at once ({@link #startsCoolDown}) and the run stops
 * when the cool-down ends. Pure: it reads the run's state and clock, changes nothing.
 */
final class StopPolicy {

    private final int maxEpochs;
    private final Integer maxSteps;
    private final Double maxMinutes;
    private final int patience;
    private final float coolDown;

    StopPolicy(int maxEpochs, Integer maxSteps, Double maxMinutes, int patience, float coolDown) {
        this.maxEpochs = maxEpochs;
        this.maxSteps = maxSteps;
        this.maxMinutes = maxMinutes;
        this.patience = patience;
        this.coolDown = coolDown;
    }

    static StopPolicy of(TrainingSettings settings) {
        return new StopPolicy(
                settings.maxEpochs(),
                settings.maxSteps(),
                settings.maxMinutes(),
                settings.patience(),
                settings.coolDown());
    }

    /**
     * The share of the run done, in [0, 1], by whichever limit is nearest.
     *
     * @param epochs epochs done, fractional
     */
    double progress(int step, double epochs, double wallSeconds) {
        double done = epochs / maxEpochs;
        if (maxSteps != null) {
            done = Math.max(done, (double) step / maxSteps);
        }
        if (maxMinutes != null) {
            done = Math.max(done, wallSeconds / (maxMinutes * 60));
        }
        return Math.min(1.0, done);
    }

    /** The step or time limit, once reached. */
    Optional<StopReason> limitReached(int step, double wallSeconds) {
        if (maxSteps != null && step >= maxSteps) {
            return Optional.of(new StopReason.MaxSteps(maxSteps));
        }
        if (maxMinutes != null && wallSeconds >= maxMinutes * 60) {
            return Optional.of(new StopReason.MaxMinutes(maxMinutes));
        }
        return Optional.empty();
    }

    /**
     * After an update: a limit reached, or the early cool-down ended.
     *
     * @param progress the share of the budget done after the update
     * @param coolDownEnd the share at which the learning rate reaches zero
     */
    Optional<StopReason> afterUpdate(
            int step, double wallSeconds, RunState state, double progress, double coolDownEnd) {
        return limitReached(step, wallSeconds).or(() -> coolDownDone(state, progress, coolDownEnd));
    }

    /** The end of a cool-down that patience started early, once reached. */
    Optional<StopReason> coolDownDone(RunState state, double progress, double coolDownEnd) {
        if (state.coolDownFrom() == null || progress < coolDownEnd - 1e-9) {
            return Optional.empty();
        }
        return Optional.of(new StopReason.CooledDown(patience));
    }

    /** After an evaluation: patience run out, for a run without a cool-down. */
    Optional<StopReason> afterEvaluation(RunState state) {
        return coolDown == 0 && state.evaluationsSinceBest() >= patience
                ? Optional.of(new StopReason.NoBetterBleu(patience))
                : Optional.empty();
    }

    /**
     * Whether patience run out starts the cool-down now, at {@code progress}: with a cool-down not
     * yet started and still ahead in the budget.
     */
    boolean startsCoolDown(RunState state, double progress) {
        return coolDown > 0
                && state.coolDownFrom() == null
                && state.evaluationsSinceBest() >= patience
                && progress < 1 - coolDown;
    }

    /** Every epoch trained. */
    StopReason epochsDone() {
        return new StopReason.MaxEpochs(maxEpochs);
    }

    /**
     * Why a run at {@code state} would stop before its next step, if it would: for a finished run
     * resumed (whose early cool-down is not kept, see {@link TrainingRun}).
     */
    Optional<StopReason> finished(RunState state, double wallSeconds) {
        Optional<StopReason> limit = limitReached(state.step(), wallSeconds);
        if (limit.isPresent()) {
            return limit;
        }
        if (state.epoch() > maxEpochs) {
            return Optional.of(epochsDone());
        }
        return afterEvaluation(state);
    }

    /** The message when patience run out starts the cool-down. */
    String coolDownStartedMessage() {
        return "no better held-out BLEU in "
                + patience
                + " evaluations: the learning rate cools down to zero from now,"
                + " over "
                + Math.round(100 * coolDown)
                + "% of the budget";
    }
}
