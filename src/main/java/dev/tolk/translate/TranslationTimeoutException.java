package dev.tolk.translate;

import dev.tolk.FeatureException;

/** A translation did not finish in time: the service is overloaded; the client may retry. */
public class TranslationTimeoutException extends FeatureException {

    TranslationTimeoutException(long seconds) {
        super(
                Failure.UNAVAILABLE,
                "busy",
                "the translation did not finish within " + seconds + " s; retry later");
    }
}
