package dev.tolk.training;

import dev.tolk.metrics.Chrf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One held-out sentence as the model translated it at an evaluation, with its sentence-level chrF
 * (sentence BLEU is mostly zero on short sentences; chrF still ranks them).
 *
 * @param source the source sentence
 * @param reference its reference translation
 * @param hypothesis the model's translation
 * @param chrf sentence chrF (chrF2, character 6-grams), 0–100
 */
public record HeldOutSample(String source, String reference, String hypothesis, double chrf) {

    /** How many of the worst sentences an evaluation reports. */
    public static final int WORST = 10;

    /**
     * The {@code count} sentences of lowest chrF, worst first (ties in held-out order); the lists
     * are aligned.
     */
    static List<HeldOutSample> worst(
            List<String> sources, List<String> references, List<String> hypotheses, int count) {
        Chrf chrf = new Chrf(Chrf.Options.CHRF);
        List<HeldOutSample> all = new ArrayList<>(hypotheses.size());
        for (int i = 0; i < hypotheses.size(); i++) {
            double score =
                    chrf.corpusScore(
                                    List.of(hypotheses.get(i)), List.of(List.of(references.get(i))))
                            .rounded();
            all.add(new HeldOutSample(sources.get(i), references.get(i), hypotheses.get(i), score));
        }
        return all.stream()
                .sorted(Comparator.comparingDouble(HeldOutSample::chrf))
                .limit(count)
                .toList();
    }
}
