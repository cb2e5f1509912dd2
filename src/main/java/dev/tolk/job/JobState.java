package dev.tolk.job;

/** Where a training job is in its life. */
public enum JobState {
    /** Waiting for a training slot. */
    QUEUED,
    /** Training. */
    RUNNING,
    /** Finished; its model is in the models directory. */
    SUCCEEDED,
    /**
     * Stopped by an error; {@code error} says what to fix. Resumable when its run left an intact
     * checkpoint (a full disk, an engine error after the first evaluation).
     */
    FAILED,
    /** Cancelled by DELETE /train/{id}; resumable. */
    CANCELLED,
    /** The service stopped while it ran; resumable. */
    INTERRUPTED,
    /**
     * Its record in {@code <models-dir>/.jobs/} cannot be read; {@code error} says what is wrong.
     * Listed so that the damage is seen, never changed (fix or delete the file).
     */
    DAMAGED;

    /**
     * Whether POST /train/{id}/resume may continue it: a CANCELLED or INTERRUPTED job always (from
     * its last checkpoint, or from the start without one), a FAILED one only from an intact
     * checkpoint.
     *
     * @param checkpointed whether the job's model directory holds an intact checkpoint
     */
    public boolean resumable(boolean checkpointed) {
        return this == CANCELLED || this == INTERRUPTED || (this == FAILED && checkpointed);
    }

    public boolean finished() {
        return this == SUCCEEDED
                || this == FAILED
                || this == CANCELLED
                || this == INTERRUPTED
                || this == DAMAGED;
    }
}
