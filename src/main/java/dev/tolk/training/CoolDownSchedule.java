package dev.tolk.training;

import ai.djl.training.tracker.Tracker;

/**
 * A schedule with a linear cool-down: {@code base(step) · min(1, (1 − progress) / fraction)}, so
 * the learning rate falls to zero over the last {@code fraction} of the run's budget (the
 * warm-up–stable–decay shape: a run stopped by a time or step limit ends on a cooled-down model
 * instead of one trained at a still-high rate). {@code progress} is the share of the budget done,
 * by whichever limit is nearest (minutes, steps or epochs), set by the training loop before each
 * update; with {@code fraction} 0 the schedule is {@code base} unchanged.
 */
public final class CoolDownSchedule implements Tracker {

    private final Tracker base;
    private final double fraction;
    private volatile double progress;

    public CoolDownSchedule(Tracker base, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("coolDown (" + fraction + ") must be in [0, 1)");
        }
        this.base = base;
        this.fraction = fraction;
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
        return (float) (rate * Math.min(1.0, (1.0 - progress) / fraction));
    }
}
