package dev.tolk.translate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tolk.decode.Translator;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Tolk's answer to {@code POST /translate}.
 *
 * @param model the model that translated
 * @param source its source language
 * @param target its target language
 * @param detectedLanguage the detection, when the source was {@code auto}
 * @param search the search used, e.g. {@code beam 4, length penalty 1.5, no repeated 3-grams}
 * @param translations one per text, in order
 * @param modelScores the model's held-out and test scores with their signatures
 */
public record TranslateResponse(
        String model,
        String source,
        String target,
        @JsonInclude(JsonInclude.Include.NON_NULL) LanguageDetection.Detected detectedLanguage,
        String search,
        List<Item> translations,
        JsonNode modelScores) {

    /**
     * One text's translation.
     *
     * @param text the best translation
     * @param score its mean log-probability per token
     * @param nBest the n best, when more than one was asked for
     * @param sentences pieces the text was split into, when more than one
     * @param sourceTokens with attention: the source's subword tokens
     * @param targetTokens with attention: the translation's subword tokens
     * @param attention with attention: targetTokens × sourceTokens cross-attention weights
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(
            String text,
            double score,
            List<Translator.Alternative> nBest,
            Integer sentences,
            List<String> sourceTokens,
            List<String> targetTokens,
            float[][] attention) {

        static Item of(Translator.Translation t, boolean nBest, boolean attention) {
            boolean withAttention = attention && t.attention() != null;
            return new Item(
                    t.text(),
                    t.score(),
                    nBest ? t.nBest() : null,
                    t.sentences() > 1 ? t.sentences() : null,
                    withAttention ? t.sourceTokens() : null,
                    withAttention ? t.targetTokens() : null,
                    withAttention ? t.attention() : null);
        }
    }
}
