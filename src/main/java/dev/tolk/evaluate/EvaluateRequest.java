package dev.tolk.evaluate;

import dev.tolk.FeatureException;
import dev.tolk.metrics.BleuTokenizer;
import dev.tolk.metrics.Evaluation;
import dev.tolk.metrics.Smoothing;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * The body of {@code POST /evaluate}.
 *
 * @param hypotheses the system's output, one string per segment
 * @param references one reference per segment, or several streams (a list of lists)
 * @param tokenize BLEU's tokenizer: 13a (default), intl, char, none
 * @param lowercase case-insensitive scores (false)
 * @param smooth exp (default), floor, add-k, none
 */
public record EvaluateRequest(
        @NotEmpty(message = "must hold one string per segment") List<@NotNull String> hypotheses,
        @NotNull(message = "must hold one string per segment, or a list of such lists")
                References references,
        @Pattern(regexp = "13a|intl|char|none", message = "must be 13a, intl, char or none")
                String tokenize,
        Boolean lowercase,
        @Pattern(regexp = "exp|floor|add-k|none", message = "must be exp, floor, add-k or none")
                String smooth) {

    /** Two lists that do not pair up. */
    public static class LengthMismatchException extends FeatureException {
        LengthMismatchException(String message) {
            super(Failure.INVALID, "length-mismatch", message);
        }
    }

    /** Scores the hypotheses as sacreBLEU does. */
    Evaluation.Result score() {
        List<List<String>> streams = references.streams();
        for (int i = 0; i < streams.size(); i++) {
            if (streams.get(i).size() != hypotheses.size()) {
                throw new LengthMismatchException(
                        "reference stream "
                                + (i + 1)
                                + " has "
                                + streams.get(i).size()
                                + " segments but there are "
                                + hypotheses.size()
                                + " hypotheses: give one reference per hypothesis");
            }
        }
        var options =
                new Evaluation.Options(
                        BleuTokenizer.of(tokenize == null ? "13a" : tokenize),
                        Boolean.TRUE.equals(lowercase),
                        Smoothing.of(smooth == null ? "exp" : smooth),
                        null);
        return Evaluation.score(hypotheses, streams, options);
    }
}
