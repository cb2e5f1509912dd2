package dev.tolk.decode;

import ai.djl.ndarray.NDArray;

/**
 * One incremental decoding call as the search strategies see it: rows of hypotheses, one step at a
 * time. {@link ModelDecoding} runs a {@link dev.tolk.model.TransformerModel}; tests plug in
 * distributions they know.
 */
public interface Decoding extends AutoCloseable {

    /**
     * Feeds one token per row and returns the log-probabilities of the next, (rows, V); the caller
     * closes the result.
     */
    NDArray step(long[] lastTokens);

    /**
     * Promises at most {@code steps} steps whose rows change only through {@link #select}, not
     * every step (greedy search), so the call may preallocate its caches. Before the first step.
     */
    default void reserve(int steps) {}

    /** Keeps rows {@code rows} in that order (repeats allowed). */
    void select(long[] rows);

    /**
     * Reorders rows where every new row decodes the same source as the old row at its position
     * (hypotheses moving within their sentence's beam): cheaper than {@link #select}.
     */
    default void reorderWithinSources(long[] rows) {
        select(rows);
    }

    /** The last step's attention over the source, (rows, S), or null when not recorded. */
    NDArray lastAttention();

    /** Padded source length S. */
    long sourceLength();

    /** The longest target the model can produce (its position limit). */
    int maxTargetLength();

    @Override
    void close();
}
