package dev.tolk.document;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The text of a document as sentences to translate, and the translations written back into its
 * runs.
 *
 * <p>In each paragraph, adjacent runs with the same style form one stretch, translated as a whole
 * and written into the stretch's first run (the others are emptied but kept, so a document keeps
 * its runs). A stretch is split into sentences ({@link BreakIterator}, the source language's
 * rules), because the models are trained on sentences; its leading and trailing whitespace and the
 * whitespace between sentences stay as they were. A stretch without a letter (numbers, bullets,
 * punctuation) is left alone.
 */
public final class DocumentText {

    private static final Pattern LETTER = Pattern.compile("\\p{L}");

    /** One stretch: its runs, its whitespace, its sentences and what follows each. */
    private record Stretch(
            List<TextRun> runs,
            String lead,
            List<String> sentences,
            List<String> gaps,
            String trail) {}

    private final List<Stretch> stretches = new ArrayList<>();

    /**
     * @param paragraphs the document's paragraphs, each its runs in order
     * @param language the source language's code (sentence rules), or null
     */
    public DocumentText(List<List<TextRun>> paragraphs, String language) {
        Locale locale = language == null ? Locale.ROOT : Locale.forLanguageTag(language);
        for (List<TextRun> paragraph : paragraphs) {
            int start = 0;
            for (int i = 1; i <= paragraph.size(); i++) {
                if (i == paragraph.size()
                        || !paragraph.get(i).style().equals(paragraph.get(start).style())) {
                    add(paragraph.subList(start, i), locale);
                    start = i;
                }
            }
        }
    }

    private void add(List<TextRun> runs, Locale locale) {
        StringBuilder all = new StringBuilder();
        runs.forEach(r -> all.append(r.text()));
        String text = all.toString();
        if (!LETTER.matcher(text).find()) {
            return;
        }
        String core = text.strip();
        int begin = text.indexOf(core);
        List<String> sentences = new ArrayList<>();
        List<String> gaps = new ArrayList<>();
        BreakIterator breaks = BreakIterator.getSentenceInstance(locale);
        breaks.setText(core);
        for (int s = breaks.first(), e = breaks.next();
                e != BreakIterator.DONE;
                s = e, e = breaks.next()) {
            String piece = core.substring(s, e);
            String sentence = piece.stripTrailing();
            if (sentence.isBlank()) {
                continue;
            }
            sentences.add(sentence);
            gaps.add(piece.substring(sentence.length()));
        }
        stretches.add(
                new Stretch(
                        List.copyOf(runs),
                        text.substring(0, begin),
                        sentences,
                        gaps,
                        text.substring(begin + core.length())));
    }

    /** The sentences to translate, in document order. */
    public List<String> sentences() {
        List<String> out = new ArrayList<>();
        stretches.forEach(s -> out.addAll(s.sentences()));
        return out;
    }

    /** Characters of the sentences to translate. */
    public long chars() {
        return sentences().stream().mapToLong(String::length).sum();
    }

    /**
     * Writes the translations into the runs.
     *
     * @param translations one per {@link #sentences()} entry, in order
     */
    public void apply(List<String> translations) {
        int expected = stretches.stream().mapToInt(s -> s.sentences().size()).sum();
        if (translations.size() != expected) {
            throw new IllegalArgumentException(
                    translations.size() + " translations for " + expected + " sentences");
        }
        int next = 0;
        for (Stretch stretch : stretches) {
            StringBuilder text = new StringBuilder(stretch.lead());
            for (int i = 0; i < stretch.sentences().size(); i++) {
                text.append(translations.get(next++)).append(stretch.gaps().get(i));
            }
            text.append(stretch.trail());
            stretch.runs().get(0).text(text.toString());
            stretch.runs().subList(1, stretch.runs().size()).forEach(r -> r.text(""));
        }
    }
}
