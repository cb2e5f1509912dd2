package dev.tolk.document;

/**
 * A stretch of a paragraph's text with one formatting: a Word or PowerPoint run, an HTML or ODF
 * text node, a line of a text file. Adjacent runs with equal {@link #style()} are translated as one
 * text (Word splits runs for reasons a reader never sees: spelling marks, revision ids).
 */
public interface TextRun {

    /** The run's text. */
    String text();

    /** Replaces the run's text, keeping its formatting. */
    void text(String text);

    /** What the run looks like, comparable with {@code equals}: equal styles may be merged. */
    Object style();
}
