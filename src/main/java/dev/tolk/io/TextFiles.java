package dev.tolk.io;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
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
        return open(file, Long.MAX_VALUE);
    }

    /**
     * {@link #open(Path)}, refusing to deliver more than {@code maxBytes} bytes (decompressed): the
     * read that would pass the cap throws a {@link TextTooLargeException}, having read at most one
     * byte over it.
     */
    public static InputStream open(Path file, long maxBytes) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(
                    file.toString(), null, "no such file (or not a regular file)");
        }
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            in.mark(2);
            int first = in.read();
            int second = in.read();
            in.reset();
            InputStream text =
                    first == 0x1f && second == 0x8b
                            ? new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER)
                            : in;
            return maxBytes == Long.MAX_VALUE ? text : new CappedInputStream(text, file, maxBytes);
        } catch (IOException | RuntimeException e) {
            in.close(); // a broken gzip header: the file is not left open
            throw e;
        }
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

    /** A strict UTF-8 line reader over {@link #open}, without caps. */
    public static LineReader lines(Path file) throws IOException {
        return lines(file, TextLimits.NONE);
    }

    /** A strict UTF-8 line reader over {@link #open}, refusing text over {@code limits}. */
    public static LineReader lines(Path file, TextLimits limits) throws IOException {
        return new LineReader(open(file, limits.maxBytes()), file, limits.maxLineChars());
    }

    /** Counts the bytes it delivers and refuses to pass the cap. */
    private static final class CappedInputStream extends FilterInputStream {
        private final Path file;
        private final long max;
        private long count;

        CappedInputStream(InputStream in, Path file, long max) {
            super(in);
            this.file = file;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            // never more than one byte past the cap: that byte proves the file is over it
            int n = super.read(b, off, (int) Math.min(len, max + 1 - count));
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new TextTooLargeException(
                            file, 0, TextTooLargeException.Limit.DECOMPRESSED_BYTES, max);
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, max - count));
            count += skipped;
            return skipped;
        }
    }
}
