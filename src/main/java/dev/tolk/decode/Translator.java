package dev.tolk.decode;

import ai.djl.ndarray.NDManager;
import dev.tolk.model.InputTooLongException;
import dev.tolk.model.StepWeights;
import dev.tolk.model.TransformerModel;
import dev.tolk.text.SubwordTokenizer;
import dev.tolk.text.TextNormalizer;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Texts in, translations out: normalizes and tokenizes, decodes in batches, detokenizes. A text
 * longer than the model's limit is split at sentence boundaries (the JDK's sentence {@link
 * BreakIterator}) and its pieces translated and joined; a single sentence over the limit is
 * rejected with an error that names the text. Holds no per-call state.
 */
public final class Translator {

    /** One of the n best translations of a text. */
    public record Alternative(String text, double score) {}

    /**
     * The translation of one text.
     *
     * @param text the best translation
     * @param score its mean log-probability per token
     * @param nBest the n best translations, best first (just the best when the text was split)
     * @param sourceTokens subword tokens of the source, end token included (with attention)
     * @param targetTokens subword tokens of the translation, end token included (with attention)
     * @param attention targetTokens × sourceTokens cross-attention weights, or null
     * @param sentences number of pieces the text was split into (1 when not split)
     * @param outputTokens subword tokens generated (end tokens included)
     * @param sentenceConfidences the {@link #confidence confidence} of each piece when the text was
     *     split, else null
     */
    public record Translation(
            String text,
            double score,
            List<Alternative> nBest,
            List<String> sourceTokens,
            List<String> targetTokens,
            float[][] attention,
            int sentences,
            int outputTokens,
            List<Double> sentenceConfidences) {

        /** A translation of one piece (no per-sentence confidences). */
        public Translation(
                String text,
                double score,
                List<Alternative> nBest,
                List<String> sourceTokens,
                List<String> targetTokens,
                float[][] attention,
                int sentences,
                int outputTokens) {
            this(
                    text,
                    score,
                    nBest,
                    sourceTokens,
                    targetTokens,
                    attention,
                    sentences,
                    outputTokens,
                    null);
        }

        /**
         * The model's confidence in the translation, in [0, 1]: {@code exp(score)}, the geometric
         * mean of the probabilities of the tokens it chose over all the text's pieces (1 for a
         * blank text, where nothing was chosen).
         */
        public double confidence() {
            return Translator.confidence(score);
        }
    }

    /**
     * A confidence in [0, 1] from a mean log-probability per token: its exponential, the geometric
     * mean of the tokens' probabilities.
     */
    public static double confidence(double meanLogProb) {
        return Math.min(1.0, Math.max(0.0, Math.exp(meanLogProb)));
    }

    private final TransformerModel model;
    private final SubwordTokenizer tokenizer;
    private final StepWeights stepWeights;

    public Translator(TransformerModel model, SubwordTokenizer tokenizer) {
        this(model, tokenizer, null);
    }

    /**
     * A translator whose calls share {@code stepWeights}, made from {@code model}'s parameters,
     * which must not change while it is used (null: each call lays the weights out itself).
     */
    public Translator(TransformerModel model, SubwordTokenizer tokenizer, StepWeights stepWeights) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.stepWeights = stepWeights;
    }

    /**
     * Translates {@code texts}; arrays are made under {@code parent} and freed before returning.
     *
     * @throws InputTooLongException when one sentence alone exceeds the model's limit
     */
    public List<Translation> translate(
            List<String> texts, SearchSettings settings, int batchSize, NDManager parent) {
        return translate(texts, settings, batchSize, parent, null);
    }

    /**
     * {@link #translate(List, SearchSettings, int, NDManager)} with the batches shared out among
     * {@code streams} (null: one after the other on the calling thread).
     */
    public List<Translation> translate(
            List<String> texts,
            SearchSettings settings,
            int batchSize,
            NDManager parent,
            DecodeStreams streams) {
        return translateTimed(texts, settings, batchSize, parent, streams).translations();
    }

    /**
     * Translations and where their time went: normalizing and encoding the texts, the search, and
     * assembling the answers (detokenization, joining a long text's sentences).
     */
    public record Timed(
            List<Translation> translations,
            long encodeNanos,
            long searchNanos,
            long assembleNanos) {}

    /** {@link #translate(List, SearchSettings, int, NDManager, DecodeStreams)}, timed by step. */
    public Timed translateTimed(
            List<String> texts,
            SearchSettings settings,
            int batchSize,
            NDManager parent,
            DecodeStreams streams) {
        long start = System.nanoTime();
        // 1. Normalize and encode; a text over the limit is encoded sentence by sentence.
        Encoded encoded = encode(texts);
        long encodedAt = System.nanoTime();
        // 2. Decode all pieces of all texts in batches.
        BatchDecoder decoder =
                new BatchDecoder(
                        model,
                        settings,
                        batchSize,
                        tokenizer.bosId(),
                        tokenizer.eosId(),
                        stepWeights);
        List<List<Hypothesis>> decoded = decoder.decode(encoded.sources(), parent, streams);
        long searchedAt = System.nanoTime();
        // 3. One translation per text, its pieces joined.
        List<Translation> out = new ArrayList<>(texts.size());
        int next = 0;
        for (List<String> textPieces : encoded.pieces()) {
            if (textPieces.isEmpty()) {
                out.add(
                        new Translation(
                                "", 0, List.of(new Alternative("", 0)), null, null, null, 0, 0));
            } else if (textPieces.size() == 1) {
                out.add(single(textPieces.get(0), decoded.get(next++), settings.attention()));
            } else {
                out.add(joined(decoded.subList(next, next + textPieces.size())));
                next += textPieces.size();
            }
        }
        return new Timed(
                out, encodedAt - start, searchedAt - encodedAt, System.nanoTime() - searchedAt);
    }

    /**
     * Texts as pieces to decode.
     *
     * @param pieces each text's pieces: none when blank, the text itself when it fits, else its
     *     sentences
     * @param sources the token ids of all pieces of all texts, in order
     */
    private record Encoded(List<List<String>> pieces, List<int[]> sources) {}

    private Encoded encode(List<String> texts) {
        int limit = model.config().maxLength();
        List<String> normalized = texts.stream().map(TextNormalizer::normalize).toList();
        List<List<String>> pieces = new ArrayList<>(texts.size());
        List<int[]> sources = new ArrayList<>();
        List<int[]> whole = tokenizer.encodeAllWithEnd(normalized);
        for (int i = 0; i < texts.size(); i++) {
            String text = normalized.get(i);
            if (text.isBlank()) {
                pieces.add(List.of());
            } else if (whole.get(i).length <= limit) {
                pieces.add(List.of(text));
                sources.add(whole.get(i));
            } else {
                List<String> sentences = sentences(text);
                sources.addAll(encodeSentences(i, sentences, limit));
                pieces.add(sentences);
            }
        }
        return new Encoded(pieces, sources);
    }

    /** The sentences of text {@code i} (from 0), each checked against the model's limit. */
    private List<int[]> encodeSentences(int i, List<String> sentences, int limit) {
        List<int[]> encoded = tokenizer.encodeAllWithEnd(sentences);
        for (int[] sentence : encoded) {
            long tokens = sentence.length;
            if (tokens > limit) {
                throw new InputTooLongException(
                        tokens,
                        limit,
                        "text "
                                + (i + 1)
                                + " has a sentence of "
                                + tokens
                                + " subword tokens; the model accepts at most "
                                + limit
                                + " per sentence: split it into shorter sentences");
            }
        }
        return encoded;
    }

    private Translation single(String source, List<Hypothesis> nBest, boolean attention) {
        Hypothesis best = nBest.get(0);
        List<Alternative> alternatives =
                nBest.stream()
                        .map(h -> new Alternative(tokenizer.decode(h.tokens()), h.score()))
                        .toList();
        List<String> sourceTokens = null;
        List<String> targetTokens = null;
        if (attention) {
            sourceTokens = new ArrayList<>(Arrays.asList(tokenizer.tokens(source)));
            sourceTokens.add(tokenizer.token(tokenizer.eosId()));
            targetTokens = new ArrayList<>();
            for (long id : best.tokens()) {
                targetTokens.add(tokenizer.token(id));
            }
            if (best.ended()) {
                targetTokens.add(tokenizer.token(tokenizer.eosId()));
            }
        }
        return new Translation(
                alternatives.get(0).text(),
                best.score(),
                alternatives,
                sourceTokens,
                targetTokens,
                attention ? best.attention() : null,
                1,
                best.scoredLength());
    }

    private Translation joined(List<List<Hypothesis>> parts) {
        StringBuilder text = new StringBuilder();
        double logProb = 0;
        long length = 0;
        List<Double> confidences = new ArrayList<>(parts.size());
        for (List<Hypothesis> part : parts) {
            Hypothesis best = part.get(0);
            String piece = tokenizer.decode(best.tokens());
            if (!piece.isEmpty()) {
                text.append(text.length() == 0 ? "" : " ").append(piece);
            }
            logProb += best.logProb();
            length += best.scoredLength();
            confidences.add(best.confidence());
        }
        int tokens = (int) length;
        double score = length == 0 ? 0 : logProb / length;
        return new Translation(
                text.toString(),
                score,
                List.of(new Alternative(text.toString(), score)),
                null,
                null,
                null,
                parts.size(),
                tokens,
                List.copyOf(confidences));
    }

    /** Sentences of a text, by the JDK's locale-independent sentence rules. */
    static List<String> sentences(String text) {
        BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.ROOT);
        iterator.setText(text);
        List<String> out = new ArrayList<>();
        int start = iterator.first();
        for (int end = iterator.next(); end != BreakIterator.DONE; end = iterator.next()) {
            String sentence = text.substring(start, end).strip();
            if (!sentence.isEmpty()) {
                out.add(sentence);
            }
            start = end;
        }
        return out;
    }
}
