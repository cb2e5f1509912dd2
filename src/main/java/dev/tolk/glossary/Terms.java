package dev.tolk.glossary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A glossary's terms ready to be found in texts: as whole words ({@code cat} in "a cat." but not in
 * "category" or "bobcat"), whatever their case ("Cat", "CAT"), the longest term first where terms
 * overlap ("ice cream" before "ice"), never two at the same place. Texts are searched as normalized
 * ({@link dev.tolk.text.TextNormalizer}), as the terms are. Immutable and thread-safe; a text costs
 * one pass over its words, whatever the size of the glossary.
 */
public final class Terms {

    /**
     * A term found in a text.
     *
     * @param start where it starts in the text (a char index)
     * @param end where it ends (exclusive)
     * @param surface the text as written there ("Cat" for the term "cat")
     * @param term the glossary's term
     */
    public record Match(int start, int end, String surface, Glossary.Term term) {}

    /** Terms by their first word, lower-cased; longest first. */
    private final Map<String, List<Glossary.Term>> byFirstWord = new HashMap<>();

    public Terms(List<Glossary.Term> terms) {
        for (Glossary.Term t : terms) {
            String first = t.source().substring(0, wordEnd(t.source(), 0));
            byFirstWord
                    .computeIfAbsent(first.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(t);
        }
        byFirstWord
                .values()
                .forEach(
                        list ->
                                list.sort(
                                        Comparator.comparingInt(
                                                        (Glossary.Term t) -> t.source().length())
                                                .reversed()));
    }

    /** The terms in {@code text} (normalized), in order, none overlapping. */
    public List<Match> find(String text) {
        List<Match> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (!isWord(text.codePointAt(i)) || (i > 0 && isWord(text.codePointBefore(i)))) {
                i += Character.charCount(text.codePointAt(i));
                continue;
            }
            int wordEnd = wordEnd(text, i);
            List<Glossary.Term> candidates =
                    byFirstWord.get(text.substring(i, wordEnd).toLowerCase(Locale.ROOT));
            Match found = candidates == null ? null : longestAt(text, i, candidates);
            if (found != null) {
                out.add(found);
                i = found.end();
            } else {
                i = wordEnd;
            }
        }
        return out;
    }

    private static Match longestAt(String text, int at, List<Glossary.Term> candidates) {
        for (Glossary.Term t : candidates) {
            String term = t.source();
            int end = at + term.length();
            if (end <= text.length()
                    && text.regionMatches(true, at, term, 0, term.length())
                    && (end == text.length()
                            || !isWord(term.codePointBefore(term.length()))
                            || !isWord(text.codePointAt(end)))) {
                return new Match(at, end, text.substring(at, end), t);
            }
        }
        return null;
    }

    /** The end of the run of word characters starting at {@code from}. */
    private static int wordEnd(String text, int from) {
        int i = from;
        while (i < text.length() && isWord(text.codePointAt(i))) {
            i += Character.charCount(text.codePointAt(i));
        }
        return i;
    }

    /** Letters, digits and combining marks make words; everything else separates them. */
    static boolean isWord(int codePoint) {
        return Character.isLetterOrDigit(codePoint)
                || Character.getType(codePoint) == Character.NON_SPACING_MARK
                || Character.getType(codePoint) == Character.COMBINING_SPACING_MARK;
    }
}
