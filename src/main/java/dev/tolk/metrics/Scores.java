package dev.tolk.metrics;

import java.util.List;

/**
 * A corpus scored twice: sacreBLEU's defaults (cased, 13a) and the same lowercased, which
 * approximates the literature's Moses-tokenized lowercased BLEU.
 *
 * @param cased BLEU and chrF with sacreBLEU's defaults
 * @param lowercased BLEU and chrF, case-insensitive
 */
public record Scores(Evaluation.Result cased, Evaluation.Result lowercased) {

    /** Scores {@code hypotheses} against one reference stream both ways. */
    public static Scores of(List<String> hypotheses, List<String> references) {
        return new Scores(
                Evaluation.score(hypotheses, List.of(references), Evaluation.Options.DEFAULTS),
                Evaluation.score(
                        hypotheses,
                        List.of(references),
                        Evaluation.Options.DEFAULTS.withLowercase(true)));
    }
}
