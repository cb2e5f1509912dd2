package dev.tolk.io;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads lines of strict UTF-8, one at a time, knowing the line number: invalid bytes are a {@link
 * MalformedTextException} naming the file and line (a {@code Reader} decodes ahead in blocks and
 * cannot say which line was bad). Lines end at {@code \n}; a trailing {@code \r} is dropped; a
 * UTF-8 byte-order mark at the start is skipped. A line longer than the reader's cap is a {@link
 * TextTooLargeException}, thrown while the line streams in: at most the cap plus one character of
 * it is ever held.
 */
public final class LineReader implements Closeable {

    private final InputStream in;
    private final Path file;
    private final int maxLineChars;
    private final CharsetDecoder decoder =
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private final byte[] chunk = new byte[1 << 16];
    private int position;
    private int limit;
    private long lineNumber;
    private boolean started;

    LineReader(InputStream in, Path file, int maxLineChars) {
        this.in = in;
        this.file = file;
        this.maxLineChars = maxLineChars;
    }

    /** The next line without its terminator, or null at the end of the file. */
    public String readLine() throws IOException {
        buffer.reset();
        boolean any = false;
        // characters so far, counted on the bytes (a UTF-8 sequence starts with a non-continuation
        // byte; a 4-byte one is two Java chars); a line may end in a \r that is not part of it
        long chars = 0;
        long allowed = maxLineChars;
        while (true) {
            if (position == limit) {
                limit = in.read(chunk);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int end = position;
            while (end < limit && chunk[end] != '\n') {
                byte b = chunk[end];
                boolean mark = !started && b == (byte) 0xef; // a byte-order mark is not text
                started = true;
                if ((b & 0xc0) != 0x80 && !mark) {
                    chars += (b & 0xf8) == 0xf0 ? 2 : 1;
                    if (chars > allowed && !(chars == allowed + 1 && b == '\r')) {
                        throw tooLong();
                    }
                }
                end++;
            }
            buffer.write(chunk, position, end - position);
            if (end < limit) {
                position = end + 1;
                break;
            }
            position = limit;
        }
        lineNumber++;
        String line = decode(buffer.toByteArray());
        if (line.length() > maxLineChars) {
            lineNumber--; // tooLong() names the line being read
            throw tooLong();
        }
        return line;
    }

    private TextTooLargeException tooLong() {
        return new TextTooLargeException(
                file, lineNumber + 1, TextTooLargeException.Limit.LINE_CHARS, maxLineChars);
    }

    private String decode(byte[] bytes) {
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        int start = 0;
        if (lineNumber == 1
                && length >= 3
                && (bytes[0] & 0xff) == 0xef
                && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf) {
            start = 3;
        }
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, start, length - start)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedTextException(
                    file, lineNumber, "invalid UTF-8: the file must be UTF-8 encoded text");
        }
    }

    /** The 1-based number of the line last returned. */
    public long lineNumber() {
        return lineNumber;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
