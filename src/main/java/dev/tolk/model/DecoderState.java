package dev.tolk.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
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
 *
 * <p>Self-attention keys and values grow by concatenation (a copy of the layer's cache a step), or,
 * after {@link #reserve}, in buffers of a fixed number of positions written in place: the way for
 * greedy search, whose rows change only when sentences end. Beam search reorders its rows every
 * step, which copies a buffer's unused room too, so it concatenates.
 */
public final class DecoderState implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] crossKeys;
    private final NDArray[] crossValues;
    private final NDArray[] selfKeys;
    private final NDArray[] selfValues;
    private final NDArray[] selfBuffers;
    private int capacity;
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
        this.selfBuffers = new NDArray[layers];
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
        NDArray bias = stepWeights.bias(block);
        if (bias == null) {
            bias = ps.getValue(block.getParameters().get("bias"), x.getDevice(), false);
        }
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

    /**
     * Promises at most {@code positions} steps: the self-attention keys and values then go into
     * buffers of that many positions, written in place. Before the first step only.
     */
    public void reserve(int positions) {
        if (length > 0) {
            throw new IllegalStateException("reserve before the first step, not at step " + length);
        }
        if (positions < 1) {
            throw new IllegalArgumentException("positions (" + positions + ") must be positive");
        }
        capacity = positions;
    }

    /**
     * Appends this step's keys and values to layer {@code layer}'s self-attention cache and returns
     * the keys and values of every position so far, each (rows, H, length + 1, K).
     *
     * @param queryKeyValue the step's projections (3, rows, H, 1, K): queries, keys, values
     */
    NDArray[] appendSelf(int layer, NDArray queryKeyValue) {
        if (capacity == 0) {
            NDArray keys = queryKeyValue.get(1);
            NDArray values = queryKeyValue.get(2);
            if (selfKeys[layer] != null) {
                // (rows, H, t, K) + (rows, H, 1, K) -> (rows, H, t + 1, K)
                keys = selfKeys[layer].concat(keys, 2);
                values = selfValues[layer].concat(values, 2);
            }
            NDScope.unregister(keys, values);
            replace(selfKeys, layer, keys);
            replace(selfValues, layer, values);
            return new NDArray[] {keys, values};
        }
        if (length >= capacity) {
            throw new IllegalStateException(
                    "step " + (length + 1) + " is past the " + capacity + " positions reserved");
        }
        Shape shape = queryKeyValue.getShape();
        if (selfBuffers[layer] == null) {
            // (2, rows, H, capacity, K), uninitialized: only positions written are read
            NDArray buffer =
                    manager.create(
                            new Shape(2, shape.get(1), shape.get(2), capacity, shape.get(4)),
                            queryKeyValue.getDataType());
            NDScope.unregister(buffer);
            selfBuffers[layer] = buffer;
        }
        NDArray buffer = selfBuffers[layer];
        buffer.set(new NDIndex(":, :, :, {}:{}", length, length + 1), queryKeyValue.get("1:3"));
        // views of positions 0..length, no copy
        return new NDArray[] {
            buffer.get(new NDIndex("0, :, :, :{}", length + 1)),
            buffer.get(new NDIndex("1, :, :, :{}", length + 1))
        };
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
                if (selfBuffers[layer] != null) {
                    // (2, rows, H, capacity, K): rows are axis 1
                    replace(
                            selfBuffers,
                            layer,
                            selfBuffers[layer].get(new NDIndex(":, {}", index)));
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
