package dev.tolk.job;

import dev.tolk.FeatureException;

/** A request names a training job that does not exist. */
public class JobNotFoundException extends FeatureException {

    JobNotFoundException(String id) {
        super(
                Failure.NOT_FOUND,
                "unknown-job",
                "no training job " + id + "; GET /train lists them");
    }
}
