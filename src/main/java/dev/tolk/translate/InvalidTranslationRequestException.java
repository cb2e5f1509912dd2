package dev.tolk.translate;

import dev.tolk.FeatureException;

/**
 * A translation or detection request the service cannot serve as asked: the languages do not fit
 * the models (language-mismatch, missing-languages, missing-source, missing-target,
 * language-not-detected), a text is empty (empty-text), or a search setting is out of the
 * configured range (invalid-beam, invalid-n-best, invalid-format, invalid-alternatives).
 */
public class InvalidTranslationRequestException extends FeatureException {

    InvalidTranslationRequestException(String type, String message) {
        super(Failure.INVALID, type, message);
    }
}
