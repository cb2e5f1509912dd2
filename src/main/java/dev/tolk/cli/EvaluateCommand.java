package dev.tolk.cli;

import dev.tolk.decode.DecodeStreams;
import dev.tolk.decode.SearchSettings;
import dev.tolk.decode.Translator;
import dev.tolk.io.AtomicFiles;
import dev.tolk.io.TextFiles;
import dev.tolk.metrics.Evaluation;
import dev.tolk.metrics.OutputChecks;
import dev.tolk.modelstore.LoadedModel;
import dev.tolk.runtime.EngineInfo;
import dev.tolk.training.TestSetScore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code evaluate}: translates a test set with a model and scores it against its references, the
 * way scores in model directories and in the README are made: sacreBLEU's defaults (cased,
 * detokenized, 13a) and, for comparison with the literature, the same lowercased; then counts
 * outputs that look wrong whatever their score ({@link OutputChecks}).
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Translate a test set and print BLEU and chrF with their signatures.",
            "Two scores: sacreBLEU's defaults (cased, 13a), and lowercased, which approximates the"
                    + " literature's Moses-tokenized lowercased BLEU.",
            "Then counts empty outputs, copies of the source and outputs repeating a word 3-gram."
        })
final class EvaluateCommand implements Callable<Integer> {

    static final int MISMATCHED_FILES = 3;

    @Spec CommandSpec spec;

    @ParentCommand TolkCommand parent;

    @Option(names = "--model", required = true, description = "A model directory.")
    Path model;

    @Option(
            names = "--source",
            required = true,
            description = "Source sentences, one per line (plain or gzip).")
    Path source;

    @Option(
            names = "--reference",
            required = true,
            description = "Reference translations, one per source line (plain or gzip).")
    Path reference;

    @Option(
            names = "--beam",
            defaultValue = "5",
            description = "Beam size (default 5); 1 is greedy.")
    int beam;

    @Mixin SearchOptions searchOptions;

    @Option(names = "--batch-size", defaultValue = "64", description = "Sentences per batch.")
    int batchSize;

    @Mixin StreamsOption streams;

    @Option(names = "--output", description = "Also write the translations to this file.")
    Path output;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        List<String> sources = TextFiles.readAllLines(source);
        List<String> references = TextFiles.readAllLines(reference);
        if (sources.size() != references.size()) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(
                    "tolk: %s has %d lines but %s has %d: the reference needs one line per source"
                            + " line%n",
                    source, sources.size(), reference, references.size());
            err.flush();
            return MISMATCHED_FILES;
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException(source + " is empty: nothing to evaluate");
        }
        SearchSettings search = searchOptions.settings(beam, 1, false);
        EngineInfo engine = EngineInfo.load(parent.device);
        long started = System.nanoTime();
        List<String> hypotheses = translate(engine, sources, search);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (output != null) {
            byte[] text = (String.join("\n", hypotheses) + "\n").getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(output, stream -> stream.write(text));
        }
        print(TestSetScore.score(sources, hypotheses, references), sources.size(), search, seconds);
        return 0;
    }

    private List<String> translate(EngineInfo engine, List<String> sources, SearchSettings search)
            throws IOException {
        try (LoadedModel loaded = LoadedModel.load(model, engine.device())) {
            Translator translator = loaded.translator();
            try (DecodeStreams decodeStreams = streams.open(engine.device())) {
                return TestSetScore.translate(
                        translator, sources, search, batchSize, loaded.manager(), decodeStreams);
            }
        }
    }

    private void print(TestSetScore score, int sentences, SearchSettings search, double seconds) {
        Evaluation.Result cased = score.scores().cased();
        Evaluation.Result lowercased = score.scores().lowercased();
        OutputChecks checks = score.checks();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("model", model.toString());
            record.put("sentences", sentences);
            record.put("search", search.describe());
            record.put("seconds", Math.round(seconds * 100) / 100.0);
            record.put("sacrebleu", cased.toJson());
            record.put("lowercased", lowercased.toJson());
            record.put("checks", checks);
            out.println(JsonMapper.builder().build().writeValueAsString(record));
        } else {
            out.println(cased.bleu().format());
            out.println(cased.chrf().format());
            out.println(lowercased.bleu().format());
            out.println(checks.format());
        }
        out.flush();
    }
}
