package dev.tolk.translate;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.TextNode;

/**
 * HTML fragments whose text nodes are translated and whose markup stays as it is: every fragment's
 * non-blank text nodes, in order, as one list of texts (one request to the batcher, one deadline),
 * and the fragments rebuilt from their translations, the nodes' surrounding whitespace kept.
 */
final class HtmlFragments {

    private final List<Document> documents = new ArrayList<>();
    private final List<List<TextNode>> nodes = new ArrayList<>();

    HtmlFragments(List<String> fragments) {
        for (String html : fragments) {
            Document doc = Jsoup.parseBodyFragment(html);
            doc.outputSettings().prettyPrint(false);
            List<TextNode> found = new ArrayList<>();
            doc.body()
                    .traverse(
                            (node, depth) -> {
                                if (node instanceof TextNode t && !t.isBlank()) {
                                    found.add(t);
                                }
                            });
            documents.add(doc);
            nodes.add(found);
        }
    }

    /** The texts to translate: every fragment's text nodes, in order. */
    List<String> texts() {
        List<String> texts = new ArrayList<>();
        nodes.forEach(list -> list.forEach(n -> texts.add(n.text())));
        return texts;
    }

    /** The fragments with {@code translations} (one per {@link #texts()} entry) in their nodes. */
    List<String> rebuild(List<String> translations) {
        int next = 0;
        List<String> out = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) {
            for (TextNode node : nodes.get(d)) {
                String original = node.getWholeText();
                String lead =
                        original.substring(0, original.length() - original.stripLeading().length());
                String trail = original.substring(original.stripTrailing().length());
                node.text(lead + translations.get(next++) + trail);
            }
            out.add(documents.get(d).body().html());
        }
        return out;
    }
}
