package dev.tolk.job;

import dev.tolk.FeatureException;

/**
 * No uploaded dataset has the id: not found when it is looked up, an invalid request when a
 * training request names it.
 */
public class DatasetNotFoundException extends FeatureException {

    private DatasetNotFoundException(Failure failure, String id) {
        super(failure, "unknown-dataset", "no dataset " + id + "; GET /datasets lists them");
    }

    static DatasetNotFoundException lookedUp(String id) {
        return new DatasetNotFoundException(Failure.NOT_FOUND, id);
    }

    static DatasetNotFoundException named(String id) {
        return new DatasetNotFoundException(Failure.INVALID, id);
    }
}
