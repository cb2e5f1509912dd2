package dev.tolk.translate;

import dev.tolk.FeatureException;

/** The service is shutting down: a translation not yet decoded is not decoded any more. */
public class StoppingException extends FeatureException {

    StoppingException() {
        super(
                Failure.UNAVAILABLE,
                "stopping",
                "the service is shutting down; retry in a moment (on another replica)");
    }

    @Override
    public long retryAfterSeconds() {
        return 5;
    }
}
