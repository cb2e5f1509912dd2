package dev.tolk.cli;

import dev.tolk.decode.SearchSettings;
import picocli.CommandLine.Option;

/**
 * {@code --length-penalty} and {@code --no-repeat-ngram}, shared by the commands that translate
 * with the defaults users get everywhere else (the service, training's final scores).
 */
final class SearchOptions {

    @Option(
            names = "--length-penalty",
            description = "GNMT length penalty α for beam search (default ${DEFAULT-VALUE}).")
    float lengthPenalty = SearchSettings.DEFAULT_LENGTH_PENALTY;

    @Option(
            names = "--no-repeat-ngram",
            description =
                    "Forbid repeating subword n-grams of this size within an output (default"
                            + " ${DEFAULT-VALUE}; 0: off).")
    int noRepeatNgram = SearchSettings.DEFAULT_NO_REPEAT_NGRAM;

    /** Beam search of {@code beam} (greedy for 1, which has no length penalty), n best. */
    SearchSettings settings(int beam, int nBest, boolean attention) {
        return SearchSettings.defaults(beam)
                .withLengthPenalty(beam == 1 ? 0f : lengthPenalty)
                .withNoRepeatNgram(noRepeatNgram)
                .withNBest(nBest)
                .withAttention(attention);
    }
}
