package dev.tolk.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts of outputs that look wrong whatever their BLEU: empty ones, copies of the source, and ones
 * that repeat a phrase (a word n-gram, words as BLEU's 13a tokenizer splits them, case kept).
 * References of Multi30k repeat a word 3-gram in fewer than 1 % of sentences.
 *
 * @param outputs outputs checked
 * @param empty outputs with no word
 * @param copies outputs equal to their source (ignoring surrounding whitespace)
 * @param repeats outputs holding some word n-gram more than once
 * @param n the n-gram size of {@code repeats}
 * @param examples up to {@link #MAX_EXAMPLES} line numbers (from 1) of each kind, for a look
 */
public record OutputChecks(
        int outputs,
        int empty,
        int copies,
        int repeats,
        int n,
        Map<String, List<Integer>> examples) {

    /** The n-gram size for repeated phrases unless told otherwise. */
    public static final int PHRASE = 3;

    /** Line numbers kept per kind. */
    public static final int MAX_EXAMPLES = 5;

    /** Checks outputs against their sources, line by line. */
    public static OutputChecks of(List<String> sources, List<String> outputs, int n) {
        if (sources.size() != outputs.size()) {
            throw new IllegalArgumentException(
                    sources.size() + " sources but " + outputs.size() + " outputs");
        }
        if (n < 1) {
            throw new IllegalArgumentException("n (" + n + ") must be at least 1");
        }
        int empty = 0;
        int copies = 0;
        int repeats = 0;
        Map<String, List<Integer>> examples = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            String output = outputs.get(i).strip();
            if (output.isEmpty()) {
                empty++;
                example(examples, "empty", i);
            } else if (output.equals(sources.get(i).strip())) {
                copies++;
                example(examples, "copies", i);
            }
            if (repeatsNgram(output, n)) {
                repeats++;
                example(examples, "repeats", i);
            }
        }
        return new OutputChecks(outputs.size(), empty, copies, repeats, n, examples);
    }

    /** Whether some word n-gram of {@code text} occurs more than once. */
    static boolean repeatsNgram(String text, int n) {
        String tokens = BleuTokenizer.TOKENIZE_13A.tokenize(text).strip();
        List<String> words = tokens.isEmpty() ? List.of() : List.of(tokens.split("\\s+"));
        Set<List<String>> seen = new HashSet<>();
        for (int i = 0; i + n <= words.size(); i++) {
            if (!seen.add(words.subList(i, i + n))) {
                return true;
            }
        }
        return false;
    }

    private static void example(Map<String, List<Integer>> examples, String kind, int index) {
        List<Integer> lines = examples.computeIfAbsent(kind, k -> new ArrayList<>());
        if (lines.size() < MAX_EXAMPLES) {
            lines.add(index + 1);
        }
    }

    /** {@code 1000 outputs: 0 empty, 0 copies of the source, 22 repeating a word 3-gram}. */
    public String format() {
        return outputs
                + " outputs: "
                + empty
                + " empty, "
                + copies
                + " copies of the source, "
                + repeats
                + " repeating a word "
                + n
                + "-gram";
    }
}
