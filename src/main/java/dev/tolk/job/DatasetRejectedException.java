package dev.tolk.job;

import dev.tolk.FeatureException;

/**
 * A corpus that cannot be used: an upload of the wrong shape (invalid-dataset, naming the file and
 * line at fault when a pair cannot be read), or a path a training request names that is outside the
 * data directory (path-outside-data-dir) or not a file (missing-file).
 */
public class DatasetRejectedException extends FeatureException {

    DatasetRejectedException(String type, String message) {
        super(Failure.INVALID, type, message);
    }

    static DatasetRejectedException invalid(String message) {
        return new DatasetRejectedException("invalid-dataset", message);
    }
}
