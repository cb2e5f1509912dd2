package dev.tolk.decode;

/**
 * How to search for translations.
 *
 * @param beamSize hypotheses kept per sentence; 1 is greedy search
 * @param lengthPenalty GNMT's α for ranking finished hypotheses (0: none; 0.6 is GNMT's)
 * @param nBest hypotheses returned per sentence, best first (at most {@code beamSize})
 * @param noRepeatNgram forbid repeating any n-gram of this size within a hypothesis (0: off)
 * @param attention whether to return cross-attention weights
 * @param maxLengthRatio output limit per source token (0 with a fixed limit, see {@link
 *     #withMaxLength})
 * @param maxLengthExtra output limit added to {@code maxLengthRatio × source length}
 */
public record SearchSettings(
        int beamSize,
        float lengthPenalty,
        int nBest,
        int noRepeatNgram,
        boolean attention,
        double maxLengthRatio,
        int maxLengthExtra) {

    /**
     * The length penalty α users get when they name none (training's final scores, translate,
     * evaluate, the service): chosen on Multi30k en→de val with two models of the default recipe
     * (0.6, 1.0, 1.5 and 2.0 tried; GNMT's 0.6 gave short outputs, 1.5 scored best on average).
     */
    public static final float DEFAULT_LENGTH_PENALTY = 1.5f;

    /**
     * The n-gram blocking users get when they name none (training's final scores, translate,
     * evaluate, the service): no subword 3-gram twice in an output. Chosen on Multi30k en→de val
     * with two models of the default recipe: 3 more than halved the outputs repeating a word 3-gram
     * (29 → 12 and 38 → 15 of 1,014) at no cost in BLEU (+0.03, +0.05); 4 left most repeats, 2
     * removed them all but cost 0.1 BLEU.
     */
    public static final int DEFAULT_NO_REPEAT_NGRAM = 3;

    /** Output limit per source subword token unless a request names a fixed limit. */
    public static final double DEFAULT_MAX_LENGTH_RATIO = 1.2;

    /**
     * Output tokens added to {@code ratio × source length}: 1.2 × source + 10 is the limit the peer
     * uses.
     */
    public static final int DEFAULT_MAX_LENGTH_EXTRA = 10;

    /** Greedy, one output, length limit 1.2 × source + 10 (the limit the peer uses). */
    public static final SearchSettings GREEDY =
            new SearchSettings(
                    1, 0f, 1, 0, false, DEFAULT_MAX_LENGTH_RATIO, DEFAULT_MAX_LENGTH_EXTRA);

    public SearchSettings {
        if (beamSize < 1) {
            throw new IllegalArgumentException("beamSize (" + beamSize + ") must be at least 1");
        }
        if (nBest < 1 || nBest > beamSize) {
            throw new IllegalArgumentException(
                    "nBest (" + nBest + ") must be between 1 and beamSize (" + beamSize + ")");
        }
        if (!(lengthPenalty >= 0f)) {
            throw new IllegalArgumentException(
                    "lengthPenalty (" + lengthPenalty + ") must be 0 or more");
        }
        if (noRepeatNgram < 0) {
            throw new IllegalArgumentException(
                    "noRepeatNgram (" + noRepeatNgram + ") must be 0 (off) or more");
        }
        if (!(maxLengthRatio >= 0)
                || maxLengthExtra < 0
                || (maxLengthRatio == 0 && maxLengthExtra < 1)) {
            throw new IllegalArgumentException(
                    "the length limit ("
                            + maxLengthRatio
                            + " × source + "
                            + maxLengthExtra
                            + ") must be positive");
        }
    }

    /** Beam search of {@code beamSize} with GNMT's length penalty α = 0.6, one output. */
    public static SearchSettings beam(int beamSize) {
        return new SearchSettings(
                beamSize,
                beamSize == 1 ? 0f : 0.6f,
                1,
                0,
                false,
                DEFAULT_MAX_LENGTH_RATIO,
                DEFAULT_MAX_LENGTH_EXTRA);
    }

    /**
     * What users get when they name only a beam size (the service, translate, evaluate, training's
     * final scores): {@link #DEFAULT_LENGTH_PENALTY} (none for greedy), {@link
     * #DEFAULT_NO_REPEAT_NGRAM}, one output, no attention, the default length limit.
     */
    public static SearchSettings defaults(int beamSize) {
        return new SearchSettings(
                beamSize,
                beamSize == 1 ? 0f : DEFAULT_LENGTH_PENALTY,
                1,
                DEFAULT_NO_REPEAT_NGRAM,
                false,
                DEFAULT_MAX_LENGTH_RATIO,
                DEFAULT_MAX_LENGTH_EXTRA);
    }

    /** The same search with a fixed output limit of {@code tokens} subword tokens. */
    public SearchSettings withMaxLength(int tokens) {
        return new SearchSettings(
                beamSize, lengthPenalty, nBest, noRepeatNgram, attention, 0, tokens);
    }

    /** The output length limit for a source of {@code sourceLength} tokens. */
    public int maxLength(int sourceLength) {
        return (int) (maxLengthRatio * sourceLength + maxLengthExtra);
    }

    public SearchSettings withNBest(int n) {
        return new SearchSettings(
                beamSize,
                lengthPenalty,
                n,
                noRepeatNgram,
                attention,
                maxLengthRatio,
                maxLengthExtra);
    }

    public SearchSettings withAttention(boolean on) {
        return new SearchSettings(
                beamSize, lengthPenalty, nBest, noRepeatNgram, on, maxLengthRatio, maxLengthExtra);
    }

    public SearchSettings withNoRepeatNgram(int n) {
        return new SearchSettings(
                beamSize, lengthPenalty, nBest, n, attention, maxLengthRatio, maxLengthExtra);
    }

    public SearchSettings withLengthPenalty(float alpha) {
        return new SearchSettings(
                beamSize, alpha, nBest, noRepeatNgram, attention, maxLengthRatio, maxLengthExtra);
    }

    /**
     * {@code greedy}, or {@code beam 5, length penalty 0.6}, with {@code , no repeated 3-grams}.
     */
    public String describe() {
        String search =
                beamSize == 1 ? "greedy" : "beam " + beamSize + ", length penalty " + lengthPenalty;
        return noRepeatNgram > 0 ? search + ", no repeated " + noRepeatNgram + "-grams" : search;
    }
}
