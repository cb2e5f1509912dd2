package dev.tolk.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * chrF and chrF++ (Popović, 2015 and 2017) as sacreBLEU 2.x computes them: character n-grams of
 * orders 1..6 over the text with whitespace removed, plus word n-grams of orders 1..wordOrder over
 * words with one leading or trailing ASCII punctuation mark split off; per segment the statistics
 * of the reference with the best F-score; an F-beta of precision and recall averaged over the
 * orders that have both hypothesis and reference n-grams. Immutable and thread-safe.
 */
public final class Chrf {

    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final double EPSILON = 1e-16;

    /** chrF settings; {@link #CHRF} and {@link #CHRF_PLUS_PLUS} are sacreBLEU's. */
    public record Options(int charOrder, int wordOrder, int beta, boolean lowercase) {
        public static final Options CHRF = new Options(6, 0, 2, false);
        public static final Options CHRF_PLUS_PLUS = new Options(6, 2, 2, false);

        public Options withLowercase(boolean value) {
            return new Options(charOrder, wordOrder, beta, value);
        }
    }

    private final Options options;

    public Chrf(Options options) {
        this.options = options;
    }

    public ChrfScore corpusScore(List<String> hypotheses, List<List<String>> references) {
        Streams.check(hypotheses, references);
        int orders = options.charOrder() + options.wordOrder();
        long[] stats = new long[3 * orders];
        for (int i = 0; i < hypotheses.size(); i++) {
            long[] segment = segmentStatistics(hypotheses.get(i), Streams.segment(references, i));
            for (int k = 0; k < stats.length; k++) {
                stats[k] += segment[k];
            }
        }
        String name = "chrF" + options.beta() + "+".repeat(options.wordOrder());
        return new ChrfScore(name, 100 * fScore(stats), signature(references.size()));
    }

    /**
     * sacreBLEU's signature, e.g. {@code nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:…}.
     */
    public String signature(int referenceCount) {
        return "nrefs:"
                + referenceCount
                + "|case:"
                + (options.lowercase() ? "lc" : "mixed")
                + "|eff:yes|nc:"
                + options.charOrder()
                + "|nw:"
                + options.wordOrder()
                + "|space:no|version:"
                + Bleu.version();
    }

    /** [hyp, ref, match] per order for the best-scoring reference. */
    private long[] segmentStatistics(String hypothesis, List<String> references) {
        List<Map<String, Integer>> hypothesisNgrams = ngrams(hypothesis);
        long[] best = new long[0];
        double bestF = -1;
        for (String reference : references) {
            List<Map<String, Integer>> referenceNgrams = ngrams(reference);
            long[] stats = new long[3 * hypothesisNgrams.size()];
            for (int k = 0; k < hypothesisNgrams.size(); k++) {
                match(hypothesisNgrams.get(k), referenceNgrams.get(k), stats, 3 * k);
            }
            double f = fScore(stats);
            if (f > bestF) {
                bestF = f;
                best = stats;
            }
        }
        return best;
    }

    private static void match(
            Map<String, Integer> hypothesis, Map<String, Integer> reference, long[] out, int at) {
        long matches = 0;
        long hypothesisCount = 0;
        for (var entry : hypothesis.entrySet()) {
            hypothesisCount += entry.getValue();
            Integer inReference = reference.get(entry.getKey());
            if (inReference != null) {
                matches += Math.min(entry.getValue(), inReference);
            }
        }
        long referenceCount = 0;
        for (int count : reference.values()) {
            referenceCount += count;
        }
        out[at] = reference.isEmpty() ? 0 : hypothesisCount;
        out[at + 1] = referenceCount;
        out[at + 2] = matches;
    }

    /** Character n-gram counts of orders 1..charOrder, then word n-grams 1..wordOrder. */
    private List<Map<String, Integer>> ngrams(String text) {
        if (options.lowercase()) {
            text = PythonText.lower(text);
        }
        List<Map<String, Integer>> out = new ArrayList<>();
        int[] chars = PythonText.removeSpaces(text).codePoints().toArray();
        for (int n = 1; n <= options.charOrder(); n++) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i + n <= chars.length; i++) {
                counts.merge(new String(chars, i, n), 1, Integer::sum);
            }
            out.add(counts);
        }
        if (options.wordOrder() > 0) {
            List<String> words = splitPunctuation(text);
            for (int n = 1; n <= options.wordOrder(); n++) {
                Map<String, Integer> counts = new HashMap<>();
                for (int i = 0; i + n <= words.size(); i++) {
                    counts.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
                }
                out.add(counts);
            }
        }
        return out;
    }

    /** Words with one trailing, else one leading, ASCII punctuation mark split off. */
    private static List<String> splitPunctuation(String text) {
        List<String> out = new ArrayList<>();
        for (String word : PythonText.split(text)) {
            int length = word.codePointCount(0, word.length());
            if (length == 1) {
                out.add(word);
                continue;
            }
            int last = word.codePointBefore(word.length());
            int first = word.codePointAt(0);
            if (PUNCTUATION.indexOf(last) >= 0) {
                out.add(word.substring(0, word.length() - Character.charCount(last)));
                out.add(Character.toString(last));
            } else if (PUNCTUATION.indexOf(first) >= 0) {
                out.add(Character.toString(first));
                out.add(word.substring(Character.charCount(first)));
            } else {
                out.add(word);
            }
        }
        return out;
    }

    /** The averaged F-beta of sacreBLEU's {@code _compute_f_score}, as a fraction. */
    private double fScore(long[] stats) {
        double factor = (double) options.beta() * options.beta();
        double precisionSum = 0;
        double recallSum = 0;
        int effectiveOrder = 0;
        for (int k = 0; k < stats.length / 3; k++) {
            long hypothesis = stats[3 * k];
            long reference = stats[3 * k + 1];
            long matches = stats[3 * k + 2];
            if (hypothesis > 0 && reference > 0) {
                precisionSum += (double) matches / hypothesis;
                recallSum += (double) matches / reference;
                effectiveOrder++;
            }
        }
        if (effectiveOrder == 0) {
            return 0.0;
        }
        double precision = precisionSum / effectiveOrder;
        double recall = recallSum / effectiveOrder;
        if (precision + recall == 0) {
            return 0.0;
        }
        return (1 + factor) * precision * recall / (factor * precision + recall);
    }
}
