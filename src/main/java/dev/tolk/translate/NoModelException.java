package dev.tolk.translate;

import dev.tolk.FeatureException;

/** No model has been trained yet, so nothing can be translated or detected. */
public class NoModelException extends FeatureException {

    NoModelException(String what) {
        super(
                Failure.CONFLICT,
                "no-model",
                "no model has been trained yet"
                        + what
                        + ": start one with POST /train (or put a model directory in the models"
                        + " directory)");
    }
}
