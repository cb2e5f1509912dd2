package dev.tolk.training;

/** A run's training wall time: this session's, plus the earlier sessions' of a resumed run. */
final class RunClock {

    private final double earlierSessionsSeconds;
    private final long sessionStart = System.nanoTime();

    RunClock(double earlierSessionsSeconds) {
        this.earlierSessionsSeconds = earlierSessionsSeconds;
    }

    double seconds() {
        return earlierSessionsSeconds + (System.nanoTime() - sessionStart) / 1e9;
    }
}
