package dev.tolk.model;

/**
 * Which of the three vocabulary-sized matrices share one weight (paper section 3.4; all three need
 * one vocabulary shared by source and target).
 */
public enum EmbeddingTying {
    /** Source embedding, target embedding and output projection are one matrix (the paper). */
    ALL,
    /** Target embedding and output projection share a matrix; the source has its own. */
    DECODER,
    /** Three separate matrices. */
    NONE;

    /** Number of distinct V×D matrices this tying creates. */
    int matrixCount() {
        return switch (this) {
            case ALL -> 1;
            case DECODER -> 2;
            case NONE -> 3;
        };
    }
}
