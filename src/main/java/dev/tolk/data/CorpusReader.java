package dev.tolk.data;

import dev.tolk.io.LineReader;
import dev.tolk.io.MalformedTextException;
import dev.tolk.io.TextFiles;
import dev.tolk.io.TextLimits;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams the raw pairs of a corpus, one at a time, so a corpus never has to fit in memory. Bad
 * input is a {@link MalformedTextException} naming the file and line: invalid UTF-8, aligned files
 * of different lengths (with both counts), a TSV line without exactly one tab, a JSON line that is
 * not an object with string {@code source} and {@code target}, a corpus without pairs, text over
 * the reader's {@link TextLimits} (a {@link dev.tolk.io.TextTooLargeException}).
 */
public abstract sealed class CorpusReader implements Closeable
        permits CorpusReader.Aligned, CorpusReader.SingleFile {

    private long pairs;

    /**
     * Opens the corpus with the {@link TextLimits#DEFAULT default caps} (a line of more than
     * {@value TextLimits#DEFAULT_MAX_LINE_CHARS} characters is refused); a missing file is a {@link
     * java.nio.file.NoSuchFileException}.
     */
    public static CorpusReader open(CorpusFiles files) throws IOException {
        return open(files, TextLimits.DEFAULT);
    }

    /**
     * Opens the corpus; text over {@code limits} (per file) is a {@link
     * dev.tolk.io.TextTooLargeException}, thrown while reading, before the text is held.
     */
    public static CorpusReader open(CorpusFiles files, TextLimits limits) throws IOException {
        return switch (files.format()) {
            case ALIGNED_FILES -> new Aligned(files.source(), files.target(), limits);
            case TSV -> new Tsv(files.source(), limits);
            case JSON_LINES -> new JsonLines(files.source(), limits);
        };
    }

    /** The next pair, or null at the end; an empty corpus is an error. */
    public final SentencePair next() throws IOException {
        SentencePair pair = read();
        if (pair == null && pairs == 0) {
            throw new MalformedTextException(file(), 0, "the corpus has no sentence pairs");
        }
        if (pair != null) {
            pairs++;
        }
        return pair;
    }

    /** The file being read (the source file of aligned files). */
    protected abstract Path file();

    protected abstract SentencePair read() throws IOException;

    /** Two files read in step. */
    static final class Aligned extends CorpusReader {
        private final LineReader source;
        private final LineReader target;

        Aligned(Path source, Path target, TextLimits limits) throws IOException {
            this.source = TextFiles.lines(source, limits);
            try {
                this.target = TextFiles.lines(target, limits);
            } catch (IOException | RuntimeException e) {
                this.source.close();
                throw e;
            }
        }

        @Override
        protected Path file() {
            return source.file();
        }

        @Override
        protected SentencePair read() throws IOException {
            String s = source.readLine();
            String t = target.readLine();
            if (s == null && t == null) {
                return null;
            }
            if (s == null || t == null) {
                LineReader longer = s == null ? target : source;
                LineReader shorter = s == null ? source : target;
                while (longer.readLine() != null) {
                    // count the rest to report both lengths
                }
                throw new MalformedTextException(
                        longer.file(),
                        0,
                        "aligned files have different line counts: "
                                + longer.file()
                                + " has "
                                + longer.lineNumber()
                                + " lines, "
                                + shorter.file()
                                + " has "
                                + shorter.lineNumber());
            }
            return new SentencePair(s, t);
        }

        @Override
        public void close() throws IOException {
            try (source;
                    target) {
                // closes both
            }
        }
    }

    /** A corpus in one file, a pair a line. */
    abstract static sealed class SingleFile extends CorpusReader permits Tsv, JsonLines {
        protected final LineReader lines;

        SingleFile(Path file, TextLimits limits) throws IOException {
            lines = TextFiles.lines(file, limits);
        }

        @Override
        protected Path file() {
            return lines.file();
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    /** {@code source<TAB>target} lines. */
    static final class Tsv extends SingleFile {
        Tsv(Path file, TextLimits limits) throws IOException {
            super(file, limits);
        }

        @Override
        protected SentencePair read() throws IOException {
            String line = lines.readLine();
            if (line == null) {
                return null;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new MalformedTextException(
                        lines.file(),
                        lines.lineNumber(),
                        "no tab: each line must be source<TAB>target");
            }
            if (line.indexOf('\t', tab + 1) >= 0) {
                throw new MalformedTextException(
                        lines.file(),
                        lines.lineNumber(),
                        "more than one tab: each line must be source<TAB>target, with no tab"
                                + " inside the sentences");
            }
            return new SentencePair(line.substring(0, tab), line.substring(tab + 1));
        }
    }

    /** {@code {"source": ..., "target": ...}} lines; blank lines are skipped. */
    static final class JsonLines extends SingleFile {
        private static final JsonMapper JSON = JsonMapper.builder().build();

        JsonLines(Path file, TextLimits limits) throws IOException {
            super(file, limits);
        }

        @Override
        protected SentencePair read() throws IOException {
            String line = lines.readLine();
            while (line != null && line.isBlank()) {
                line = lines.readLine();
            }
            if (line == null) {
                return null;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JacksonException e) {
                throw new MalformedTextException(
                        lines.file(),
                        lines.lineNumber(),
                        "malformed JSON (" + e.getOriginalMessage() + ")");
            }
            return new SentencePair(field(node, "source"), field(node, "target"));
        }

        private String field(JsonNode node, String name) {
            JsonNode value = node.get(name);
            if (value == null || !value.isString()) {
                throw new MalformedTextException(
                        lines.file(),
                        lines.lineNumber(),
                        "each line must be a JSON object with string fields \"source\" and"
                                + " \"target\"; \""
                                + name
                                + "\" is "
                                + (value == null ? "missing" : "not a string"));
            }
            return value.asString();
        }
    }
}
