package dev.tolk.cli;

import dev.tolk.text.SubwordTokenizer;
import dev.tolk.text.TextNormalizer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tokenize --vocab FILE [--decode]}: stdin lines to subword tokens, or back. */
@Command(
        name = "tokenize",
        mixinStandardHelpOptions = true,
        description = {
            "Read lines on stdin; write each as space-separated subword tokens, or with --decode"
                    + " turn such token lines back into text."
        })
final class TokenizeCommand implements Callable<Integer> {

    @Option(
            names = "--vocab",
            required = true,
            description = "A tokenizer.json (or its directory).")
    Path vocab;

    @Option(names = "--decode", description = "Turn token lines back into text.")
    boolean decode;

    /** Standard streams; tests replace them. Always UTF-8, whatever the platform's default. */
    InputStream stdin = System.in;

    OutputStream stdout = System.out;

    @Override
    public Integer call() throws Exception {
        // stdout is flushed, not closed: it belongs to the process.
        PrintWriter out =
                new PrintWriter(
                        new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8)));
        try (SubwordTokenizer tokenizer = SubwordTokenizer.load(vocab);
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
            long lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                out.print(decode ? decode(tokenizer, line, lineNumber) : encode(tokenizer, line));
                out.print('\n');
            }
        } finally {
            out.flush();
        }
        return 0;
    }

    private static String encode(SubwordTokenizer tokenizer, String line) {
        return String.join(" ", tokenizer.tokens(TextNormalizer.normalize(line)));
    }

    private static String decode(SubwordTokenizer tokenizer, String line, long lineNumber) {
        String[] tokens = line.isBlank() ? new String[0] : line.trim().split(" +");
        long[] ids = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            ids[i] =
                    tokenizer
                            .idOf(token)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "line "
                                                            + lineNumber
                                                            + ": token '"
                                                            + token
                                                            + "' is not in the vocabulary"));
        }
        return tokenizer.decode(ids);
    }
}
