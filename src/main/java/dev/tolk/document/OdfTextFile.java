package dev.tolk.document;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.odftoolkit.odfdom.doc.OdfDocument;
import org.odftoolkit.odfdom.doc.OdfTextDocument;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.w3c.dom.Text;

/**
 * An OpenDocument text ({@code .odt}, ODFDOM): every {@code text:p} and {@code text:h} of the
 * content (tables, frames and notes included) and of the styles (headers, footers). A run is a text
 * node; its style is the chain of {@code text:span} and {@code text:a} elements around it in the
 * paragraph. Any other element inside a paragraph (a tab, a line break, a space run {@code text:s},
 * a frame, a note) ends the stretch and is left alone; a note's own paragraphs are paragraphs too.
 */
final class OdfTextFile implements DocumentFile {

    static final String TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";

    private record Run(Text node, Object style) implements TextRun {
        @Override
        public String text() {
            return node.getData();
        }

        @Override
        public void text(String text) {
            node.setData(text);
        }
    }

    private final OdfDocument document;
    private final List<List<TextRun>> paragraphs = new ArrayList<>();

    private OdfTextFile(OdfDocument document) throws Exception {
        this.document = document;
        for (org.w3c.dom.Document dom :
                List.of(document.getContentDom(), document.getStylesDom())) {
            for (String name : List.of("h", "p")) {
                NodeList found = dom.getElementsByTagNameNS(TEXT_NS, name);
                for (int i = 0; i < found.getLength(); i++) {
                    paragraph((Element) found.item(i));
                }
            }
        }
    }

    static OdfTextFile read(InputStream in) throws Exception {
        OdfDocument document = OdfDocument.loadDocument(in);
        if (!(document instanceof OdfTextDocument)) {
            document.close();
            throw new IOException(
                    "an OpenDocument of another kind (" + document.getMediaTypeString() + ")");
        }
        return new OdfTextFile(document);
    }

    private void paragraph(Element paragraph) {
        List<TextRun> runs = new ArrayList<>();
        walk(paragraph, List.of(), runs);
        flush(runs);
    }

    /** Collects the text nodes under {@code parent}; {@code style} is the spans around them. */
    private void walk(Node parent, List<String> style, List<TextRun> runs) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Text text) {
                if (!text.getData().isEmpty()) {
                    runs.add(new Run(text, style));
                }
            } else if (child instanceof Element element
                    && TEXT_NS.equals(element.getNamespaceURI())
                    && (element.getLocalName().equals("span")
                            || element.getLocalName().equals("a"))) {
                List<String> inner = new ArrayList<>(style);
                inner.add(
                        element.getLocalName()
                                + ":"
                                + element.getAttributeNS(TEXT_NS, "style-name")
                                + ":"
                                + element.getAttribute("xlink:href"));
                walk(element, List.copyOf(inner), runs);
            } else {
                flush(new ArrayList<>(runs)); // anything else ends the stretch
                runs.clear();
            }
        }
    }

    private void flush(List<TextRun> runs) {
        if (!runs.isEmpty()) {
            paragraphs.add(List.copyOf(runs));
        }
    }

    @Override
    public List<List<TextRun>> paragraphs() {
        return paragraphs;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        try {
            // ODFDOM closes, then flushes, the stream it writes to: give it one of its own
            java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
            document.save(copy);
            copy.writeTo(out);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the document could not be written: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        document.close();
    }
}
