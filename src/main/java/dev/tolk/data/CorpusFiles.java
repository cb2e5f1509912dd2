package dev.tolk.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where a parallel corpus is and in which format.
 *
 * @param format the layout
 * @param source the source file, or the single file of TSV and JSON Lines
 * @param target the target file of aligned files, else null
 */
public record CorpusFiles(CorpusFormat format, Path source, Path target) {

    public CorpusFiles {
        if (format == null || source == null) {
            throw new IllegalArgumentException("a corpus needs a format and a file");
        }
        if ((format == CorpusFormat.ALIGNED_FILES) != (target != null)) {
            throw new IllegalArgumentException(
                    "aligned files need a source and a target file; TSV and JSON Lines need one"
                            + " file");
        }
    }

    public static CorpusFiles aligned(Path source, Path target) {
        return new CorpusFiles(CorpusFormat.ALIGNED_FILES, source, target);
    }

    public static CorpusFiles tsv(Path file) {
        return new CorpusFiles(CorpusFormat.TSV, file, null);
    }

    public static CorpusFiles jsonLines(Path file) {
        return new CorpusFiles(CorpusFormat.JSON_LINES, file, null);
    }

    /**
     * Two files are aligned files; one file is TSV or JSON Lines by its name ({@code .tsv}, {@code
     * .jsonl}, {@code .json}, each optionally {@code .gz}).
     */
    public static CorpusFiles detect(List<Path> files) {
        if (files.size() == 2) {
            return aligned(files.get(0), files.get(1));
        }
        if (files.size() != 1) {
            throw new IllegalArgumentException(
                    "a corpus is two aligned files or one TSV or JSON Lines file, not "
                            + files.size()
                            + " files");
        }
        String name = files.get(0).getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            return tsv(files.get(0));
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            return jsonLines(files.get(0));
        }
        throw new IllegalArgumentException(
                files.get(0)
                        + ": cannot tell the format from the name; use .tsv (source TAB target) or"
                        + " .jsonl ({\"source\": ..., \"target\": ...}), or give two aligned files");
    }

    /** Every file of the corpus. */
    public List<Path> files() {
        return target == null ? List.of(source) : List.of(source, target);
    }
}
