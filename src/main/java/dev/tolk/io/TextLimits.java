package dev.tolk.io;

/**
 * How much text a reader accepts from one file, checked while it streams (a line is refused after
 * at most {@code maxLineChars + 1} characters of it are read, a file after {@code maxBytes + 1}
 * bytes): a small compressed file cannot fill the heap.
 *
 * @param maxBytes bytes of a file once decompressed, at most
 * @param maxLineChars characters of one line (without its terminator), at most
 */
public record TextLimits(long maxBytes, int maxLineChars) {

    /** The line cap of {@code tolk.datasets.max-line-chars}'s default. */
    public static final int DEFAULT_MAX_LINE_CHARS = 100_000;

    /** What corpora are read with unless told otherwise: lines capped, files not. */
    public static final TextLimits DEFAULT = new TextLimits(Long.MAX_VALUE, DEFAULT_MAX_LINE_CHARS);

    /** No cap (files the operator names on the command line). */
    public static final TextLimits NONE = new TextLimits(Long.MAX_VALUE, Integer.MAX_VALUE);

    public TextLimits {
        if (maxBytes < 1 || maxLineChars < 1) {
            throw new IllegalArgumentException(
                    "text limits must be positive: maxBytes "
                            + maxBytes
                            + ", maxLineChars "
                            + maxLineChars);
        }
    }
}
