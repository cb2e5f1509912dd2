package dev.tolk.glossary;

import dev.tolk.FeatureException;

/**
 * A glossary upload that cannot be kept (invalid-glossary), naming the field or line at fault, or a
 * translation request whose glossary does not fit it (glossary-mismatch).
 */
public class GlossaryRejectedException extends FeatureException {

    private GlossaryRejectedException(String type, String message) {
        super(Failure.INVALID, type, message);
    }

    static GlossaryRejectedException invalid(String message) {
        return new GlossaryRejectedException("invalid-glossary", message);
    }

    /** A request translating {@code pair} named glossary {@code glossary} of another pair. */
    public static GlossaryRejectedException mismatch(Glossary glossary, String pair) {
        return new GlossaryRejectedException(
                "glossary-mismatch",
                "glossary "
                        + glossary.id()
                        + " is for "
                        + glossary.pair()
                        + ", but the request translates "
                        + pair
                        + ": name a glossary of "
                        + pair
                        + " (GET /glossaries lists them)");
    }
}
