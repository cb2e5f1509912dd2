package dev.tolk.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Opens text files that may be gzip-compressed (recognised by content, not by name). */
public final class TextFiles {

    private static final int BUFFER = 1 << 16;

    private TextFiles() {}

    /**
     * Opens {@code file} for reading, decompressing it when it starts with the gzip magic bytes.
     *
     * @throws NoSuchFileException with the path when the file is missing
     */
    public static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(
                    file.toString(), null, "no such file (or not a regular file)");
        }
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first == 0x1f && second == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
        }
        return in;
    }

    /** Every line of a (small) text file, strict UTF-8, without terminators. */
    public static List<String> readAllLines(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (LineReader reader = lines(file)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** A strict UTF-8 line reader over {@link #open}. */
    public static LineReader lines(Path file) throws IOException {
        return new LineReader(open(file), file);
    }
}
