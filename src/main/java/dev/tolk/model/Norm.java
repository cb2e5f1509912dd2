package dev.tolk.model;

/** Where each sub-layer's LayerNorm sits relative to its residual connection. */
public enum Norm {
    /** {@code LayerNorm(x + Sublayer(x))}: the paper's arrangement. */
    POST,
    /**
     * {@code x + Sublayer(LayerNorm(x))}, with one more LayerNorm at the end of the encoder and of
     * the decoder: trains without warm-up tricks on deep stacks.
     */
    PRE
}
