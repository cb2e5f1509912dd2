package dev.tolk.document;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ooxml.POIXMLDocument;

/**
 * A document of Apache POI's ({@code .docx}, {@code .pptx}): its paragraphs, written back whole.
 */
abstract class OfficeFile implements DocumentFile {

    private final POIXMLDocument document;

    /** The paragraphs, collected by the subclass. */
    protected final List<List<TextRun>> paragraphs = new ArrayList<>();

    OfficeFile(POIXMLDocument document) {
        this.document = document;
    }

    @Override
    public List<List<TextRun>> paragraphs() {
        return paragraphs;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        document.write(out);
    }

    @Override
    public void close() throws IOException {
        document.close();
    }
}
