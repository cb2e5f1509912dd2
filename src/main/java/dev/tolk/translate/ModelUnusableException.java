package dev.tolk.translate;

import dev.tolk.FeatureException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * A listed model could not be loaded (deleted meanwhile, or its files damaged). A failed load is
 * remembered: requests for the model get this refusal until the retry period ends.
 */
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

    private ModelUnusableException(String message, Throwable cause) {
        super(Failure.CONFLICT, "model-unusable", message, cause);
    }

    /**
     * @param error why it failed, without server paths
     * @param retryAfter when a request loads it again
     * @param retry the retry period ({@code tolk.models.retry-failed-load-seconds})
     */
    static ModelUnusableException failedToLoad(
            String id, String error, Instant retryAfter, Duration retry, Throwable cause) {
        return new ModelUnusableException(
                "model "
                        + id
                        + " could not be loaded ("
                        + error
                        + "); it is not loaded again before "
                        + retryAfter
                        + " ("
                        + retry.toSeconds()
                        + " s, tolk.models.retry-failed-load-seconds) unless its directory is"
                        + " replaced: train it again, or delete it (DELETE /models/"
                        + id
                        + ")",
                cause);
    }
}
