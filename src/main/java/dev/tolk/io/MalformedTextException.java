package dev.tolk.io;

import java.nio.file.Path;

/** Text input that cannot be used, with the file and 1-based line where it was found. */
public class MalformedTextException extends RuntimeException {

    private final Path file;
    private final long line;

    public MalformedTextException(Path file, long line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem concerns the whole file. */
    public long line() {
        return line;
    }
}
