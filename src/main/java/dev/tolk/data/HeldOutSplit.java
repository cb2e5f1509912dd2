package dev.tolk.data;

import java.io.IOException;

/**
 * A deterministic split of a corpus into training and held-out pairs when no validation set is
 * given: a pair is held out when its seeded fingerprint falls below the fraction. The decision
 * depends on the pair's content only, so it can be made while streaming, repeats across runs with
 * the same seed, and sends identical pairs to the same side (a split cannot leak duplicates).
 *
 * @param seed the seed; another seed gives another split
 * @param fraction the expected share of held-out pairs, in (0, 1)
 */
public record HeldOutSplit(long seed, double fraction) {

    public HeldOutSplit {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException(
                    "held-out fraction (" + fraction + ") must be between 0 and 1");
        }
    }

    /**
     * The split for a corpus of {@code pairs} pairs that holds out {@code fraction} of them, but
     * about {@code maxPairs} at most (evaluation decodes every held-out pair).
     */
    public static HeldOutSplit capped(long seed, double fraction, long pairs, long maxPairs) {
        double capped = pairs > 0 ? Math.min(fraction, (double) maxPairs / pairs) : fraction;
        return new HeldOutSplit(seed, capped);
    }

    /**
     * The split of {@code corpus} that holds out {@code fraction} of its pairs, but about {@code
     * maxPairs} at most: {@link #capped(long, double, long, long)} with the corpus's pairs counted
     * by reading it once (pairs read, before cleaning, so the held-out set is at most about {@code
     * maxPairs} after it). A corpus of up to {@code maxPairs / fraction} pairs keeps {@code
     * fraction}.
     */
    public static HeldOutSplit capped(long seed, double fraction, CorpusFiles corpus, long maxPairs)
            throws IOException {
        long pairs = 0;
        try (CorpusReader reader = CorpusReader.open(corpus)) {
            while (reader.next() != null) {
                pairs++;
            }
        }
        return capped(seed, fraction, pairs, maxPairs);
    }

    public boolean isHeldOut(SentencePair normalized) {
        long bits = PairFingerprint.of(seed, normalized) >>> 11; // 53 uniform bits
        return bits * 0x1.0p-53 < fraction;
    }
}
