package dev.tolk.training;

import ai.djl.ndarray.NDManager;
import dev.tolk.decode.DecodeStreams;
import dev.tolk.decode.SearchSettings;
import dev.tolk.decode.Translator;
import dev.tolk.metrics.OutputChecks;
import dev.tolk.metrics.Scores;
import java.util.List;

/**
 * A test set translated with one search and scored: cased and lowercased BLEU and chrF against its
 * references, and the outputs that look wrong whatever their score ({@link OutputChecks}). The one
 * way test sets are scored, by {@code evaluate} and at the end of a training run.
 *
 * @param hypotheses the translations, one per source
 * @param scores cased and lowercased
 * @param checks empty outputs, copies of the source, repeated word 3-grams
 */
public record TestSetScore(List<String> hypotheses, Scores scores, OutputChecks checks) {

    /** Translates {@code sources} and scores them against {@code references}. */
    public static TestSetScore of(
            Translator translator,
            List<String> sources,
            List<String> references,
            SearchSettings search,
            int batchSize,
            NDManager manager,
            DecodeStreams streams) {
        return score(
                sources,
                translate(translator, sources, search, batchSize, manager, streams),
                references);
    }

    /** The best translation of each source (the first half of {@link #of}). */
    public static List<String> translate(
            Translator translator,
            List<String> sources,
            SearchSettings search,
            int batchSize,
            NDManager manager,
            DecodeStreams streams) {
        return translator.translate(sources, search, batchSize, manager, streams).stream()
                .map(Translator.Translation::text)
                .toList();
    }

    /** Scores translations already made (the second half of {@link #of}). */
    public static TestSetScore score(
            List<String> sources, List<String> hypotheses, List<String> references) {
        return new TestSetScore(
                hypotheses,
                Scores.of(hypotheses, references),
                OutputChecks.of(sources, hypotheses, OutputChecks.PHRASE));
    }
}
