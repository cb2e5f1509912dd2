package dev.tolk.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/**
 * The state of one incremental decoding call: per decoder layer, the cross-attention keys and
 * values of the encoder output (computed once) and the self-attention keys and values of the
 * positions decoded so far (grown by one position per step), plus the source's padding mask.
 *
 * <p>It lives outside the blocks, so one loaded model serves any number of concurrent calls, each
 * with its own state. It owns an {@link NDManager}: closing the state frees everything the call
 * made. Rows (sentences, or hypotheses of a beam) can be reordered, repeated or dropped with {@link
 * #select}, which beam search and finished sentences use.
 */
public final class DecoderState implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] crossKeys;
    private final NDArray[] crossValues;
    private final NDArray[] selfKeys;
    private final NDArray[] selfValues;
    private final boolean recordAttention;
    private final StepWeights stepWeights;
    private NDArray sourceMask;
    private NDArray lastAttention;
    private int rows;
    private int length;

    DecoderState(NDManager manager, int layers, boolean recordAttention, StepWeights stepWeights) {
        this.manager = manager;
        this.stepWeights = stepWeights;
        this.crossKeys = new NDArray[layers];
        this.crossValues = new NDArray[layers];
        this.selfKeys = new NDArray[layers];
        this.selfValues = new NDArray[layers];
        this.recordAttention = recordAttention;
    }

    /** The manager every array of this call belongs to. */
    public NDManager manager() {
        return manager;
    }

    /** Rows being decoded (sentences × hypotheses). */
    public int rows() {
        return rows;
    }

    /** Target positions decoded so far. */
    public int length() {
        return length;
    }

    /** Source length S (padded). */
    public long sourceLength() {
        return sourceMask.getShape().get(3);
    }

    /**
     * Cross-attention weights of the last step, averaged over the heads of the last decoder layer:
     * (rows, S), rows summing to 1; null unless the state was opened to record attention.
     */
    public NDArray lastAttention() {
        return lastAttention;
    }

    /** The call's step layout of the decoder weights, or null: the parameters as they are. */
    StepWeights stepWeights() {
        return stepWeights;
    }

    /** {@code x · Wᵀ + b} of one of the decoder's linear maps, in the call's step layout if any. */
    NDArray linear(ParameterStore ps, Linear block, NDArray x) {
        NDArray weight = stepWeights == null ? null : stepWeights.weight(block);
        if (weight == null) {
            return block.forward(ps, new NDList(x), false).singletonOrThrow();
        }
        NDArray bias = ps.getValue(block.getParameters().get("bias"), x.getDevice(), false);
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    boolean recordsAttention() {
        return recordAttention;
    }

    void setSource(NDArray mask, int rowCount) {
        this.sourceMask = mask;
        this.rows = rowCount;
    }

    NDArray sourceMask() {
        return sourceMask;
    }

    void setCross(int layer, NDArray keys, NDArray values) {
        crossKeys[layer] = keys;
        crossValues[layer] = values;
    }

    NDArray crossKeys(int layer) {
        return crossKeys[layer];
    }

    NDArray crossValues(int layer) {
        return crossValues[layer];
    }

    NDArray selfKeys(int layer) {
        return selfKeys[layer];
    }

    NDArray selfValues(int layer) {
        return selfValues[layer];
    }

    /** Replaces layer {@code layer}'s self-attention cache (the old arrays are freed). */
    void setSelf(int layer, NDArray keys, NDArray values) {
        NDScope.unregister(keys, values);
        replace(selfKeys, layer, keys);
        replace(selfValues, layer, values);
    }

    void setLastAttention(NDArray weights) {
        NDScope.unregister(weights);
        if (lastAttention != null) {
            lastAttention.close();
        }
        lastAttention = weights;
    }

    void advance() {
        length++;
    }

    /**
     * Keeps the given rows, in the given order (repeats allowed): row {@code i} of the new state is
     * row {@code rows[i]} of the old one.
     */
    public void select(long[] keep) {
        select(keep, false);
    }

    /**
     * {@link #select}, where {@code sameSources = true} promises that every new row {@code i}
     * decodes the same source as old row {@code i} (beam search reordering hypotheses within each
     * sentence): the per-source arrays (cross-attention keys and values, source mask) then stay as
     * they are and only the self-attention caches are reordered.
     */
    public void select(long[] keep, boolean sameSources) {
        if (sameSources && keep.length != rows) {
            throw new IllegalArgumentException(
                    "reordering within sources keeps " + rows + " rows, not " + keep.length);
        }
        try (NDArray index = manager.create(keep)) {
            for (int layer = 0; layer < crossKeys.length; layer++) {
                if (!sameSources) {
                    replace(crossKeys, layer, crossKeys[layer].get(index));
                    replace(crossValues, layer, crossValues[layer].get(index));
                }
                if (selfKeys[layer] != null) {
                    replace(selfKeys, layer, selfKeys[layer].get(index));
                    replace(selfValues, layer, selfValues[layer].get(index));
                }
            }
            if (!sameSources) {
                NDArray mask = sourceMask.get(index);
                sourceMask.close();
                sourceMask = mask;
            }
            if (lastAttention != null) {
                NDArray attention = lastAttention.get(index);
                lastAttention.close();
                lastAttention = attention;
            }
        }
        rows = keep.length;
    }

    private static void replace(NDArray[] arrays, int i, NDArray value) {
        if (arrays[i] != null && arrays[i] != value) {
            arrays[i].close();
        }
        arrays[i] = value;
    }

    @Override
    public void close() {
        manager.close();
    }
}
