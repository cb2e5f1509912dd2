package dev.tolk.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The five stop rules and the run's budget, without an engine. */
class StopPolicyTest {

    /** At {@code step}, with {@code sinceBest} evaluations since the best, cool-down as given. */
    private static RunState state(int step, int sinceBest, Double coolDownFrom) {
        return new RunState(step, 1, 0, 20, 0, sinceBest, 0, coolDownFrom);
    }

    @Test
    void maxStepsStopsAtTheLimit() {
        var policy = new StopPolicy(50, 40, null, 10, 0f);
        assertThat(policy.limitReached(39, 0)).isEmpty();
        assertThat(policy.limitReached(40, 0)).contains(new StopReason.MaxSteps(40));
        assertThat(policy.limitReached(40, 0).orElseThrow().describe())
                .isEqualTo("maxSteps 40 reached");
    }

    @Test
    void maxMinutesCountsTheRunsWallTime() {
        var policy = new StopPolicy(50, null, 1.5, 10, 0f);
        assertThat(policy.limitReached(1000, 89.9)).isEmpty();
        StopReason reason = policy.limitReached(1, 90).orElseThrow();
        assertThat(reason).isEqualTo(new StopReason.MaxMinutes(1.5));
        assertThat(reason.describe()).isEqualTo("maxMinutes 1.5 reached");
    }

    @Test
    void maxEpochsEndsTheRunAfterItsLastEpoch() {
        var policy = new StopPolicy(7, null, null, 10, 0f);
        assertThat(policy.epochsDone()).isEqualTo(new StopReason.MaxEpochs(7));
        assertThat(policy.epochsDone().describe()).isEqualTo("maxEpochs 7 reached");
        RunState afterLastEpoch = new RunState(100, 8, 0, 20, 50, 0, 10, null);
        assertThat(policy.finished(afterLastEpoch, 10)).contains(new StopReason.MaxEpochs(7));
    }

    @Test
    void withoutACoolDownPatienceRunOutStopsTheRun() {
        var policy = new StopPolicy(50, 100, null, 3, 0f);
        assertThat(policy.afterEvaluation(state(30, 2, null))).isEmpty();
        StopReason reason = policy.afterEvaluation(state(40, 3, null)).orElseThrow();
        assertThat(reason).isEqualTo(new StopReason.NoBetterBleu(3));
        assertThat(reason.describe()).isEqualTo("no better held-out BLEU in 3 evaluations");
        assertThat(policy.startsCoolDown(state(40, 3, null), 0.4)).isFalse();
    }

    @Test
    void withACoolDownPatienceRunOutStartsItInsteadOfStopping() {
        var policy = new StopPolicy(50, 100, null, 3, 0.5f);
        assertThat(policy.afterEvaluation(state(40, 3, null))).isEmpty();
        assertThat(policy.startsCoolDown(state(40, 2, null), 0.4)).isFalse();
        assertThat(policy.startsCoolDown(state(40, 3, null), 0.4)).isTrue();
        // never twice, and not once the cool-down has its usual place in the budget
        assertThat(policy.startsCoolDown(state(40, 3, 0.3), 0.4)).isFalse();
        assertThat(policy.startsCoolDown(state(60, 3, null), 0.5)).isFalse();
        assertThat(policy.coolDownStartedMessage())
                .isEqualTo(
                        "no better held-out BLEU in 3 evaluations: the learning rate cools down to"
                                + " zero from now, over 50% of the budget");
    }

    @Test
    void anEarlyCoolDownStopsTheRunWhenItEnds() {
        var policy = new StopPolicy(50, 100, null, 1, 0.5f);
        RunState cooling = state(60, 5, 0.25);
        assertThat(policy.afterUpdate(60, 0, cooling, 0.6, 0.75)).isEmpty();
        StopReason reason = policy.afterUpdate(75, 0, cooling, 0.75, 0.75).orElseThrow();
        assertThat(reason).isEqualTo(new StopReason.CooledDown(1));
        assertThat(reason.describe())
                .isEqualTo("cooled down after no better held-out BLEU in 1 evaluations");
        // without an early start the cool-down ends with the budget, by the budget's own limit
        assertThat(policy.afterUpdate(75, 0, state(75, 0, null), 0.75, 0.75)).isEmpty();
        assertThat(policy.afterUpdate(100, 0, state(100, 0, null), 1, 1))
                .contains(new StopReason.MaxSteps(100));
    }

    @Test
    void progressIsTheNearestLimitsShare() {
        var policy = new StopPolicy(10, 200, 2.0, 5, 0f);
        assertThat(policy.progress(20, 1, 0)).isEqualTo(0.1);
        assertThat(policy.progress(100, 1, 0)).isEqualTo(0.5);
        assertThat(policy.progress(20, 1, 90)).isEqualTo(0.75);
        assertThat(policy.progress(400, 1, 0)).isEqualTo(1.0);
    }

    @Test
    void aFinishedRunSaysWhyItWouldStopBeforeItsNextStep() {
        var policy = new StopPolicy(50, 20, null, 3, 0f);
        assertThat(policy.finished(state(20, 0, null), 0)).contains(new StopReason.MaxSteps(20));
        assertThat(policy.finished(state(10, 3, null), 0)).contains(new StopReason.NoBetterBleu(3));
        assertThat(policy.finished(state(10, 0, null), 0)).isEmpty();
    }
}
