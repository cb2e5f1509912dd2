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

    /** This instance would train, but another process owns the models directory's job queue. */
    static JobStateException queueHeldElsewhere(String reason) {
        return new JobStateException("training-disabled", reason);
    }

    static JobStateException notActive(String id, JobState state) {
        return new JobStateException(
                "job-not-active",
                "job " + id + " is " + state + ": only queued or running jobs can be cancelled");
    }

    /**
     * @param why for a FAILED job, why it has no checkpoint to resume from; null otherwise
     */
    static JobStateException notResumable(String id, JobState state, String why) {
        String message =
                state == JobState.FAILED
                        ? "job "
                                + id
                                + " is FAILED and cannot be resumed: "
                                + why
                                + "; fix the error and submit a new job"
                        : "job "
                                + id
                                + " is "
                                + state
                                + ": only CANCELLED, INTERRUPTED or FAILED jobs with a checkpoint"
                                + " can be resumed";
        return new JobStateException("job-not-resumable", message);
    }
}
