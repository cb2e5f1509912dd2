package dev.tolk.cli;

import dev.tolk.io.TextFiles;
import dev.tolk.text.BpeLearner;
import dev.tolk.text.BpeVocabulary;
import dev.tolk.text.SubwordTokenizer;
import dev.tolk.text.TextNormalizer;
import dev.tolk.text.TokenizerJson;
import dev.tolk.text.WordCounts;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench vocab --size N FILE...}: times learning a vocabulary from the files (reading,
 * normalizing and counting words included) and encoding every line of them with it.
 */
@Command(
        name = "vocab",
        mixinStandardHelpOptions = true,
        description = "Time learning a BPE vocabulary from FILEs and encoding every line of them.")
final class BenchVocabCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--size",
            defaultValue = "8000",
            description = "Vocabulary size (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        List<String> lines = new ArrayList<>();
        for (Path file : files) {
            lines.addAll(TextFiles.readAllLines(file));
        }
        Path dir = Files.createTempDirectory("tolk-bench-vocab");
        Path tokenizerFile = dir.resolve("tokenizer.json");
        try {
            long start = System.nanoTime();
            WordCounts counts = new WordCounts();
            lines.forEach(counts::add);
            BpeVocabulary vocabulary = new BpeLearner(size).learn(counts);
            TokenizerJson.write(vocabulary, tokenizerFile);
            double learnSeconds = (System.nanoTime() - start) / 1e9;

            long tokens = 0;
            double encodeSeconds;
            try (SubwordTokenizer tokenizer = SubwordTokenizer.load(tokenizerFile)) {
                tokenizer.encode("warm up"); // the native library's first call pays its set-up
                start = System.nanoTime();
                List<String> normalized = lines.stream().map(TextNormalizer::normalize).toList();
                for (long[] ids : tokenizer.encodeAll(normalized)) {
                    tokens += ids.length;
                }
                encodeSeconds = (System.nanoTime() - start) / 1e9;
            }
            print(lines.size(), vocabulary, learnSeconds, tokens, encodeSeconds);
        } finally {
            Files.deleteIfExists(tokenizerFile);
            Files.deleteIfExists(dir);
        }
        return 0;
    }

    private void print(
            int lineCount, BpeVocabulary vocabulary, double learn, long tokens, double encode) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(
                    new JsonLine()
                            .put("lines", lineCount)
                            .put("vocab_size", vocabulary.size())
                            .put("merges", vocabulary.merges().size())
                            .put("learn_s", learn, 3)
                            .put("encode_s", encode, 3)
                            .put("tokens", tokens)
                            .put("tokens_per_line", (double) tokens / lineCount, 2)
                            .line());
        } else {
            out.printf(
                    Locale.ROOT,
                    "%d lines: learned %d tokens (%d merges) in %.2f s; encoded %d tokens (%.2f a"
                            + " line) in %.2f s%n",
                    lineCount,
                    vocabulary.size(),
                    vocabulary.merges().size(),
                    learn,
                    tokens,
                    (double) tokens / lineCount,
                    encode);
        }
        out.flush();
    }
}
