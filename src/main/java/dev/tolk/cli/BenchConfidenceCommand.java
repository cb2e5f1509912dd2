package dev.tolk.cli;

import dev.tolk.decode.Translator;
import dev.tolk.metrics.Bleu;
import dev.tolk.metrics.RankCorrelation;
import dev.tolk.metrics.Scores;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench confidence}: how well the translations' confidence ranks sentences by their quality.
 * Translates every line of {@code --source}, scores each output against its {@code --reference}
 * line with sentence BLEU (sacreBLEU's {@code sentence_bleu}: 13a, exp smoothing, effective order),
 * and reports Spearman's ρ between confidence and sentence BLEU, and how many of the least
 * confident {@code --worst} share are among the same share of worst sentences by BLEU.
 */
@Command(
        name = "confidence",
        mixinStandardHelpOptions = true,
        description =
                "Rank correlation of the translations' confidence with sentence BLEU on a test"
                        + " set; one JSON object with --json.")
final class BenchConfidenceCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "A model directory.")
    Path model;

    @Mixin TestSetOptions testSet;

    @Option(names = "--beam", defaultValue = "4", description = "Beam size; 1 is greedy.")
    int beam;

    @Mixin SearchOptions search;

    @Option(names = "--batch-size", defaultValue = "32", description = "Sentences per batch.")
    int batchSize;

    @Option(
            names = "--worst",
            defaultValue = "0.1",
            description =
                    "The share of sentences compared: the least confident against the worst by"
                            + " sentence BLEU (default ${DEFAULT-VALUE}).")
    double worst;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (!(worst > 0 && worst <= 1)) {
            throw new IllegalArgumentException("--worst (" + worst + ") must be in (0, 1]");
        }
        TestSetOptions.Lines lines = testSet.read();
        List<Translator.Translation> translations =
                TestSetOptions.translate(
                        model, lines.sources(), search.settings(beam, 1, false), batchSize);
        Ranking ranking = Ranking.of(translations, lines.references(), worst);
        print(
                ranking,
                Scores.of(
                        translations.stream().map(Translator.Translation::text).toList(),
                        lines.references()));
        return 0;
    }

    /**
     * The figures of one test set.
     *
     * @param sentences the number of sentences
     * @param spearman ρ between confidence and sentence BLEU
     * @param meanConfidence the mean confidence
     * @param lowCount how many sentences the {@code --worst} share is
     * @param lowBleu the mean sentence BLEU of the least confident share
     * @param restBleu the mean sentence BLEU of the others
     * @param worstFound the share of the least confident that are among the worst by BLEU
     */
    record Ranking(
            int sentences,
            double spearman,
            double meanConfidence,
            int lowCount,
            double lowBleu,
            double restBleu,
            double worstFound) {

        static Ranking of(
                List<Translator.Translation> translations, List<String> references, double share) {
            int n = translations.size();
            Bleu sentenceBleu = new Bleu(Bleu.Options.SENTENCE);
            double[] confidence = new double[n];
            double[] bleu = new double[n];
            for (int i = 0; i < n; i++) {
                confidence[i] = translations.get(i).confidence();
                bleu[i] =
                        sentenceBleu
                                .sentenceScore(
                                        translations.get(i).text(), List.of(references.get(i)))
                                .score();
            }
            int low = Math.max(1, (int) Math.round(share * n));
            int[] leastConfident = lowest(confidence, low);
            boolean[] worstByBleu = new boolean[n];
            for (int i : lowest(bleu, low)) {
                worstByBleu[i] = true;
            }
            boolean[] isLow = new boolean[n];
            double lowSum = 0;
            int found = 0;
            for (int i : leastConfident) {
                isLow[i] = true;
                lowSum += bleu[i];
                found += worstByBleu[i] ? 1 : 0;
            }
            double restSum = 0;
            for (int i = 0; i < n; i++) {
                restSum += isLow[i] ? 0 : bleu[i];
            }
            return new Ranking(
                    n,
                    RankCorrelation.spearman(confidence, bleu),
                    Arrays.stream(confidence).average().orElse(Double.NaN),
                    low,
                    lowSum / low,
                    n > low ? restSum / (n - low) : Double.NaN,
                    (double) found / low);
        }

        /** The indexes of the {@code count} lowest values (ties: the earlier first). */
        private static int[] lowest(double[] values, int count) {
            return IntStream.range(0, values.length)
                    .boxed()
                    .sorted(Comparator.comparingDouble(i -> values[i]))
                    .limit(count)
                    .mapToInt(Integer::intValue)
                    .toArray();
        }
    }

    private void print(Ranking r, Scores corpus) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(
                    new JsonLine()
                            .put("sentences", r.sentences())
                            .put("search", search.settings(beam, 1, false).describe())
                            .put("spearman", r.spearman(), 4)
                            .put("mean_confidence", r.meanConfidence(), 4)
                            .put("worst_share", worst)
                            .put("least_confident_bleu", r.lowBleu(), 2)
                            .put("rest_bleu", r.restBleu(), 2)
                            .put("worst_found", r.worstFound(), 4)
                            .put("bleu", corpus.cased().bleu().score(), 2)
                            .line());
        } else {
            out.printf(
                    Locale.ROOT,
                    "%d sentences, corpus BLEU %.2f, mean confidence %.3f%n"
                            + "Spearman ρ(confidence, sentence BLEU) = %.4f%n"
                            + "the %d least confident: mean sentence BLEU %.2f (the others %.2f);"
                            + " %.1f%% of them among the %d worst by sentence BLEU%n",
                    r.sentences(),
                    corpus.cased().bleu().score(),
                    r.meanConfidence(),
                    r.spearman(),
                    r.lowCount(),
                    r.lowBleu(),
                    r.restBleu(),
                    100 * r.worstFound(),
                    r.lowCount());
        }
        out.flush();
    }
}
