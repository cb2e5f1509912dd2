package dev.tolk.cli;

import dev.tolk.io.TextFiles;
import dev.tolk.metrics.BleuTokenizer;
import dev.tolk.metrics.Evaluation;
import dev.tolk.metrics.Smoothing;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bleu --hyp FILE --ref FILE...}: sacreBLEU-exact BLEU and chrF of a system output. */
@Command(
        name = "bleu",
        mixinStandardHelpOptions = true,
        description = {
            "Score a system output against references with BLEU and chrF, as sacreBLEU 2.x does.",
            "Files: UTF-8, plain or .gz, one segment a line, every file the same number of lines."
        })
final class BleuCommand implements Callable<Integer> {

    /** Exit code when the files do not line up, as the issue of scoring requires. */
    static final int MISMATCHED_FILES = 2;

    @Spec CommandSpec spec;

    @Option(names = "--hyp", required = true, description = "The system output.")
    Path hypothesis;

    @Option(
            names = "--ref",
            required = true,
            arity = "1..*",
            description = "Reference file(s); repeat for several references.")
    List<Path> references;

    @Option(
            names = "--tokenize",
            defaultValue = "13a",
            converter = TokenizerConverter.class,
            description = "13a (default), intl, char or none.")
    BleuTokenizer tokenizer;

    @Option(names = "--lowercase", description = "Case-insensitive BLEU and chrF.")
    boolean lowercase;

    @Option(
            names = "--smooth",
            defaultValue = "exp",
            converter = SmoothingConverter.class,
            description = "exp (default), floor, add-k or none.")
    Smoothing smoothing;

    @Option(
            names = "--smooth-value",
            description = "The value for floor (default 0.1) or add-k (default 1).")
    Double smoothValue;

    @Option(
            names = {"-w", "--width"},
            defaultValue = "2",
            description =
                    "Decimals of the scores in the text lines (default ${DEFAULT-VALUE}; sacreBLEU's"
                            + " command line defaults to 1).")
    int width;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        List<String> hypotheses = TextFiles.readAllLines(hypothesis);
        List<List<String>> referenceStreams = new ArrayList<>();
        for (Path reference : references) {
            List<String> lines = TextFiles.readAllLines(reference);
            if (lines.size() != hypotheses.size()) {
                PrintWriter err = spec.commandLine().getErr();
                err.printf(
                        "tolk: %s has %d lines but %s has %d: every file needs one line per"
                                + " segment%n",
                        hypothesis, hypotheses.size(), reference, lines.size());
                err.flush();
                return MISMATCHED_FILES;
            }
            referenceStreams.add(lines);
        }
        var options = new Evaluation.Options(tokenizer, lowercase, smoothing, smoothValue);
        Evaluation.Result result = Evaluation.score(hypotheses, referenceStreams, options);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonLine.of(result.toJson()));
        } else {
            out.println(result.bleu().format(width));
            out.println(result.chrf().format(width));
        }
        out.flush();
        return 0;
    }

    static final class TokenizerConverter implements ITypeConverter<BleuTokenizer> {
        @Override
        public BleuTokenizer convert(String value) {
            return BleuTokenizer.of(value);
        }
    }

    static final class SmoothingConverter implements ITypeConverter<Smoothing> {
        @Override
        public Smoothing convert(String value) {
            return Smoothing.of(value);
        }
    }
}
