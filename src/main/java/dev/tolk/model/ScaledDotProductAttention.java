package dev.tolk.model;

import ai.djl.ndarray.NDArray;

/**
 * Scaled dot-product attention (paper section 3.2.1): {@code softmax(Q·Kᵀ·scale + mask)·V}.
 *
 * <p>Shapes: queries (..., T, K), keys (..., S, K), values (..., S, K'), mask broadcastable to
 * (..., T, S); output (..., T, K'), weights (..., T, S). The leading axes are usually (B, H).
 */
public final class ScaledDotProductAttention {

    /** The additive mask value for a forbidden position (see the package's mask convention). */
    public static final float MASKED = -1e9f;

    private ScaledDotProductAttention() {}

    /** Output and the attention weights that produced it; both belong to the inputs' manager. */
    public record Result(NDArray output, NDArray weights) {}

    /** The paper's scale for a head width: {@code 1 / sqrt(d_k)}. */
    public static float defaultScale(long headDim) {
        return (float) (1.0 / Math.sqrt(headDim));
    }

    /**
     * Attends with the given scale and no dropout.
     *
     * @param mask additive mask, or null for none
     */
    public static Result attend(
            NDArray queries, NDArray keys, NDArray values, NDArray mask, float scale) {
        return attend(queries, keys, values, mask, scale, 0f, false);
    }

    /**
     * {@link #attend(NDArray, NDArray, NDArray, NDArray, float)} with the keys given transposed,
     * (..., K, S): decoding steps keep the encoder's keys so and save a transpose each.
     */
    public static Result attendTransposedKeys(
            NDArray queries, NDArray transposedKeys, NDArray values, NDArray mask, float scale) {
        return attendTransposed(queries, transposedKeys, values, mask, scale, 0f, false);
    }

    /**
     * Attends; in training, drops attention weights with probability {@code dropout} (the weights
     * returned are the ones used).
     */
    public static Result attend(
            NDArray queries,
            NDArray keys,
            NDArray values,
            NDArray mask,
            float scale,
            float dropout,
            boolean training) {
        // (..., S, K) -> (..., K, S)
        return attendTransposed(
                queries, keys.swapAxes(-1, -2), values, mask, scale, dropout, training);
    }

    private static Result attendTransposed(
            NDArray queries,
            NDArray transposedKeys,
            NDArray values,
            NDArray mask,
            float scale,
            float dropout,
            boolean training) {
        // Scaling Q (T×K) rather than the scores (T×S) costs the same one op and fewer flops.
        NDArray q = scale == 1f ? queries : Scalars.times(queries, scale);
        // (..., T, K) x (..., K, S) -> (..., T, S)
        NDArray scores = q.matMul(transposedKeys);
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray weights = scores.softmax(-1);
        if (training && dropout > 0f) {
            weights = Dropouts.apply(weights, dropout);
        }
        // (..., T, S) x (..., S, K') -> (..., T, K')
        return new Result(weights.matMul(values), weights);
    }
}
