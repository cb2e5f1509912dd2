package dev.tolk.training;

import ai.djl.training.tracker.Tracker;

/**
 * A schedule with a linear cool-down: {@code base(step) · min(1, (1 − progress) / fraction)}, so
 * the learning rate falls to zero over the last {@code fraction} of the run's budget (the
 * warm-up–stable–decay shape: a run stopped by a time or step limit ends on a cooled-down model
 * instead of one trained at a still-high rate). {@code progress} is the share of the budget done,
 * by whichever limit is nearest (minutes, steps or epochs), set by the training loop before each
 * update; with {@code fraction} 0 the schedule is {@code base} unchanged.
 *
 * <p>The cool-down may start earlier than {@code 1 − fraction} ({@link #startAt}): a run whose
 * held-out BLEU has stopped improving cools down at once, over the same share of its budget,
 * instead of stopping on a model trained at a still-high rate.
 */
public final class CoolDownSchedule implements Tracker {

    private final Tracker base;
    private final double fraction;
    private volatile double progress;
    private volatile double start;

    public CoolDownSchedule(Tracker base, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("coolDown (" + fraction + ") must be in [0, 1)");
        }
        this.base = base;
        this.fraction = fraction;
        this.start = 1 - fraction;
    }

    /**
     * Starts the cool-down at {@code progress} instead of {@code 1 − fraction} (never later): the
     * rate reaches zero at {@code progress + fraction}.
     */
    public void startAt(double progress) {
        this.start = Math.min(1 - fraction, Math.max(0, progress));
    }

    /** The share of the budget at which the rate reaches zero. */
    public double end() {
        return start + fraction;
    }

    /** The share of the budget done before the next update, in [0, 1]. */
    public void setProgress(double progress) {
        this.progress = Math.max(0, Math.min(1, progress));
    }

    @Override
    public float getNewValue(int step) {
        float rate = base.getNewValue(step);
        if (fraction == 0) {
            return rate;
        }
        return (float) (rate * Math.max(0.0, Math.min(1.0, (end() - progress) / fraction)));
    }
}
