package dev.tolk.metrics;

/**
 * A chrF score.
 *
 * @param name {@code chrF2}, or {@code chrF2++} with word bigrams
 * @param score 0 to 100
 * @param signature sacreBLEU's reproducibility signature
 */
public record ChrfScore(String name, double score, String signature) {

    /** sacreBLEU's text line: {@code chrF2|signature = 67.17}. */
    public String format() {
        return format(2);
    }

    /** {@link #format()} with the score to {@code width} decimals. */
    public String format(int width) {
        return name + "|" + signature + " = " + PythonText.fixed(score, width);
    }

    /** The score rounded as sacreBLEU prints it. */
    public double rounded() {
        return Double.parseDouble(PythonText.fixed(score, 2));
    }
}
