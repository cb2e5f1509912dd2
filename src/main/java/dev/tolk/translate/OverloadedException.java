package dev.tolk.translate;

import dev.tolk.FeatureException;

/**
 * More work is waiting than the service admits ({@code tolk.translate.max-queued-texts}, {@code
 * max-queued-chars}): refused at once, before anything is decoded, so that admitted requests keep
 * their latency.
 */
public class OverloadedException extends FeatureException {

    private final long retryAfterSeconds;

    OverloadedException(String limit, long retryAfterSeconds) {
        super(
                Failure.UNAVAILABLE,
                "overloaded",
                "the service is at its limit of waiting work ("
                        + limit
                        + "); retry in "
                        + retryAfterSeconds
                        + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
