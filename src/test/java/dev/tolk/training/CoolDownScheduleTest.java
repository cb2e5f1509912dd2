package dev.tolk.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CoolDownScheduleTest {

    private final InverseSqrtSchedule base = new InverseSqrtSchedule(1e-3f, 400);

    @Test
    void theBaseRateUntilTheCoolDownThenLinearlyToZero() {
        var schedule = new CoolDownSchedule(base, 0.2);
        schedule.setProgress(0.5);
        assertThat(schedule.getNewValue(1000)).isEqualTo(base.getNewValue(1000));
        schedule.setProgress(0.8);
        assertThat(schedule.getNewValue(1000)).isEqualTo(base.getNewValue(1000));
        schedule.setProgress(0.9);
        assertThat(schedule.getNewValue(1000)).isCloseTo(base.getNewValue(1000) / 2, within(1e-9f));
        schedule.setProgress(1.0);
        assertThat(schedule.getNewValue(1000)).isZero();
        schedule.setProgress(1.7); // past a limit (a limit reached mid-step): never negative
        assertThat(schedule.getNewValue(1000)).isZero();
    }

    @Test
    void aCoolDownStartedEarlyLastsTheSameShareAndNeverStartsLater() {
        var schedule = new CoolDownSchedule(base, 0.2);
        schedule.startAt(0.3);
        assertThat(schedule.end()).isCloseTo(0.5, within(1e-12));
        schedule.setProgress(0.3);
        assertThat(schedule.getNewValue(1000)).isEqualTo(base.getNewValue(1000));
        schedule.setProgress(0.4);
        assertThat(schedule.getNewValue(1000)).isCloseTo(base.getNewValue(1000) / 2, within(1e-9f));
        schedule.setProgress(0.6);
        assertThat(schedule.getNewValue(1000)).isZero();
        schedule.startAt(0.95); // later than the budget's own cool-down: that one stays
        assertThat(schedule.end()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void noCoolDownIsTheBaseSchedule() {
        var schedule = new CoolDownSchedule(base, 0);
        schedule.setProgress(1.0);
        assertThat(schedule.getNewValue(10)).isEqualTo(base.getNewValue(10));
    }

    @Test
    void theShareMustBeBelowOne() {
        assertThatThrownBy(() -> new CoolDownSchedule(base, 1.0))
                .hasMessageContaining("coolDown (1.0) must be in [0, 1)");
        assertThatThrownBy(() -> new CoolDownSchedule(base, -0.1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
