package dev.tolk.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * An HTML page (jsoup): every text node of the head's title and the body is a run, the markup stays
 * as it is; text in {@code script}, {@code style}, {@code code} and the like is not translated. A
 * text node is its own stretch: an inline element between two nodes ({@code <b>}) is formatting the
 * translation must not lose.
 */
public final class HtmlFile implements DocumentFile {

    private static final Set<String> NOT_TEXT =
            Set.of("script", "style", "noscript", "template", "code", "pre", "kbd", "samp", "var");

    /** A text node. */
    private record Text(TextNode node) implements TextRun {
        @Override
        public String text() {
            return node.getWholeText();
        }

        @Override
        public void text(String text) {
            node.text(text);
        }

        @Override
        public Object style() {
            return this; // each node stands alone
        }
    }

    private final Document document;
    private final List<List<TextRun>> paragraphs = new ArrayList<>();

    private HtmlFile(Document document) {
        this.document = document;
        document.outputSettings().prettyPrint(false).charset(StandardCharsets.UTF_8);
        if (!document.select("meta[charset], meta[http-equiv=content-type]").isEmpty()) {
            document.charset(StandardCharsets.UTF_8); // written as UTF-8: say so
        }
        collect(document.head().selectFirst("title"));
        collect(document.body());
    }

    static HtmlFile read(byte[] content) throws IOException {
        return new HtmlFile(Jsoup.parse(new ByteArrayInputStream(content), null, ""));
    }

    private void collect(Element root) {
        if (root != null) {
            paragraphs.addAll(textRuns(root));
        }
    }

    /**
     * The text nodes under {@code root} as runs, each its own paragraph, those in {@code script},
     * {@code style}, {@code code} and the like left out: what is translated of an HTML page or
     * fragment.
     */
    public static List<List<TextRun>> textRuns(Element root) {
        List<List<TextRun>> runs = new ArrayList<>();
        root.traverse(
                (Node node, int depth) -> {
                    if (node instanceof TextNode t && !t.isBlank() && translatable(t)) {
                        runs.add(List.of(new Text(t)));
                    }
                });
        return runs;
    }

    private static boolean translatable(TextNode text) {
        for (Node p = text.parent(); p != null; p = p.parent()) {
            if (p instanceof Element e && NOT_TEXT.contains(e.normalName())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<List<TextRun>> paragraphs() {
        return paragraphs;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        out.write(document.outerHtml().getBytes(StandardCharsets.UTF_8));
    }
}
