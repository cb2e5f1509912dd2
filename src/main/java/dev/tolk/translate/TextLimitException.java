package dev.tolk.translate;

import dev.tolk.FeatureException;

/**
 * A request over the configured text limits: a text longer than {@code tolk.translate.max-chars}
 * (text-too-long) or more texts than {@code tolk.translate.max-texts} (too-many-texts).
 */
public class TextLimitException extends FeatureException {

    TextLimitException(String type, String message) {
        super(Failure.TOO_LARGE, type, message);
    }

    static TextLimitException tooLong(String which, int length, int max) {
        return new TextLimitException(
                "text-too-long",
                which
                        + " has "
                        + length
                        + " characters; the limit is "
                        + max
                        + " (tolk.translate.max-chars): split it");
    }

    static TextLimitException tooMany(int count, int max) {
        return new TextLimitException(
                "too-many-texts",
                count
                        + " texts in one request; send at most "
                        + max
                        + " (tolk.translate.max-texts)");
    }
}
