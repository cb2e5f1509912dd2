package dev.tolk.cli;

import dev.tolk.decode.DecodeStreams;
import dev.tolk.decode.SearchSettings;
import dev.tolk.decode.TranslationJson;
import dev.tolk.decode.Translator;
import dev.tolk.modelstore.LoadedModel;
import dev.tolk.runtime.EngineInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code translate}: one sentence (or text) per line on stdin, its translation on stdout, in order.
 * With {@code --n-best N}, N lines per input in Moses' n-best format ({@code index ||| translation
 * ||| score}); with {@code --json}, one JSON object per input, shaped as over HTTP ({@link
 * TranslationJson}).
 */
@Command(
        name = "translate",
        mixinStandardHelpOptions = true,
        description = "Translate lines from stdin with a trained model.")
final class TranslateCommand implements Callable<Integer> {

    /** Lines read before translating, so output streams while input is long. */
    private static final int CHUNK = 2048;

    @Spec CommandSpec spec;

    @ParentCommand TolkCommand parent;

    @Option(names = "--model", required = true, description = "A model directory.")
    Path model;

    @Option(names = "--beam", defaultValue = "4", description = "Beam size; 1 is greedy.")
    int beam;

    @Mixin SearchOptions search;

    @Option(names = "--n-best", defaultValue = "1", description = "Translations per input.")
    int nBest;

    @Option(names = "--batch-size", defaultValue = "32", description = "Sentences per batch.")
    int batchSize;

    @Mixin StreamsOption streams;

    @Option(
            names = "--attention",
            description = "With --json: tokens and cross-attention weights of the best output.")
    boolean attention;

    @Option(names = "--json", description = "One JSON object per input line.")
    boolean json;

    @Option(names = "--input", description = "Read this file instead of stdin.")
    Path input;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        SearchSettings settings = search.settings(beam, nBest, attention);
        EngineInfo engine = EngineInfo.load(parent.device);
        try (LoadedModel loaded = LoadedModel.load(model, engine.device());
                DecodeStreams decodeStreams = streams.open(engine.device())) {
            Translator translator = loaded.translator();
            BufferedReader in =
                    input != null
                            ? Files.newBufferedReader(input, StandardCharsets.UTF_8)
                            : new BufferedReader(
                                    new InputStreamReader(System.in, StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>(CHUNK);
            long index = 0;
            for (String line = in.readLine(); ; line = in.readLine()) {
                if (line != null) {
                    lines.add(line);
                }
                if (lines.size() == CHUNK || (line == null && !lines.isEmpty())) {
                    var translations =
                            translator.translate(
                                    lines, settings, batchSize, loaded.manager(), decodeStreams);
                    for (Translator.Translation t : translations) {
                        print(out, index++, t, settings);
                    }
                    out.flush();
                    lines.clear();
                }
                if (line == null) {
                    return 0;
                }
            }
        }
    }

    private void print(
            PrintWriter out, long index, Translator.Translation t, SearchSettings settings) {
        if (json) {
            out.println(JsonLine.of(TranslationJson.of(t, settings)));
        } else if (nBest > 1) {
            for (Translator.Alternative a : t.nBest()) {
                out.println(index + " ||| " + a.text() + " ||| " + a.score());
            }
        } else {
            out.println(t.text());
        }
    }
}
