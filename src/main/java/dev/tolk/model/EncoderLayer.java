package dev.tolk.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One encoder layer (paper section 3.1): self-attention over the source, then the feed-forward
 * network, each inside a {@link SublayerConnection}.
 *
 * <p>{@code forward} inputs {@code (x (B, S, D), sourceMask (B, 1, 1, S))}; output (B, S, D).
 */
public final class EncoderLayer extends DimPreservingBlock {

    private final MultiHeadAttention selfAttention;
    private final SublayerConnection selfAttentionConnection;
    private final FeedForward feedForward;
    private final SublayerConnection feedForwardConnection;

    EncoderLayer(TransformerConfig config) {
        super(config.modelDim());
        selfAttention =
                addChildBlock(
                        "selfAttention",
                        new MultiHeadAttention(
                                MultiHeadAttention.Kind.SELF,
                                config.modelDim(),
                                config.headCount(),
                                config.dropout()));
        selfAttentionConnection =
                addChildBlock(
                        "selfAttentionConnection",
                        new SublayerConnection(config.norm(), modelDim, config.dropout()));
        feedForward =
                addChildBlock(
                        "feedForward",
                        new FeedForward(modelDim, config.ffnDim(), config.dropout()));
        feedForwardConnection =
                addChildBlock(
                        "feedForwardConnection",
                        new SublayerConnection(config.norm(), modelDim, config.dropout()));
    }

    public NDArray forward(ParameterStore ps, NDArray x, NDArray sourceMask, boolean training) {
        x =
                selfAttentionConnection.apply(
                        ps,
                        x,
                        y -> selfAttention.forward(ps, y, null, sourceMask, training),
                        training);
        return feedForwardConnection.apply(
                ps, x, y -> feedForward.forward(ps, y, training), training);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.get(0), inputs.get(1), training));
    }
}
