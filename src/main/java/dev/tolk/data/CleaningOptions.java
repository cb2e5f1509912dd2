package dev.tolk.data;

/**
 * How a corpus is cleaned. Lengths are counted in whitespace-separated words of the normalized
 * text, as Moses' {@code clean-corpus-n.perl} counts them.
 *
 * @param maxWords pairs with a side longer than this are dropped
 * @param maxLengthRatio pairs whose longer side has more than this many times the words of the
 *     shorter side are dropped
 * @param dropDuplicates whether a pair identical to an earlier one is dropped
 */
public record CleaningOptions(int maxWords, double maxLengthRatio, boolean dropDuplicates) {

    /** Moses' ratio of 9; 250 words, far beyond any sentence; duplicates kept. */
    public static final CleaningOptions DEFAULTS = new CleaningOptions(250, 9.0, false);

    public CleaningOptions {
        if (maxWords < 1) {
            throw new IllegalArgumentException("maxWords (" + maxWords + ") must be at least 1");
        }
        if (!(maxLengthRatio >= 1.0)) {
            throw new IllegalArgumentException(
                    "maxLengthRatio (" + maxLengthRatio + ") must be at least 1");
        }
    }
}
