package dev.tolk.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Map;

/**
 * Multi-head attention (paper section 3.2.2): queries, keys and values are projected and split into
 * H heads of width K = D / H; head i attends with its own queries, keys and values only; the heads'
 * outputs are concatenated and projected back to D.
 *
 * <p>{@link Kind#SELF} projects Q, K and V from one input with one fused D→3D linear map (one
 * matrix product instead of three); {@link Kind#CROSS} projects Q from the decoder and K, V from
 * the encoder output with a D→2D map. Masks follow the package convention.
 *
 * <p>{@code forward} inputs: SELF {@code (x (B, T, D), [mask])}; CROSS {@code (x (B, T, D), memory
 * (B, S, D), [mask])}. Output {@code (B, T, D)}.
 */
public final class MultiHeadAttention extends DimPreservingBlock {

    /** Where keys and values come from. */
    public enum Kind {
        /** From the queries' own sequence. */
        SELF,
        /** From another sequence (the encoder output). */
        CROSS
    }

    private final Kind kind;
    private final int headCount;
    private final float dropout;
    private final Linear queryKeyValue;
    private final Linear query;
    private final Linear keyValue;
    private final Linear output;

    MultiHeadAttention(Kind kind, int modelDim, int headCount, float dropout) {
        super(modelDim);
        this.kind = kind;
        this.headCount = headCount;
        this.dropout = dropout;
        if (kind == Kind.SELF) {
            queryKeyValue = addChildBlock("queryKeyValue", linear(3 * modelDim));
            query = null;
            keyValue = null;
        } else {
            queryKeyValue = null;
            query = addChildBlock("query", linear(modelDim));
            keyValue = addChildBlock("keyValue", linear(2 * modelDim));
        }
        output = addChildBlock("output", linear(modelDim));
    }

    private static Linear linear(int units) {
        return Linear.builder().setUnits(units).optBias(true).build();
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Attention per head, before the heads are concatenated.
     *
     * @param x queries' input (B, T, D)
     * @param memory keys' and values' input (B, S, D) for CROSS; ignored (may be null) for SELF
     * @param mask additive mask broadcastable to (B, H, T, S), or null
     * @return output (B, H, T, K) and weights (B, H, T, S)
     */
    public ScaledDotProductAttention.Result attendHeads(
            ParameterStore ps, NDArray x, NDArray memory, NDArray mask, boolean training) {
        NDArray q;
        NDArray k;
        NDArray v;
        if (kind == Kind.SELF) {
            NDArray qkv = splitHeads(forward(ps, queryKeyValue, x, training), 3);
            q = qkv.get(0);
            k = qkv.get(1);
            v = qkv.get(2);
        } else {
            if (memory == null) {
                throw new IllegalArgumentException("cross-attention needs the encoder output");
            }
            q = splitHeads(forward(ps, query, x, training), 1).get(0);
            NDArray kv = splitHeads(forward(ps, keyValue, memory, training), 2);
            k = kv.get(0);
            v = kv.get(1);
        }
        float scale = ScaledDotProductAttention.defaultScale(modelDim / headCount);
        return ScaledDotProductAttention.attend(q, k, v, mask, scale, dropout, training);
    }

    /**
     * Attention with heads concatenated and projected: (B, T, D).
     *
     * @see #attendHeads
     */
    public NDArray forward(
            ParameterStore ps, NDArray x, NDArray memory, NDArray mask, boolean training) {
        return forward(
                ps,
                output,
                mergeHeads(attendHeads(ps, x, memory, mask, training).output()),
                training);
    }

    /**
     * CROSS only: the keys of the encoder output transposed, (B, H, K, S), and its values, (B, H,
     * S, K), computed once per sentence for incremental decoding.
     */
    NDArray[] memoryKeysValues(ParameterStore ps, NDArray memory) {
        NDArray kv = splitHeads(forward(ps, keyValue, memory, false), 2);
        // Contiguous copies, once: as transposed views, every step's matrix products would copy
        // them again. The keys as the products read them, so no step transposes them.
        // (B, H, S, K) -> (B, H, K, S)
        return new NDArray[] {contiguous(kv.get(0).swapAxes(-1, -2)), contiguous(kv.get(1))};
    }

    /**
     * SELF only, one decoding step: projects the new position x (B, 1, D), appends its key and
     * value to layer {@code layer}'s cache in {@code state}, and attends over every cached position
     * (all earlier ones, so no mask is needed). Output (B, 1, D).
     */
    NDArray stepSelf(ParameterStore ps, NDArray x, DecoderState state, int layer) {
        NDArray qkv = splitHeads(state.linear(ps, queryKeyValue, x), 3);
        NDArray[] cached = state.appendSelf(layer, qkv);
        float scale = stepScale(state);
        NDArray heads =
                ScaledDotProductAttention.attend(qkv.get(0), cached[0], cached[1], null, scale)
                        .output();
        return state.linear(ps, output, mergeHeads(heads));
    }

    /**
     * CROSS only, one decoding step: queries from x (B, 1, D), keys and values from the state. With
     * {@code record}, the weights averaged over heads, (B, S), become the state's last attention.
     * Output (B, 1, D).
     */
    NDArray stepCross(ParameterStore ps, NDArray x, DecoderState state, int layer, boolean record) {
        NDArray q = splitHeads(state.linear(ps, query, x), 1).get(0);
        float scale = stepScale(state);
        ScaledDotProductAttention.Result result =
                ScaledDotProductAttention.attendTransposedKeys(
                        q,
                        state.crossKeys(layer),
                        state.crossValues(layer),
                        state.sourceMask(),
                        scale);
        if (record) {
            // (B, H, 1, S) -> (B, S)
            state.setLastAttention(result.weights().mean(new int[] {1}).squeeze(1));
        }
        return state.linear(ps, output, mergeHeads(result.output()));
    }

    /**
     * The linear map of a decoding step whose first output rows are the queries, and how many rows
     * they are: {@link StepWeights} folds the attention's scale into them.
     */
    Map.Entry<Linear, Long> stepQueryRows() {
        return Map.entry(kind == Kind.SELF ? queryKeyValue : query, (long) modelDim);
    }

    /** The paper's {@code 1 / sqrt(d_k)} for this attention's heads. */
    float scale() {
        return ScaledDotProductAttention.defaultScale(modelDim / headCount);
    }

    /** The scale a step applies to its queries: none when the step's weights carry it. */
    private float stepScale(DecoderState state) {
        return state.stepWeights() != null ? 1f : scale();
    }

    /** The linear maps a decoding step multiplies by (not CROSS's keys and values: once a call). */
    List<Linear> stepLinears() {
        return kind == Kind.SELF ? List.of(queryKeyValue, output) : List.of(query, output);
    }

    /**
     * {@code x} laid out contiguously (flattening a strided view copies it; reshaping back is
     * free).
     */
    private static NDArray contiguous(NDArray x) {
        return x.flatten().reshape(x.getShape());
    }

    private static NDArray forward(ParameterStore ps, Linear block, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** (B, L, n·D) -> (n, B, H, L, K): n projections, each split into heads. */
    private NDArray splitHeads(NDArray projected, int n) {
        Shape shape = projected.getShape();
        long batch = shape.get(0);
        long length = shape.get(1);
        // (B, L, n·D) -> (B, L, n, H, K) -> (n, B, H, L, K)
        return projected
                .reshape(batch, length, n, headCount, modelDim / headCount)
                .transpose(2, 0, 3, 1, 4);
    }

    /** (B, H, L, K) -> (B, L, D): the heads concatenated. */
    private NDArray mergeHeads(NDArray heads) {
        Shape shape = heads.getShape();
        // (B, H, L, K) -> (B, L, H, K) -> (B, L, D)
        return heads.transpose(0, 2, 1, 3).reshape(shape.get(0), shape.get(2), modelDim);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        int next = 1;
        NDArray memory = null;
        if (kind == Kind.CROSS) {
            memory = inputs.get(next++);
        }
        NDArray mask = inputs.size() > next ? inputs.get(next) : null;
        return new NDList(forward(ps, x, memory, mask, training));
    }
}
