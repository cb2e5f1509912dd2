package dev.tolk.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * One decoder layer (paper section 3.1): masked self-attention over the target prefix,
 * cross-attention with queries from the decoder and keys and values from the encoder output, then
 * the feed-forward network; each inside a {@link SublayerConnection}.
 *
 * <p>{@code forward} inputs {@code (x (B, T, D), memory (B, S, D), targetMask (T, T), sourceMask
 * (B, 1, 1, S))}; output (B, T, D).
 */
public final class DecoderLayer extends DimPreservingBlock {

    private final MultiHeadAttention selfAttention;
    private final SublayerConnection selfAttentionConnection;
    private final MultiHeadAttention crossAttention;
    private final SublayerConnection crossAttentionConnection;
    private final FeedForward feedForward;
    private final SublayerConnection feedForwardConnection;

    DecoderLayer(TransformerConfig config) {
        super(config.modelDim());
        selfAttention =
                addChildBlock("selfAttention", attention(config, MultiHeadAttention.Kind.SELF));
        selfAttentionConnection = addChildBlock("selfAttentionConnection", connection(config));
        crossAttention =
                addChildBlock("crossAttention", attention(config, MultiHeadAttention.Kind.CROSS));
        crossAttentionConnection = addChildBlock("crossAttentionConnection", connection(config));
        feedForward =
                addChildBlock(
                        "feedForward",
                        new FeedForward(modelDim, config.ffnDim(), config.dropout()));
        feedForwardConnection = addChildBlock("feedForwardConnection", connection(config));
    }

    private static MultiHeadAttention attention(
            TransformerConfig config, MultiHeadAttention.Kind kind) {
        return new MultiHeadAttention(
                kind, config.modelDim(), config.headCount(), config.dropout());
    }

    private static SublayerConnection connection(TransformerConfig config) {
        return new SublayerConnection(config.norm(), config.modelDim(), config.dropout());
    }

    public NDArray forward(
            ParameterStore ps,
            NDArray x,
            NDArray memory,
            NDArray targetMask,
            NDArray sourceMask,
            boolean training) {
        x =
                selfAttentionConnection.apply(
                        ps,
                        x,
                        y -> selfAttention.forward(ps, y, null, targetMask, training),
                        training);
        x =
                crossAttentionConnection.apply(
                        ps,
                        x,
                        y -> crossAttention.forward(ps, y, memory, sourceMask, training),
                        training);
        return feedForwardConnection.apply(
                ps, x, y -> feedForward.forward(ps, y, training), training);
    }

    /**
     * One incremental decoding step for the new position x (B, 1, D), with this layer's caches in
     * {@code state} (layer index {@code layer}); with {@code record}, the cross-attention weights
     * are kept in the state. Output (B, 1, D).
     */
    NDArray step(ParameterStore ps, NDArray x, DecoderState state, int layer, boolean record) {
        x =
                selfAttentionConnection.apply(
                        ps, x, y -> selfAttention.stepSelf(ps, y, state, layer), false);
        x =
                crossAttentionConnection.apply(
                        ps, x, y -> crossAttention.stepCross(ps, y, state, layer, record), false);
        return feedForwardConnection.apply(ps, x, y -> feedForward.step(ps, y, state), false);
    }

    /** The linear maps of {@link #step}, for {@link StepWeights}. */
    List<Linear> stepLinears() {
        List<Linear> linears = new ArrayList<>(selfAttention.stepLinears());
        linears.addAll(crossAttention.stepLinears());
        linears.addAll(feedForward.stepLinears());
        return linears;
    }

    /** The step's query rows of both attentions ({@link MultiHeadAttention#stepQueryRows}). */
    List<java.util.Map.Entry<Linear, Long>> stepQueryRows() {
        return List.of(selfAttention.stepQueryRows(), crossAttention.stepQueryRows());
    }

    /** The attentions' query scale (both have the same heads). */
    float attentionScale() {
        return selfAttention.scale();
    }

    /** This layer's cross-attention keys and values of the encoder output. */
    NDArray[] memoryKeysValues(ParameterStore ps, NDArray memory) {
        return crossAttention.memoryKeysValues(ps, memory);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(
                forward(ps, inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), training));
    }
}
