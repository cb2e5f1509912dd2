package dev.tolk.training;

import ai.djl.training.tracker.Tracker;

/**
 * The paper's learning rate (section 5.3): linear warm-up to a peak, then decay with the inverse
 * square root of the step: {@code lr(step) = peak · min(step / warmup, sqrt(warmup / step))}. With
 * {@code peak = d_model^-0.5 · warmup^-0.5} it is exactly the paper's formula. Steps count from 1;
 * the rate is a pure function of the step, so a resumed run needs nothing but the step.
 *
 * @param peak the rate at the end of warm-up
 * @param warmupSteps steps of linear warm-up
 */
public record InverseSqrtSchedule(float peak, int warmupSteps) implements Tracker {

    public InverseSqrtSchedule {
        if (!(peak > 0)) {
            throw new IllegalArgumentException(
                    "peak learning rate (" + peak + ") must be positive");
        }
        if (warmupSteps < 1) {
            throw new IllegalArgumentException(
                    "warmupSteps (" + warmupSteps + ") must be at least 1");
        }
    }

    /** The paper's peak for a model width and warm-up: {@code d^-0.5 · warmup^-0.5}. */
    public static float paperPeak(int modelDim, int warmupSteps) {
        return (float) (1.0 / Math.sqrt(modelDim) / Math.sqrt(warmupSteps));
    }

    @Override
    public float getNewValue(int step) {
        int s = Math.max(step, 1);
        return (float)
                (peak * Math.min((double) s / warmupSteps, Math.sqrt((double) warmupSteps / s)));
    }
}
