package dev.tolk.job;

import dev.tolk.FeatureException;

/**
 * A suggestion not kept: suggestions are off (LibreTranslate's 403), or a field is missing or wrong
 * (400).
 */
public class SuggestionRejectedException extends FeatureException {

    private SuggestionRejectedException(Failure failure, String type, String message) {
        super(failure, type, message);
    }

    static SuggestionRejectedException disabled() {
        return new SuggestionRejectedException(
                Failure.DISABLED,
                "suggestions-disabled",
                "Suggestions are disabled on this server (tolk.suggestions.enabled=false)");
    }

    static SuggestionRejectedException missing(String field) {
        return new SuggestionRejectedException(
                Failure.INVALID,
                "missing-" + field,
                "Invalid request: missing " + field + " parameter");
    }

    static SuggestionRejectedException invalid(String message) {
        return new SuggestionRejectedException(Failure.INVALID, "invalid-suggestion", message);
    }
}
