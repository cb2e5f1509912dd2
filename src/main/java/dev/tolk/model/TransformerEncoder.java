package dev.tolk.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * N encoder layers with separate parameters, plus a final LayerNorm under {@link Norm#PRE}.
 *
 * <p>{@code forward} inputs {@code (x (B, S, D), sourceMask (B, 1, 1, S))}: embedded source with
 * positions; output (B, S, D).
 */
public final class TransformerEncoder extends DimPreservingBlock {

    private final List<EncoderLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;

    TransformerEncoder(TransformerConfig config) {
        super(config.modelDim());
        for (int i = 0; i < config.encoderLayerCount(); i++) {
            layers.add(addChildBlock("layer" + i, new EncoderLayer(config)));
        }
        finalNorm =
                config.norm() == Norm.PRE
                        ? addChildBlock("finalNorm", LayerNorm.builder().axis(2).build())
                        : null;
    }

    public NDArray forward(ParameterStore ps, NDArray x, NDArray sourceMask, boolean training) {
        for (EncoderLayer layer : layers) {
            x = layer.forward(ps, x, sourceMask, training);
        }
        return finalNorm == null ? x : finalNorm.forward(ps, new NDList(x), training).head();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.get(0), inputs.get(1), training));
    }
}
