package dev.tolk.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caps of {@link TextLimits}, checked while the text streams. */
class LineReaderTest {

    @TempDir Path dir;

    private static List<String> read(String text, int maxLineChars) throws IOException {
        return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxLineChars);
    }

    private static List<String> read(InputStream in, int maxLineChars) throws IOException {
        List<String> lines = new ArrayList<>();
        try (LineReader reader = new LineReader(in, Path.of("t.txt"), maxLineChars)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void aLineAtTheCapIsReadWithItsTerminatorAndMarkNotCounted() throws IOException {
        assertThat(read("\uFEFFabcde\r\nfghij\n12345", 5))
                .containsExactly("abcde", "fghij", "12345");
        // a supplementary character is two chars of a Java string
        assertThat(read("ab\uD83D\uDE00d\n", 5)).containsExactly("ab\uD83D\uDE00d");
    }

    @Test
    void aLineOverTheCapIsRefusedNamingItsNumber() {
        assertThatThrownBy(() -> read("abc\nabcdef\nabc\n", 5))
                .isInstanceOfSatisfying(
                        TextTooLargeException.class,
                        e -> {
                            assertThat(e.line()).isEqualTo(2);
                            assertThat(e.limit()).isEqualTo(TextTooLargeException.Limit.LINE_CHARS);
                            assertThat(e.max()).isEqualTo(5);
                        })
                .hasMessageContaining("t.txt:2")
                .hasMessageContaining("longer than 5 characters");
        assertThatThrownBy(() -> read("abcd\uD83D\uDE00\n", 5))
                .isInstanceOf(TextTooLargeException.class);
        assertThatThrownBy(() -> read("abcde\rf\n", 5)).isInstanceOf(TextTooLargeException.class);
    }

    @Test
    void anEndlessLineIsRefusedAfterTheCapPlusOneCharacter() {
        int[] served = {0};
        InputStream endless =
                new InputStream() {
                    @Override
                    public int read() {
                        served[0]++;
                        return 'x';
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        b[off] = (byte) read(); // a byte at a time: what was read is counted
                        return 1;
                    }
                };
        assertThatThrownBy(() -> read(endless, 100)).isInstanceOf(TextTooLargeException.class);
        assertThat(served[0]).isEqualTo(101);
    }

    @Test
    void aFileOverTheByteCapIsRefusedPlainOrGzip() throws IOException {
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "0123456789\n".repeat(10)); // 110 bytes
        assertThat(readAll(plain, new TextLimits(110, 100))).isEqualTo(10);
        assertThatThrownBy(() -> readAll(plain, new TextLimits(109, 100)))
                .isInstanceOfSatisfying(
                        TextTooLargeException.class,
                        e ->
                                assertThat(e.limit())
                                        .isEqualTo(TextTooLargeException.Limit.DECOMPRESSED_BYTES))
                .hasMessageContaining("larger than 109 bytes");

        Path gz = dir.resolve("packed.txt.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("0123456789\n".repeat(1000).getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(Files.size(gz)).isLessThan(1000);
        assertThatThrownBy(() -> readAll(gz, new TextLimits(1000, 100)))
                .isInstanceOf(TextTooLargeException.class);
    }

    private static int readAll(Path file, TextLimits limits) throws IOException {
        int n = 0;
        try (LineReader reader = TextFiles.lines(file, limits)) {
            while (reader.readLine() != null) {
                n++;
            }
        }
        return n;
    }
}
