package dev.tolk.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Spearman's rank correlation (ρ): Pearson's correlation of the two samples' ranks, tied values
 * sharing the mean of the ranks they span, as {@code scipy.stats.spearmanr} computes it. Measures
 * how well one score orders items as another does, whatever the scales: 1 the same order, −1 the
 * reverse, 0 none.
 */
public final class RankCorrelation {

    private RankCorrelation() {}

    /**
     * ρ of {@code x} and {@code y}, paired by index; NaN when either sample has fewer than two
     * items or all its values equal (no order to compare).
     *
     * @throws IllegalArgumentException when the samples differ in length
     */
    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "the samples must pair up: " + x.length + " and " + y.length + " values");
        }
        return pearson(ranks(x), ranks(y));
    }

    /** Ranks from 1, ties given the mean of the ranks they span. */
    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        for (int start = 0; start < order.length; ) {
            int end = start + 1;
            while (end < order.length && values[order[end]] == values[order[start]]) {
                end++;
            }
            double mean = (start + 1 + end) / 2.0; // ranks start+1 .. end
            for (int k = start; k < end; k++) {
                ranks[order[k]] = mean;
            }
            start = end;
        }
        return ranks;
    }

    private static double pearson(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double meanX = Arrays.stream(x).average().orElse(0);
        double meanY = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - meanX;
            double dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }
}
