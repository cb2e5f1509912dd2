package dev.tolk.metrics;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A BLEU score with the statistics sacreBLEU reports.
 *
 * @param score 0 to 100
 * @param counts matching n-grams per order (after add-k smoothing, as sacreBLEU reports them)
 * @param totals hypothesis n-grams per order (likewise)
 * @param precisions per order, in percent
 * @param bp brevity penalty
 * @param sysLen hypothesis tokens
 * @param refLen reference tokens (the closest reference per segment)
 * @param signature sacreBLEU's reproducibility signature
 */
public record BleuScore(
        double score,
        double[] counts,
        double[] totals,
        double[] precisions,
        double bp,
        long sysLen,
        long refLen,
        String signature) {

    /** {@code sys_len / ref_len}, 0 without reference tokens. */
    public double ratio() {
        return refLen == 0 ? 0 : (double) sysLen / refLen;
    }

    /**
     * sacreBLEU's text line: {@code BLEU|signature = 48.89 85.7/66.7/40.0/25.0 (BP = 1.000 ratio =
     * 1.000 hyp_len = 7 ref_len = 7)}.
     */
    public String format() {
        return format(2);
    }

    /** {@link #format()} with the score to {@code width} decimals (sacreBLEU's {@code -w}). */
    public String format(int width) {
        String precisionText =
                Arrays.stream(precisions)
                        .mapToObj(p -> PythonText.fixed(p, 1))
                        .collect(Collectors.joining("/"));
        return "BLEU|"
                + signature
                + " = "
                + PythonText.fixed(score, width)
                + " "
                + precisionText
                + " (BP = "
                + PythonText.fixed(bp, 3)
                + " ratio = "
                + PythonText.fixed(ratio(), 3)
                + " hyp_len = "
                + sysLen
                + " ref_len = "
                + refLen
                + ")";
    }

    /** The score rounded as sacreBLEU prints it (two decimals, half to even). */
    public double rounded() {
        return Double.parseDouble(PythonText.fixed(score, 2));
    }
}
