package dev.tolk.data;

/**
 * The held-out data a model is evaluated on.
 *
 * @param origin {@code validation-set} when given, {@code split} when cut from the corpus
 * @param pairs held-out pairs
 * @param leakedPairs held-out pairs that also occur in the training data (the same normalized
 *     source and target); scores on them overstate quality
 */
public record HeldOutReport(String origin, long pairs, long leakedPairs) {}
