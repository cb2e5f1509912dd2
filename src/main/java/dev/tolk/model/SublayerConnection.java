package dev.tolk.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.UnaryOperator;

/**
 * The residual connection and LayerNorm around one sub-layer (paper section 5.4 applies dropout to
 * the sub-layer's output before the sum): {@link Norm#POST} computes {@code LayerNorm(x +
 * dropout(f(x)))}, {@link Norm#PRE} computes {@code x + dropout(f(LayerNorm(x)))}. Shapes (B, L, D)
 * in and out.
 */
public final class SublayerConnection extends DimPreservingBlock {

    private final Norm norm;
    private final float dropout;
    private final LayerNorm layerNorm;

    SublayerConnection(Norm norm, int modelDim, float dropout) {
        super(modelDim);
        this.norm = norm;
        this.dropout = dropout;
        // Axis 2 of (B, L, D): normalise each position over D only (DJL's default is every axis
        // but the batch).
        layerNorm = addChildBlock("layerNorm", LayerNorm.builder().axis(2).build());
    }

    /** Applies {@code sublayer} with the residual and norm around it. */
    public NDArray apply(
            ParameterStore ps, NDArray x, UnaryOperator<NDArray> sublayer, boolean training) {
        if (norm == Norm.PRE) {
            return Scopes.keepResult(
                    () -> x.add(dropout(sublayer.apply(normalize(ps, x, training)), training)));
        }
        return Scopes.keepResult(
                () -> normalize(ps, x.add(dropout(sublayer.apply(x), training)), training));
    }

    private NDArray normalize(ParameterStore ps, NDArray x, boolean training) {
        return layerNorm.forward(ps, new NDList(x), training).head();
    }

    private NDArray dropout(NDArray x, boolean training) {
        return training && dropout > 0f ? Dropouts.apply(x, dropout) : x;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException(
                "a sublayer connection wraps a function: call apply(ps, x, sublayer, training)");
    }
}
