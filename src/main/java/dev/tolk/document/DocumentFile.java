package dev.tolk.document;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A document read by its format's library: its paragraphs as runs to translate in place, and the
 * whole document written back with everything else untouched.
 */
public interface DocumentFile extends Closeable {

    /** The paragraphs (of the body, tables, headers, footers, notes: what the format has). */
    List<List<TextRun>> paragraphs();

    /** Writes the document, with the runs as they are now, to a stream it does not close. */
    void write(OutputStream out) throws IOException;

    @Override
    default void close() throws IOException {}

    /**
     * Reads {@code content} as {@code format}.
     *
     * @throws DocumentRejectedException when the file is over the limits or cannot be read
     */
    static DocumentFile read(DocumentFormat format, byte[] content, DocumentLimits limits) {
        if (content.length > limits.maxBytes()) {
            throw DocumentRejectedException.tooLarge(
                    "has " + content.length + " bytes; at most",
                    limits.maxBytes(),
                    "tolk.documents.max-bytes");
        }
        if (format.zipped()) {
            checkUnzippedSize(format, content, limits.maxUnzippedBytes());
        }
        try {
            return switch (format) {
                case TXT -> PlainTextFile.read(content);
                case HTML -> HtmlFile.read(content);
                case DOCX -> WordFile.read(new ByteArrayInputStream(content));
                case PPTX -> SlidesFile.read(new ByteArrayInputStream(content));
                case ODT -> OdfTextFile.read(new ByteArrayInputStream(content));
            };
        } catch (DocumentRejectedException e) {
            throw e;
        } catch (Exception e) {
            // Whatever the format's library throws on a file it cannot read is the file's fault.
            throw DocumentRejectedException.unreadable(format, e);
        }
    }

    /** Inflates every entry, counting, and refuses the file once the count passes {@code max}. */
    private static void checkUnzippedSize(DocumentFormat format, byte[] content, long max) {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
            ZipEntry entry = zip.getNextEntry();
            if (entry == null) {
                throw DocumentRejectedException.unreadable(
                        format, new IOException("not a zip archive, or an empty one"));
            }
            for (; entry != null; entry = zip.getNextEntry()) {
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    total += n;
                    if (total > max) {
                        throw DocumentRejectedException.tooLarge(
                                "unzips to more than", max, "tolk.documents.max-unzipped-bytes");
                    }
                }
            }
        } catch (IOException e) {
            throw DocumentRejectedException.unreadable(format, e);
        }
    }
}
