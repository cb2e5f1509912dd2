package dev.tolk.glossary;

import dev.tolk.FeatureException;

/** No glossary has the id a request names. */
public class GlossaryNotFoundException extends FeatureException {

    public GlossaryNotFoundException(String id) {
        super(
                Failure.NOT_FOUND,
                "unknown-glossary",
                "no glossary " + id + "; GET /glossaries lists them");
    }
}
