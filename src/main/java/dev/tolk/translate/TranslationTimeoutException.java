package dev.tolk.translate;

import dev.tolk.FeatureException;

/**
 * A translation did not finish before its deadline ({@code tolk.translate.deadline-seconds}): the
 * service is overloaded; the client may retry later.
 */
public class TranslationTimeoutException extends FeatureException {

    TranslationTimeoutException(long seconds) {
        this(seconds, "tolk.translate.deadline-seconds");
    }

    /**
     * @param setting the setting that gave the deadline
     */
    TranslationTimeoutException(long seconds, String setting) {
        super(
                Failure.UNAVAILABLE,
                "busy",
                "the translation did not finish within "
                        + seconds
                        + " s ("
                        + setting
                        + "); retry later");
    }

    @Override
    public long retryAfterSeconds() {
        return 5;
    }
}
