package dev.tolk.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * N decoder layers with separate parameters, plus a final LayerNorm under {@link Norm#PRE}.
 *
 * <p>{@code forward} inputs {@code (x (B, T, D), memory (B, S, D), targetMask (T, T), sourceMask
 * (B, 1, 1, S))}; output (B, T, D) hidden states, before the output projection.
 */
public final class TransformerDecoder extends DimPreservingBlock {

    private final List<DecoderLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;

    TransformerDecoder(TransformerConfig config) {
        super(config.modelDim());
        for (int i = 0; i < config.decoderLayerCount(); i++) {
            layers.add(addChildBlock("layer" + i, new DecoderLayer(config)));
        }
        finalNorm =
                config.norm() == Norm.PRE
                        ? addChildBlock("finalNorm", LayerNorm.builder().axis(2).build())
                        : null;
    }

    public NDArray forward(
            ParameterStore ps,
            NDArray x,
            NDArray memory,
            NDArray targetMask,
            NDArray sourceMask,
            boolean training) {
        for (DecoderLayer layer : layers) {
            x = layer.forward(ps, x, memory, targetMask, sourceMask, training);
        }
        return finalNorm == null ? x : finalNorm.forward(ps, new NDList(x), training).head();
    }

    /** Fills {@code state}'s cross-attention keys and values from the encoder output. */
    void prepare(ParameterStore ps, NDArray memory, DecoderState state) {
        for (int i = 0; i < layers.size(); i++) {
            NDArray[] kv = layers.get(i).memoryKeysValues(ps, memory);
            state.setCross(i, kv[0], kv[1]);
        }
    }

    /** One incremental step: x (B, 1, D) to hidden states (B, 1, D), caches grown by one. */
    NDArray step(ParameterStore ps, NDArray x, DecoderState state) {
        int last = layers.size() - 1;
        for (int i = 0; i <= last; i++) {
            x = layers.get(i).step(ps, x, state, i, i == last && state.recordsAttention());
        }
        return finalNorm == null ? x : finalNorm.forward(ps, new NDList(x), false).head();
    }

    /** Every layer's step query rows, for {@link StepWeights}. */
    List<java.util.Map.Entry<Linear, Long>> stepQueryRows() {
        List<java.util.Map.Entry<Linear, Long>> rows = new ArrayList<>();
        for (DecoderLayer layer : layers) {
            rows.addAll(layer.stepQueryRows());
        }
        return rows;
    }

    /** The attentions' query scale. */
    float attentionScale() {
        return layers.get(0).attentionScale();
    }

    /** The linear maps of {@link #step}, for {@link StepWeights}. */
    List<Linear> stepLinears() {
        List<Linear> linears = new ArrayList<>();
        for (DecoderLayer layer : layers) {
            linears.addAll(layer.stepLinears());
        }
        return linears;
    }

    int layerCount() {
        return layers.size();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(
                forward(ps, inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), training));
    }
}
