package dev.tolk.job;

import dev.tolk.FeatureException;

/**
 * A job cannot do what was asked in its state (job-not-active, job-not-resumable), or this instance
 * does not train at all (training-disabled).
 */
public class JobStateException extends FeatureException {

    JobStateException(String type, String message) {
        super(Failure.CONFLICT, type, message);
    }

    static JobStateException disabled() {
        return new JobStateException(
                "training-disabled",
                "this instance does not train (tolk.jobs.enabled=false): send training"
                        + " requests to the trainer instance");
    }

    static JobStateException notActive(String id, JobState state) {
        return new JobStateException(
                "job-not-active",
                "job " + id + " is " + state + ": only queued or running jobs can be cancelled");
    }

    static JobStateException notResumable(String id, JobState state) {
        return new JobStateException(
                "job-not-resumable",
                "job "
                        + id
                        + " is "
                        + state
                        + ": only CANCELLED or INTERRUPTED jobs can be resumed"
                        + (state == JobState.FAILED ? "; fix the error and submit a new job" : ""));
    }
}
