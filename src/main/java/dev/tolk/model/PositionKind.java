package dev.tolk.model;

/** How position information is added to token embeddings (paper section 3.5). */
public enum PositionKind {
    /** Fixed sine/cosine functions of the position, no parameters. */
    SINUSOIDAL,
    /** A learned vector per position (one table for the encoder, one for the decoder). */
    LEARNED
}
