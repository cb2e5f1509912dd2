package dev.tolk.io;

import java.nio.file.Path;

/**
 * Text over a {@link TextLimits} cap: a line longer than {@code maxLineChars}, or a file larger
 * than {@code maxBytes} once decompressed. Reading stops where the cap is passed.
 */
public class TextTooLargeException extends MalformedTextException {

    /** Which cap was passed. */
    public enum Limit {
        /** {@link TextLimits#maxLineChars()}. */
        LINE_CHARS,
        /** {@link TextLimits#maxBytes()}. */
        DECOMPRESSED_BYTES
    }

    private final Limit limit;
    private final long max;

    TextTooLargeException(Path file, long line, Limit limit, long max) {
        super(file, line, describe(limit, max));
        this.limit = limit;
        this.max = max;
    }

    private static String describe(Limit limit, long max) {
        return switch (limit) {
            case LINE_CHARS -> "the line is longer than " + max + " characters";
            case DECOMPRESSED_BYTES -> "the file is larger than " + max + " bytes (decompressed)";
        };
    }

    public Limit limit() {
        return limit;
    }

    /** The cap that was passed. */
    public long max() {
        return max;
    }
}
