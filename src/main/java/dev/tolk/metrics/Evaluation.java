package dev.tolk.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one call the training loop, the service and the command line make: corpus BLEU and chrF of
 * hypotheses against one or more reference streams, with their signatures.
 */
public final class Evaluation {

    /**
     * How to score.
     *
     * @param tokenizer BLEU's tokenizer (chrF does not tokenize)
     * @param lowercase case-insensitive BLEU and chrF
     * @param smoothing BLEU smoothing
     * @param smoothValue the value for floor or add-k, or null for sacreBLEU's default
     */
    public record Options(
            BleuTokenizer tokenizer, boolean lowercase, Smoothing smoothing, Double smoothValue) {

        /** sacreBLEU's defaults: 13a, cased, exp. */
        public static final Options DEFAULTS =
                new Options(BleuTokenizer.TOKENIZE_13A, false, Smoothing.EXP, null);

        public Options withLowercase(boolean value) {
            return new Options(tokenizer, value, smoothing, smoothValue);
        }
    }

    /** Both scores. */
    public record Result(BleuScore bleu, ChrfScore chrf) {

        /**
         * The JSON fields of {@code bleu --json} and {@code POST /evaluate}: {@code bleu}, {@code
         * precisions}, {@code bp}, {@code ratio}, {@code sys_len}, {@code ref_len}, {@code chrf},
         * {@code signature}, {@code chrf_signature}. Scores are rounded to two decimals as
         * sacreBLEU reports them.
         */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("bleu", bleu.rounded());
            json.put("precisions", bleu.precisions());
            json.put("bp", bleu.bp());
            json.put("ratio", bleu.ratio());
            json.put("sys_len", bleu.sysLen());
            json.put("ref_len", bleu.refLen());
            json.put("chrf", chrf.rounded());
            json.put("signature", bleu.signature());
            json.put("chrf_signature", chrf.signature());
            return json;
        }
    }

    private Evaluation() {}

    /**
     * Scores a corpus.
     *
     * @param references one or more streams, each with a line per hypothesis
     * @throws IllegalArgumentException when there are no hypotheses or a stream's length differs
     */
    public static Result score(
            List<String> hypotheses, List<List<String>> references, Options options) {
        var bleu =
                new Bleu(
                        new Bleu.Options(
                                options.tokenizer(),
                                options.lowercase(),
                                options.smoothing(),
                                options.smoothValue(),
                                false));
        var chrf = new Chrf(Chrf.Options.CHRF.withLowercase(options.lowercase()));
        return new Result(
                bleu.corpusScore(hypotheses, references), chrf.corpusScore(hypotheses, references));
    }
}
