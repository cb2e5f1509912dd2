package dev.tolk.data;

/** Why cleaning dropped a pair. */
public enum DropReason {
    /** A side is empty after normalization. */
    EMPTY,
    /** A side has more words than the configured limit. */
    TOO_LONG,
    /** One side is more than the configured ratio times longer than the other. */
    LENGTH_RATIO,
    /** The same pair (after normalization) came before. */
    DUPLICATE
}
