package dev.tolk.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tolk.io.MalformedTextException;
import dev.tolk.io.TextLimits;
import dev.tolk.io.TextTooLargeException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusReaderTest {

    @TempDir Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private Path writeGzip(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private static List<SentencePair> readAll(CorpusFiles files) throws IOException {
        List<SentencePair> pairs = new ArrayList<>();
        try (CorpusReader reader = CorpusReader.open(files)) {
            for (SentencePair pair = reader.next(); pair != null; pair = reader.next()) {
                pairs.add(pair);
            }
        }
        return pairs;
    }

    @Test
    void readsAlignedFilesPlainOrGzip() throws IOException {
        Path en = write("train.en", "A dog.\r\nTwo cats.\n");
        Path de = writeGzip("train.de.gz", "Ein Hund.\nZwei Katzen.\n");

        assertThat(readAll(CorpusFiles.aligned(en, de)))
                .containsExactly(
                        new SentencePair("A dog.", "Ein Hund."),
                        new SentencePair("Two cats.", "Zwei Katzen."));
    }

    @Test
    void readsTsv() throws IOException {
        Path tsv = write("pairs.tsv", "\uFEFFA dog.\tEin Hund.\nTwo cats.\tZwei Katzen.");

        assertThat(readAll(CorpusFiles.detect(List.of(tsv))))
                .containsExactly(
                        new SentencePair("A dog.", "Ein Hund."),
                        new SentencePair("Two cats.", "Zwei Katzen."));
    }

    @Test
    void readsJsonLines() throws IOException {
        Path jsonl =
                writeGzip(
                        "pairs.jsonl.gz",
                        "{\"source\": \"A dog.\", \"target\": \"Ein Hund.\"}\n\n"
                                + "{\"target\": \"Zwei \\\"Katzen\\\".\", \"source\": \"Two cats.\","
                                + " \"id\": 7}\n");

        assertThat(readAll(CorpusFiles.detect(List.of(jsonl))))
                .containsExactly(
                        new SentencePair("A dog.", "Ein Hund."),
                        new SentencePair("Two cats.", "Zwei \"Katzen\"."));
    }

    @Test
    void alignedFilesOfDifferentLengthsGiveBothCounts() throws IOException {
        Path en = write("a.en", "1\n2\n3\n");
        Path de = write("a.de", "1\n2\n");

        assertThatThrownBy(() -> readAll(CorpusFiles.aligned(en, de)))
                .isInstanceOf(MalformedTextException.class)
                .hasMessageContaining("different line counts")
                .hasMessageContaining(en + " has 3 lines")
                .hasMessageContaining(de + " has 2");
    }

    @Test
    void invalidUtf8NamesTheFileAndLine() throws IOException {
        Path en = write("a.en", "fine\nfine\n");
        Path de = dir.resolve("a.de");
        Files.write(de, new byte[] {'o', 'k', '\n', 'b', 'a', (byte) 0xff, 'd', '\n'});

        assertThatThrownBy(() -> readAll(CorpusFiles.aligned(en, de)))
                .isInstanceOf(MalformedTextException.class)
                .hasMessage(de + ":2: invalid UTF-8: the file must be UTF-8 encoded text");
    }

    @Test
    void tsvLineWithoutATabNamesTheLine() throws IOException {
        Path tsv = write("pairs.tsv", "a\tb\nno tab here\n");

        assertThatThrownBy(() -> readAll(CorpusFiles.tsv(tsv)))
                .hasMessage(tsv + ":2: no tab: each line must be source<TAB>target");
    }

    @Test
    void tsvLineWithTwoTabsIsAnError() throws IOException {
        Path tsv = write("pairs.tsv", "a\tb\tc\n");

        assertThatThrownBy(() -> readAll(CorpusFiles.tsv(tsv)))
                .hasMessageStartingWith(tsv + ":1: more than one tab");
    }

    @Test
    void malformedJsonNamesTheLine() throws IOException {
        Path jsonl =
                write(
                        "pairs.jsonl",
                        "{\"source\": \"a\", \"target\": \"b\"}\n{\"source\": \"a\",\n");

        assertThatThrownBy(() -> readAll(CorpusFiles.jsonLines(jsonl)))
                .isInstanceOf(MalformedTextException.class)
                .hasMessageStartingWith(jsonl + ":2: malformed JSON");
    }

    @Test
    void jsonLineWithoutATargetNamesTheField() throws IOException {
        Path jsonl = write("pairs.jsonl", "{\"source\": \"a\", \"translation\": \"b\"}\n");

        assertThatThrownBy(() -> readAll(CorpusFiles.jsonLines(jsonl)))
                .hasMessageContaining(jsonl + ":1:")
                .hasMessageContaining("\"target\" is missing");
    }

    @Test
    void emptyCorpusIsAnError() throws IOException {
        Path en = write("e.en", "");
        Path de = write("e.de", "");

        assertThatThrownBy(() -> readAll(CorpusFiles.aligned(en, de)))
                .hasMessage(en + ": the corpus has no sentence pairs");
    }

    @Test
    void missingFileIsNamed() throws IOException {
        Path en = write("m.en", "a\n");
        Path missing = dir.resolve("m.de");

        assertThatThrownBy(() -> readAll(CorpusFiles.aligned(en, missing)))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void formatIsDetectedFromTheNameOrRefused() {
        assertThat(CorpusFiles.detect(List.of(Path.of("x.tsv.gz"))).format())
                .isEqualTo(CorpusFormat.TSV);
        assertThat(CorpusFiles.detect(List.of(Path.of("x.jsonl"))).format())
                .isEqualTo(CorpusFormat.JSON_LINES);
        assertThat(CorpusFiles.detect(List.of(Path.of("a.en"), Path.of("a.de"))).format())
                .isEqualTo(CorpusFormat.ALIGNED_FILES);
        assertThatThrownBy(() -> CorpusFiles.detect(List.of(Path.of("x.txt"))))
                .hasMessageContaining("cannot tell the format");
    }

    @Test
    void aLineOverTheDefaultCapIsAClearError() throws IOException {
        Path tsv =
                write(
                        "long.tsv",
                        "a\tb\n" + "x".repeat(TextLimits.DEFAULT_MAX_LINE_CHARS) + "\tb\n");

        assertThatThrownBy(() -> readAll(CorpusFiles.tsv(tsv)))
                .isInstanceOf(TextTooLargeException.class)
                .hasMessageContaining("long.tsv:2")
                .hasMessageContaining("longer than 100000 characters");
    }
}
