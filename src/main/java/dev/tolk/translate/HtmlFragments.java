package dev.tolk.translate;

import dev.tolk.document.DocumentText;
import dev.tolk.document.HtmlFile;
import dev.tolk.document.TextRun;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * HTML fragments whose text is translated and whose markup stays as it is, as documents' HTML is
 * ({@link HtmlFile#textRuns}, {@link DocumentText}): every fragment's text nodes, sentence by
 * sentence, in order, as one list of texts (one request to the batcher, one deadline), and the
 * fragments rebuilt from their translations, the nodes' surrounding whitespace kept.
 */
final class HtmlFragments {

    private final List<Document> documents = new ArrayList<>();
    private final List<Integer> sentences = new ArrayList<>();
    private final DocumentText text;

    HtmlFragments(List<String> fragments) {
        List<List<TextRun>> runs = new ArrayList<>();
        for (String html : fragments) {
            Document doc = Jsoup.parseBodyFragment(html);
            doc.outputSettings().prettyPrint(false);
            documents.add(doc);
            List<List<TextRun>> mine = HtmlFile.textRuns(doc.body());
            // paragraphs are split into sentences one by one: this fragment's count on its own
            sentences.add(new DocumentText(mine, null).sentences().size());
            runs.addAll(mine);
        }
        this.text = new DocumentText(runs, null);
    }

    /** The fragment (from 0) that {@link #texts()} entry {@code sentence} is in. */
    int fragmentOf(int sentence) {
        int k = 0;
        for (int before = sentences.get(0); before <= sentence; before += sentences.get(++k)) {
            // fragments before it
        }
        return k;
    }

    /** How many of {@link #texts()} are fragment {@code k}'s (in order, from 0). */
    int sentences(int k) {
        return sentences.get(k);
    }

    /** The texts to translate: every fragment's sentences, in order. */
    List<String> texts() {
        return text.sentences();
    }

    /** The fragments with {@code translations} (one per {@link #texts()} entry) in their nodes. */
    List<String> rebuild(List<String> translations) {
        text.apply(translations);
        return documents.stream().map(d -> d.body().html()).toList();
    }
}
