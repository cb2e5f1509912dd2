package dev.tolk.translate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tolk.decode.TranslationJson;
import dev.tolk.glossary.AppliedGlossary;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Tolk's answer to {@code POST /translate}.
 *
 * @param model the model that translated
 * @param source its source language
 * @param target its target language
 * @param pivot the language translated through when no model serves the pair (two models: {@code
 *     model} is then {@code first+second}), else null
 * @param detectedLanguage the detection, when the source was {@code auto}
 * @param search the search used, e.g. {@code beam 4, length penalty 1.5, no repeated 3-grams}
 * @param translations one per text, in order, in the shape {@code translate --json} prints
 * @param glossary what the glossary did (terms found, put in, missed), when one applied
 * @param modelScores the model's held-out and test scores with their signatures (through a pivot, a
 *     list of both models')
 */
public record TranslateResponse(
        String model,
        String source,
        String target,
        @JsonInclude(JsonInclude.Include.NON_NULL) String pivot,
        @JsonInclude(JsonInclude.Include.NON_NULL) LanguageDetection.Detected detectedLanguage,
        String search,
        List<TranslationJson> translations,
        @JsonInclude(JsonInclude.Include.NON_NULL) AppliedGlossary.Report glossary,
        JsonNode modelScores) {}
