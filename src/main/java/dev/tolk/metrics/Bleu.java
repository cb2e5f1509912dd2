package dev.tolk.metrics;

import dev.tolk.TolkVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus and sentence BLEU (Papineni et al., 2002) as sacreBLEU 2.x computes it: hypotheses and
 * references lowercased if asked, right-stripped and tokenized; n-grams up to order 4 clipped by
 * the maximum count in any reference; per segment the reference length closest to the hypothesis
 * (the shorter on ties); statistics summed over the corpus, then smoothing and the brevity penalty.
 * Immutable and thread-safe.
 */
public final class Bleu {

    /** sacreBLEU's maximum n-gram order. */
    public static final int MAX_ORDER = 4;

    /** The settings of one BLEU computation. */
    public record Options(
            BleuTokenizer tokenizer,
            boolean lowercase,
            Smoothing smoothing,
            Double smoothValue,
            boolean effectiveOrder) {

        /** sacreBLEU's corpus defaults: 13a, cased, exp smoothing. */
        public static final Options CORPUS =
                new Options(BleuTokenizer.TOKENIZE_13A, false, Smoothing.EXP, null, false);

        /** sacreBLEU's {@code sentence_bleu} defaults: as {@link #CORPUS}, effective order on. */
        public static final Options SENTENCE =
                new Options(BleuTokenizer.TOKENIZE_13A, false, Smoothing.EXP, null, true);

        public Options withTokenizer(BleuTokenizer value) {
            return new Options(value, lowercase, smoothing, smoothValue, effectiveOrder);
        }

        public Options withLowercase(boolean value) {
            return new Options(tokenizer, value, smoothing, smoothValue, effectiveOrder);
        }

        public Options withSmoothing(Smoothing value, Double valueOrNull) {
            return new Options(tokenizer, lowercase, value, valueOrNull, effectiveOrder);
        }

        double smoothValueOrDefault() {
            Double value = smoothValue != null ? smoothValue : smoothing.defaultValue();
            return value == null ? 0 : value;
        }
    }

    private final Options options;

    public Bleu(Options options) {
        this.options = options;
    }

    /**
     * Corpus BLEU.
     *
     * @param hypotheses one line per segment
     * @param references one or more streams, each with one line per segment
     * @throws IllegalArgumentException when a stream's length differs from the hypotheses'
     */
    public BleuScore corpusScore(List<String> hypotheses, List<List<String>> references) {
        Streams.check(hypotheses, references);
        double[] stats = new double[2 + 2 * MAX_ORDER];
        for (int i = 0; i < hypotheses.size(); i++) {
            addSegment(stats, hypotheses.get(i), Streams.segment(references, i));
        }
        return compute(stats, references.size());
    }

    /** BLEU of one hypothesis against its references. */
    public BleuScore sentenceScore(String hypothesis, List<String> references) {
        double[] stats = new double[2 + 2 * MAX_ORDER];
        addSegment(stats, hypothesis, references);
        return compute(stats, references.size());
    }

    /**
     * sacreBLEU's signature, e.g. {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:…}.
     */
    public String signature(int referenceCount) {
        String smooth = options.smoothing().signature();
        if (options.smoothing().defaultValue() != null) {
            smooth += "[" + PythonText.fixed(options.smoothValueOrDefault(), 2) + "]";
        }
        return "nrefs:"
                + referenceCount
                + "|case:"
                + (options.lowercase() ? "lc" : "mixed")
                + "|eff:"
                + (options.effectiveOrder() ? "yes" : "no")
                + "|tok:"
                + options.tokenizer().signature()
                + "|smooth:"
                + smooth
                + "|version:"
                + version();
    }

    static String version() {
        return "tolk-" + TolkVersion.get();
    }

    private String preprocess(String line) {
        if (options.lowercase()) {
            line = PythonText.lower(line);
        }
        return options.tokenizer().tokenize(PythonText.rstrip(line));
    }

    /** Adds [hyp_len, ref_len, correct 1..4, total 1..4] of one segment to {@code stats}. */
    private void addSegment(double[] stats, String hypothesis, List<String> references) {
        Map<String, Integer> referenceCounts = new HashMap<>();
        int[] referenceLengths = new int[references.size()];
        for (int r = 0; r < references.size(); r++) {
            List<String> tokens = PythonText.split(preprocess(references.get(r)));
            referenceLengths[r] = tokens.size();
            ngrams(tokens)
                    .forEach((ngram, count) -> referenceCounts.merge(ngram, count, Math::max));
        }
        List<String> tokens = PythonText.split(preprocess(hypothesis));
        stats[0] += tokens.size();
        stats[1] += closestLength(tokens.size(), referenceLengths);
        for (var entry : ngrams(tokens).entrySet()) {
            int order = order(entry.getKey());
            stats[2 + MAX_ORDER + order - 1] += entry.getValue();
            stats[2 + order - 1] +=
                    Math.min(entry.getValue(), referenceCounts.getOrDefault(entry.getKey(), 0));
        }
    }

    /** n-gram counts for n = 1..4; n-grams are tokens joined by single spaces. */
    static Map<String, Integer> ngrams(List<String> tokens) {
        Map<String, Integer> counts = new HashMap<>();
        for (int n = 1; n <= MAX_ORDER; n++) {
            for (int i = 0; i + n <= tokens.size(); i++) {
                counts.merge(String.join(" ", tokens.subList(i, i + n)), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static int order(String ngram) {
        int order = 1;
        for (int i = 0; i < ngram.length(); i++) {
            if (ngram.charAt(i) == ' ') {
                order++;
            }
        }
        return order;
    }

    /** The reference length closest to the hypothesis length; the shorter one on ties. */
    static int closestLength(int hypothesisLength, int[] referenceLengths) {
        int closestDiff = -1;
        int closest = -1;
        for (int length : referenceLengths) {
            int diff = Math.abs(hypothesisLength - length);
            if (closestDiff == -1 || diff < closestDiff) {
                closestDiff = diff;
                closest = length;
            } else if (diff == closestDiff && length < closest) {
                closest = length;
            }
        }
        return closest;
    }

    /** BLEU from summed statistics, smoothing included (sacreBLEU's compute_bleu). */
    private BleuScore compute(double[] stats, int referenceCount) {
        long sysLen = (long) stats[0];
        long refLen = (long) stats[1];
        double[] correct = new double[MAX_ORDER];
        double[] total = new double[MAX_ORDER];
        System.arraycopy(stats, 2, correct, 0, MAX_ORDER);
        System.arraycopy(stats, 2 + MAX_ORDER, total, 0, MAX_ORDER);
        double bp = 1.0;
        if (sysLen < refLen) {
            bp = sysLen > 0 ? Math.exp(1 - (double) refLen / sysLen) : 0.0;
        }
        double[] precisions = new double[MAX_ORDER];
        String signature = signature(referenceCount);
        boolean anyMatch = false;
        for (double c : correct) {
            anyMatch |= c != 0;
        }
        if (!anyMatch) {
            return new BleuScore(0.0, correct, total, precisions, bp, sysLen, refLen, signature);
        }
        double smoothValue = options.smoothValueOrDefault();
        double smoothMteval = 1.0;
        int effectiveOrder = MAX_ORDER;
        for (int n = 1; n <= MAX_ORDER; n++) {
            if (options.smoothing() == Smoothing.ADD_K && n > 1) {
                correct[n - 1] += smoothValue;
                total[n - 1] += smoothValue;
            }
            if (total[n - 1] == 0) {
                break;
            }
            if (options.effectiveOrder()) {
                effectiveOrder = n;
            }
            if (correct[n - 1] == 0) {
                if (options.smoothing() == Smoothing.EXP) {
                    smoothMteval *= 2;
                    precisions[n - 1] = 100.0 / (smoothMteval * total[n - 1]);
                } else if (options.smoothing() == Smoothing.FLOOR) {
                    precisions[n - 1] = 100.0 * smoothValue / total[n - 1];
                }
            } else {
                precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
            }
        }
        double logSum = 0;
        for (int n = 0; n < effectiveOrder; n++) {
            logSum += precisions[n] == 0.0 ? -9999999999.0 : Math.log(precisions[n]);
        }
        double score = bp * Math.exp(logSum / effectiveOrder);
        return new BleuScore(score, correct, total, precisions, bp, sysLen, refLen, signature);
    }
}
