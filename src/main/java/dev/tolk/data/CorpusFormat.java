package dev.tolk.data;

/** How a parallel corpus is laid out on disk. All are UTF-8, plain or gzip. */
public enum CorpusFormat {
    /** Two files, one sentence a line, line i of one translating line i of the other. */
    ALIGNED_FILES,
    /** One file, {@code source<TAB>target} a line. */
    TSV,
    /** One file, a JSON object {@code {"source": ..., "target": ...}} a line. */
    JSON_LINES
}
