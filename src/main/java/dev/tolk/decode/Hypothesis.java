package dev.tolk.decode;

/**
 * One translation of one sentence: target ids (without begin and end tokens), the sum of their
 * log-probabilities (with the end token's when the hypothesis ended), and optionally the
 * cross-attention weights that produced each token.
 *
 * @param tokens target ids
 * @param logProb Σ log p over the generated tokens, the end token included when {@code ended}
 * @param ended whether the end token was generated (otherwise the length limit stopped it)
 * @param attention per generated token (end token included when ended), the last decoder layer's
 *     cross-attention over the source positions averaged over heads; null when not asked for
 */
public record Hypothesis(long[] tokens, double logProb, boolean ended, float[][] attention) {

    /** Tokens the score is taken over: the target tokens, plus the end token when generated. */
    public int scoredLength() {
        return tokens.length + (ended ? 1 : 0);
    }

    /** Mean log-probability per generated token: the sentence's score. */
    public double score() {
        return scoredLength() == 0 ? 0 : logProb / scoredLength();
    }

    /**
     * The model's confidence in the sentence, in [0, 1]: {@code exp(score())}, the geometric mean
     * of the probabilities of the tokens it chose (the end token included when generated, as in
     * {@link #score()}), so long and short sentences compare.
     */
    public double confidence() {
        return Translator.confidence(score());
    }

    /**
     * The GNMT length-normalised score (Wu et al., 2016) that ranks hypotheses of different
     * lengths: {@code logProb / ((5 + |Y|) / 6)^α}; α = 0 ranks by plain log-probability.
     */
    public double normalizedScore(float alpha) {
        return logProb / lengthPenalty(scoredLength(), alpha);
    }

    /** GNMT's length penalty of {@code length} scored tokens: {@code ((5 + length) / 6)^α}. */
    static double lengthPenalty(int length, float alpha) {
        return Math.pow((5.0 + length) / 6.0, alpha);
    }
}
