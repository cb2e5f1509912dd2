package dev.tolk.cli;

import dev.tolk.io.LineReader;
import dev.tolk.io.TextFiles;
import dev.tolk.text.BpeLearner;
import dev.tolk.text.BpeVocabulary;
import dev.tolk.text.TokenizerJson;
import dev.tolk.text.WordCounts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vocab --size N --out DIR FILE...}: learns a joint BPE vocabulary. */
@Command(
        name = "vocab",
        mixinStandardHelpOptions = true,
        description = {
            "Learn a joint byte-pair-encoding vocabulary from text files (plain or .gz, UTF-8, one"
                    + " sentence a line; give both languages' files) and write DIR/tokenizer.json."
        })
final class VocabCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--size",
            defaultValue = "8000",
            description =
                    "Tokens in the vocabulary, special and byte tokens included (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--out", required = true, description = "Directory to write tokenizer.json in.")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Training text files.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        WordCounts counts = new WordCounts();
        for (Path file : files) {
            try (LineReader lines = TextFiles.lines(file)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    counts.add(line);
                }
            }
        }
        BpeVocabulary vocabulary = new BpeLearner(size).learn(counts);
        Path file = out.resolve("tokenizer.json");
        TokenizerJson.write(vocabulary, file);
        PrintWriter err = spec.commandLine().getErr();
        err.printf(
                "vocab: %d tokens (%d merges) from %d lines, %d distinct words, in %.1f s -> %s%n",
                vocabulary.size(),
                vocabulary.merges().size(),
                counts.lines(),
                counts.distinctWords(),
                (System.nanoTime() - start) / 1e9,
                file);
        err.flush();
        return 0;
    }
}
