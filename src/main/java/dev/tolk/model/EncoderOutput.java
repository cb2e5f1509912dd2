package dev.tolk.model;

import ai.djl.ndarray.NDArray;

/**
 * What the decoder needs from one {@link TransformerModel#encode} call.
 *
 * @param memory the encoder's output (B, S, D)
 * @param sourceMask additive key-padding mask of the source (B, 1, 1, S)
 */
public record EncoderOutput(NDArray memory, NDArray sourceMask) {}
