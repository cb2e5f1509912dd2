package dev.tolk.translate;

import dev.tolk.FeatureException;
import java.io.IOException;

/** A listed model could not be loaded (deleted meanwhile, or its files damaged). */
public class ModelUnusableException extends FeatureException {

    ModelUnusableException(String id, IOException cause) {
        super(
                Failure.CONFLICT,
                "model-unusable",
                "model "
                        + id
                        + " could not be loaded ("
                        + cause.getMessage()
                        + "); it may have been deleted: GET /models lists the models",
                cause);
    }
}
