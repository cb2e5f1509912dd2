package dev.tolk.training;

/**
 * A run stopped because its listener asked ({@link ProgressListener#stopRequested}); a checkpoint
 * of the last update was written, so the run can be resumed.
 */
public final class TrainingCancelledException extends RuntimeException {

    private final int step;

    public TrainingCancelledException(int step) {
        super("cancelled at step " + step + "; resumable from its checkpoint");
        this.step = step;
    }

    /** The last update done. */
    public int step() {
        return step;
    }
}
