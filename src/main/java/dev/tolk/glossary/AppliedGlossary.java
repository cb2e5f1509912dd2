package dev.tolk.glossary;

import dev.tolk.decode.Translator;
import dev.tolk.text.TextNormalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

/**
 * A glossary applied to one request's texts: the terms found in each text before it is translated
 * and, once it is, the translation with each term's required translation put where the model's
 * cross-attention says the term went ({@link TermAlignment}; through a pivot, leg after leg). The
 * rest of the sentence stays exactly as the model translated it. A term whose place cannot be found
 * (no attention, a tokenizer that does not spell its texts, nothing attended to it, or the place
 * taken by another term) is left as the model translated it and reported as a miss; a term never
 * breaks the output. Casing: the required translation as written in the glossary, its first letter
 * made upper-case at the start of a sentence, all of it upper-case where the source term was
 * written in capitals. Thread-safe: {@link #apply} keeps no state.
 */
public final class AppliedGlossary {

    /**
     * A term found in a source but not put into its translation.
     *
     * @param text the text's index in the request (from 0)
     * @param source the glossary's term
     * @param target its required translation
     */
    public record Miss(int text, String source, String target) {}

    /**
     * One text's translation with the glossary applied.
     *
     * @param translation the translation, its text (and best alternative) with the terms put in;
     *     score, confidence, tokens and attention are the model's for its own output
     * @param terms how many terms were found in the source
     * @param misses the terms not put in
     */
    public record Result(Translator.Translation translation, int terms, List<Miss> misses) {

        /**
         * The same result with its misses naming their text by {@code textOf} of their index here
         * (a part of a request, or a chunk of a document, in the numbering of the whole).
         */
        public Result renumbered(IntUnaryOperator textOf) {
            return new Result(
                    translation,
                    terms,
                    misses.stream()
                            .map(m -> new Miss(textOf.applyAsInt(m.text()), m.source(), m.target()))
                            .toList());
        }
    }

    /**
     * What a glossary did to a request, for its answer.
     *
     * @param id the glossary
     * @param terms terms found in the sources
     * @param applied terms put into the translations
     * @param misses terms left as the model translated them
     */
    public record Report(String id, int terms, int applied, List<Miss> misses) {

        /** The report of {@code results}, the request's texts in order. */
        public static Report of(String id, List<Result> results) {
            int terms = 0;
            List<Miss> misses = new ArrayList<>();
            for (Result r : results) {
                terms += r.terms();
                misses.addAll(r.misses());
            }
            return new Report(id, terms, terms - misses.size(), List.copyOf(misses));
        }
    }

    private static final AppliedGlossary NONE = new AppliedGlossary(null, List.of(), List.of());

    private final Glossary glossary;
    private final List<String> sources;
    private final List<List<Terms.Match>> matches;

    private AppliedGlossary(
            Glossary glossary, List<String> sources, List<List<Terms.Match>> matches) {
        this.glossary = glossary;
        this.sources = sources;
        this.matches = matches;
    }

    /** No glossary: translations pass unchanged. */
    public static AppliedGlossary none() {
        return NONE;
    }

    /** {@code glossary} (its {@code terms}) on {@code texts}, found before they are translated. */
    public static AppliedGlossary of(Glossary glossary, Terms terms, List<String> texts) {
        List<String> sources = texts.stream().map(TextNormalizer::normalize).toList();
        return new AppliedGlossary(glossary, sources, sources.stream().map(terms::find).toList());
    }

    /** The glossary, or null. */
    public Glossary glossary() {
        return glossary;
    }

    /** Whether a term was found: then the texts must be translated with attention. */
    public boolean needsAttention() {
        return matches.stream().anyMatch(m -> !m.isEmpty());
    }

    /** The terms found in text {@code index}. */
    public List<Terms.Match> matches(int index) {
        return glossary == null ? List.of() : matches.get(index);
    }

    /**
     * Text {@code index}'s translation with the terms put in.
     *
     * @param legs the translations along the route, each of the one before's text (one without a
     *     pivot), with attention
     * @param combined the translation the client gets
     */
    public Result apply(
            int index, List<Translator.Translation> legs, Translator.Translation combined) {
        List<Terms.Match> found = matches(index);
        if (found.isEmpty()) {
            return new Result(combined, 0, List.of());
        }
        String text = combined.text();
        List<Miss> misses = new ArrayList<>();
        List<Replacement> replacements = new ArrayList<>();
        for (Terms.Match m : found) {
            Optional<TermAlignment.Span> span =
                    along(legs, sources.get(index), new TermAlignment.Span(m.start(), m.end()));
            if (span.isEmpty()
                    || replacements.stream().anyMatch(r -> r.span().overlaps(span.get()))) {
                misses.add(new Miss(index, m.term().source(), m.term().target()));
            } else {
                replacements.add(new Replacement(span.get(), rendered(m, text, span.get())));
            }
        }
        replacements.sort(Comparator.comparingInt((Replacement r) -> r.span().start()).reversed());
        StringBuilder out = new StringBuilder(text);
        for (Replacement r : replacements) {
            out.replace(r.span().start(), r.span().end(), r.text());
        }
        return new Result(withText(combined, out.toString()), found.size(), List.copyOf(misses));
    }

    private record Replacement(TermAlignment.Span span, String text) {}

    /** Where {@code stretch} of the source went, leg after leg. */
    private static Optional<TermAlignment.Span> along(
            List<Translator.Translation> legs, String source, TermAlignment.Span stretch) {
        String from = source;
        Optional<TermAlignment.Span> span = Optional.of(stretch);
        for (Translator.Translation leg : legs) {
            if (!TextNormalizer.normalize(from).equals(from)) {
                return Optional.empty(); // the model saw another text than the one aligned
            }
            span = TermAlignment.align(leg, from, span.get());
            if (span.isEmpty()) {
                return span;
            }
            from = leg.text();
        }
        return span;
    }

    /** The required translation, cased for its place in {@code text}. */
    static String rendered(Terms.Match m, String text, TermAlignment.Span span) {
        String target = m.term().target();
        if (isCapitals(m.surface())) {
            return target.toUpperCase(Locale.ROOT);
        }
        if (startsSentence(text, span.start())) {
            int first = target.codePointAt(0);
            return new StringBuilder()
                    .appendCodePoint(Character.toTitleCase(first))
                    .append(target.substring(Character.charCount(first)))
                    .toString();
        }
        return target;
    }

    /** Two letters or more, none lower-case ("CAT", not "Cat" nor "A"). */
    private static boolean isCapitals(String surface) {
        long letters = surface.codePoints().filter(Character::isLetter).count();
        return letters >= 2 && surface.codePoints().noneMatch(Character::isLowerCase);
    }

    /**
     * Whether only spaces, opening quotes or brackets stand between a sentence's end and {@code
     * at}.
     */
    private static boolean startsSentence(String text, int at) {
        for (int i = at - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == ' ' || "\"'„“‚‘«‹([¿¡".indexOf(c) >= 0) {
                continue;
            }
            return ".!?…".indexOf(c) >= 0;
        }
        return true;
    }

    private static Translator.Translation withText(Translator.Translation t, String text) {
        if (text.equals(t.text())) {
            return t;
        }
        List<Translator.Alternative> nBest = new ArrayList<>(t.nBest());
        nBest.set(0, new Translator.Alternative(text, nBest.get(0).score()));
        return new Translator.Translation(
                text,
                t.score(),
                List.copyOf(nBest),
                t.sourceTokens(),
                t.targetTokens(),
                t.attention(),
                t.sentences(),
                t.outputTokens(),
                t.sentenceConfidences());
    }
}
