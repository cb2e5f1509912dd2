package dev.tolk.data;

/** One source sentence and its translation. */
public record SentencePair(String source, String target) {}
