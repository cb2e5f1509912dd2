package dev.tolk.translate;

import dev.tolk.FeatureException;
import java.util.Set;

/** No model translates the language pair a request asks for. */
public class PairNotServedException extends FeatureException {

    PairNotServedException(String source, String target, Set<String> served) {
        super(
                Failure.NOT_FOUND,
                "unknown-pair",
                "no model translates "
                        + source
                        + "-"
                        + target
                        + "; the pairs served are "
                        + served
                        + " (train one with POST /train)");
    }
}
