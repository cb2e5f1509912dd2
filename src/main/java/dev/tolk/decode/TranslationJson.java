package dev.tolk.decode;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One translation as JSON, the same shape on the command line ({@code translate --json}) and over
 * HTTP ({@code POST /translate}): {@code text}, {@code score} and {@code confidence} always; {@code
 * nBest} when more than one translation was asked for; {@code sentences} and {@code
 * sentenceConfidences} when the text was split; {@code sourceTokens}, {@code targetTokens} and
 * {@code attention} when attention was asked for. Absent fields are null and left out of the JSON.
 *
 * @param text the best translation
 * @param score its mean log-probability per token
 * @param confidence {@code exp(score)} in [0, 1]: the geometric mean of the chosen tokens'
 *     probabilities
 * @param nBest the n best translations, best first, or null
 * @param sentences pieces the text was split into, or null when not split
 * @param sentenceConfidences the confidence of each piece, or null when not split
 * @param sourceTokens subword tokens of the source, end token included, or null
 * @param targetTokens subword tokens of the translation, end token included, or null
 * @param attention targetTokens × sourceTokens cross-attention weights, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "text",
    "score",
    "confidence",
    "nBest",
    "sentences",
    "sentenceConfidences",
    "sourceTokens",
    "targetTokens",
    "attention"
})
public record TranslationJson(
        String text,
        double score,
        double confidence,
        List<Translator.Alternative> nBest,
        Integer sentences,
        List<Double> sentenceConfidences,
        List<String> sourceTokens,
        List<String> targetTokens,
        float[][] attention) {

    /**
     * The JSON of {@code translation} found with {@code search}: the n best when {@code
     * search.nBest() > 1}, tokens and attention when {@code search.attention()}.
     */
    public static TranslationJson of(Translator.Translation translation, SearchSettings search) {
        boolean attention = search.attention() && translation.attention() != null;
        return new TranslationJson(
                translation.text(),
                translation.score(),
                translation.confidence(),
                search.nBest() > 1 ? translation.nBest() : null,
                translation.sentences() > 1 ? translation.sentences() : null,
                translation.sentences() > 1 ? translation.sentenceConfidences() : null,
                attention ? translation.sourceTokens() : null,
                attention ? translation.targetTokens() : null,
                attention ? translation.attention() : null);
    }
}
