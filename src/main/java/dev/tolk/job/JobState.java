package dev.tolk.job;

/** Where a training job is in its life. */
public enum JobState {
    /** Waiting for a training slot. */
    QUEUED,
    /** Training. */
    RUNNING,
    /** Finished; its model is in the models directory. */
    SUCCEEDED,
    /** Stopped by an error; {@code error} says what to fix. */
    FAILED,
    /** Cancelled by DELETE /train/{id}; resumable. */
    CANCELLED,
    /** The service stopped while it ran; resumable. */
    INTERRUPTED;

    /** Whether POST /train/{id}/resume may continue it. */
    public boolean resumable() {
        return this == CANCELLED || this == INTERRUPTED;
    }

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == INTERRUPTED;
    }
}
