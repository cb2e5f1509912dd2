package dev.tolk.cli;

import dev.tolk.io.TextFiles;
import dev.tolk.metrics.Evaluation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench bleu --hyp F --ref F}: time corpus BLEU + chrF after warm-up. */
@Command(
        name = "bleu",
        mixinStandardHelpOptions = true,
        description = "Time corpus BLEU + chrF of a system output (files read once, untimed).")
final class BenchBleuCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--hyp", required = true)
    Path hypothesis;

    @Option(names = "--ref", required = true)
    Path reference;

    @Option(
            names = "--runs",
            defaultValue = "20",
            description = "Timed runs (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--warmup",
            defaultValue = "10",
            description = "Untimed runs first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        List<String> hypotheses = TextFiles.readAllLines(hypothesis);
        List<List<String>> references = List.of(TextFiles.readAllLines(reference));
        Evaluation.Result result = null;
        for (int i = 0; i < warmup; i++) {
            result = Evaluation.score(hypotheses, references, Evaluation.Options.DEFAULTS);
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            result = Evaluation.score(hypotheses, references, Evaluation.Options.DEFAULTS);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        double median = millis[runs / 2];
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(
                    new JsonLine()
                            .put("segments", hypotheses.size())
                            .put("runs", runs)
                            .put("median_ms", median, 2)
                            .put("min_ms", millis[0], 2)
                            .put("bleu", result.bleu().score(), 2)
                            .put("chrf", result.chrf().score(), 2)
                            .line());
        } else {
            out.printf(
                    Locale.ROOT,
                    "%d segments: BLEU + chrF in %.2f ms (median of %d, min %.2f) after %d warm-up"
                            + " runs%n",
                    hypotheses.size(),
                    median,
                    runs,
                    millis[0],
                    warmup);
        }
        out.flush();
        return 0;
    }
}
