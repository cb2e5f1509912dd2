package dev.tolk.glossary;

import dev.tolk.decode.Translator;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a stretch of a source text went in its translation, read from the model's cross-attention
 * (the last decoder layer's, averaged over heads, as {@link Translator.Translation#attention()}
 * gives it): each output subword is aligned to the source subword it attended to most; the output
 * words with a subword aligned into the stretch clearly (twice the attention of any source subword
 * outside it), or else the one word aligned with the most attention on it, or else the one word
 * with a subword giving the stretch at least {@link #MIN_PEAK} of its attention, are candidates,
 * and of their runs of adjacent words the one with the most attention on the stretch is where it
 * went. Punctuation is never part of it.
 *
 * <p>Character positions come from the subword tokens themselves: Tolk's tokenizers write a text as
 * {@code ▁} + the text with its spaces as {@code ▁} (SentencePiece's metaspace), cut into subwords,
 * bytes of characters outside the vocabulary as {@code <0xNN>}. A tokenizer that writes otherwise
 * gives no positions, and nothing is aligned.
 */
final class TermAlignment {

    private static final String SPACE = "\u2581";
    private static final Pattern BYTE = Pattern.compile("<0x[0-9A-Fa-f]{2}>");

    /**
     * The attention on the stretch that makes an output subword its place when none attended to it
     * most. Chosen on Multi30k en→de val with a glossary of 28 common nouns and a small model:
     * terms not placed 139 → 93 of 1,311 (0.2: 63), BLEU with the glossary 23.82 → 23.80 (0.2:
     * 23.78); lower values risk replacing a word the term never became.
     */
    static final double MIN_PEAK = 0.3;

    private TermAlignment() {}

    /** A stretch of a text: chars {@code [start, end)}. */
    record Span(int start, int end) {

        boolean overlaps(Span other) {
            return start < other.end && other.start < end;
        }
    }

    /**
     * The stretch of {@code translation}'s text that {@code stretch} of {@code source} (the text
     * the model translated, normalized) went to; empty when the translation has no attention, its
     * tokens do not spell its texts, or nothing attended to the stretch.
     */
    static Optional<Span> align(Translator.Translation translation, String source, Span stretch) {
        List<String> sourceTokens = translation.sourceTokens();
        List<String> targetTokens = translation.targetTokens();
        float[][] attention = translation.attention();
        if (sourceTokens == null || targetTokens == null || attention == null) {
            return Optional.empty();
        }
        // 1. Both sides' subwords as character spans; the last source token is the end token.
        int s = sourceTokens.size() - 1;
        Span[] sourceSpans = spans(sourceTokens.subList(0, s), source);
        String end = sourceTokens.get(s);
        int t = targetTokens.size();
        if (t > 0 && targetTokens.get(t - 1).equals(end)) {
            t--;
        }
        List<String> outputTokens = targetTokens.subList(0, t);
        Span[] targetSpans = spans(outputTokens, translation.text());
        if (sourceSpans == null || targetSpans == null || attention.length < t) {
            return Optional.empty();
        }
        boolean[] inStretch = new boolean[s];
        for (int i = 0; i < s; i++) {
            inStretch[i] = sourceSpans[i].overlaps(stretch);
        }
        // 2. The output words whose subwords attended most to the stretch, clearly (at least
        //    twice as much as to any one source subword outside it) or, when none did, the one
        //    that attended to it most: a German article looks at the noun it agrees with as
        //    much as at the English article, and must not be taken for the noun's translation.
        List<Word> words = words(outputTokens, targetSpans);
        double[] mass = new double[words.size()];
        boolean[] clear = new boolean[words.size()];
        boolean[] most = new boolean[words.size()];
        double[] peak = new double[words.size()];
        for (int w = 0; w < words.size(); w++) {
            Word word = words.get(w);
            for (int j = word.first(); j < word.last() && !word.punctuation(); j++) {
                double on = 0;
                double outside = 0;
                for (int i = 0; i < s; i++) {
                    if (inStretch[i]) {
                        on += attention[j][i];
                    } else {
                        outside = Math.max(outside, attention[j][i]);
                    }
                }
                int best = argmax(attention[j]);
                if (best < s && inStretch[best]) {
                    most[w] = true;
                    clear[w] |= on >= 2 * outside;
                }
                mass[w] += on;
                peak[w] = Math.max(peak[w], on);
            }
        }
        boolean[] aligned = anyTrue(clear) ? clear : strongest(most, mass);
        if (!anyTrue(aligned)) {
            // no subword attended to the stretch most: the one that gave it a good share
            boolean[] candidates = new boolean[words.size()];
            for (int w = 0; w < words.size(); w++) {
                candidates[w] = peak[w] >= MIN_PEAK;
            }
            aligned = strongest(candidates, peak);
        }
        // 3. The run of adjacent aligned words with the most attention on the stretch.
        return bestRun(words, aligned, mass);
    }

    /** Output subwords {@code [first, last)} making one word, and its characters. */
    private record Word(int first, int last, Span span, boolean punctuation) {}

    /**
     * The output's words: a word starts at a subword with {@code ▁}; punctuation standing apart is
     * a word of its own, punctuation inside a word ("T-Shirt") belongs to it.
     */
    private static List<Word> words(List<String> tokens, Span[] spans) {
        int n = tokens.size();
        boolean[] apart = new boolean[n];
        for (int j = 0; j < n; j++) {
            String token = tokens.get(j);
            boolean inside =
                    !token.startsWith(SPACE)
                            && j > 0
                            && !isPunctuation(tokens.get(j - 1))
                            && j + 1 < n
                            && !tokens.get(j + 1).startsWith(SPACE)
                            && !isPunctuation(tokens.get(j + 1));
            apart[j] = isPunctuation(token) && !inside;
        }
        List<Word> words = new ArrayList<>();
        int first = 0;
        for (int j = 1; j <= n; j++) {
            if (j == n || tokens.get(j).startsWith(SPACE) || apart[j] || apart[j - 1]) {
                words.add(
                        new Word(
                                first,
                                j,
                                new Span(spans[first].start(), spans[j - 1].end()),
                                apart[first]));
                first = j;
            }
        }
        return words;
    }

    private static Optional<Span> bestRun(List<Word> words, boolean[] aligned, double[] mass) {
        Span best = null;
        double bestMass = -1;
        for (int w = 0; w < words.size(); ) {
            if (!aligned[w]) {
                w++;
                continue;
            }
            int runEnd = w;
            double runMass = 0;
            while (runEnd < words.size() && aligned[runEnd]) {
                runMass += mass[runEnd];
                runEnd++;
            }
            if (runMass > bestMass) {
                bestMass = runMass;
                best = new Span(words.get(w).span().start(), words.get(runEnd - 1).span().end());
            }
            w = runEnd;
        }
        return Optional.ofNullable(best);
    }

    private static boolean anyTrue(boolean[] values) {
        for (boolean v : values) {
            if (v) {
                return true;
            }
        }
        return false;
    }

    /** Only the word of {@code candidates} with the most attention on the stretch. */
    private static boolean[] strongest(boolean[] candidates, double[] mass) {
        boolean[] out = new boolean[candidates.length];
        int best = -1;
        for (int w = 0; w < candidates.length; w++) {
            if (candidates[w] && (best < 0 || mass[w] > mass[best])) {
                best = w;
            }
        }
        if (best >= 0) {
            out[best] = true;
        }
        return out;
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Whether a token is punctuation or symbols only (its leading ▁ aside). */
    private static boolean isPunctuation(String token) {
        String bare = token.startsWith(SPACE) ? token.substring(1) : token;
        return !bare.isEmpty()
                && !BYTE.matcher(bare).matches()
                && bare.codePoints().noneMatch(Terms::isWord);
    }

    /**
     * Each token's characters in {@code text}, or null when the tokens do not spell it: {@code ▁} +
     * the text with spaces as {@code ▁}, or (an output that starts inside a word) the text alone.
     */
    static Span[] spans(List<String> tokens, String text) {
        String metaspace = text.replace(" ", SPACE);
        Span[] spans = walk(tokens, SPACE + metaspace, 1);
        return spans != null ? spans : walk(tokens, metaspace, 0);
    }

    private static Span[] walk(List<String> tokens, String spelled, int offset) {
        Span[] spans = new Span[tokens.size()];
        int at = 0;
        for (int k = 0; k < tokens.size(); ) {
            String piece = tokens.get(k);
            int next = k + 1;
            if (BYTE.matcher(piece).matches()) {
                // a character outside the vocabulary, as its UTF-8 bytes
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                while (next <= tokens.size()) {
                    bytes.write(Integer.parseInt(tokens.get(next - 1).substring(3, 5), 16));
                    piece = utf8(bytes.toByteArray());
                    if (piece != null
                            || next == tokens.size()
                            || !BYTE.matcher(tokens.get(next)).matches()) {
                        break;
                    }
                    next++;
                }
                if (piece == null) {
                    return null;
                }
            }
            if (!spelled.startsWith(piece, at)) {
                return null;
            }
            // a leading ▁ is the space before the token (or the one put before the text)
            int start = at + (piece.startsWith(SPACE) ? 1 : 0) - offset;
            for (int j = k; j < next; j++) {
                spans[j] = new Span(start, at + piece.length() - offset);
            }
            at += piece.length();
            k = next;
        }
        return at == spelled.length() ? spans : null;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
