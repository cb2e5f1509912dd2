package dev.tolk.translate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * LibreTranslate's answer to {@code POST /translate}: each field a single value when {@code q} was
 * a string, a list (one per text) when it was a list. {@code confidence}, {@code pivot} and {@code
 * glossary} are Tolk's additions, which LibreTranslate's clients ignore.
 *
 * @param translatedText the translations
 * @param alternatives alternative translations, when asked for
 * @param detectedLanguage the detected languages, when the source was {@code auto}
 * @param confidence the model's confidence in each translation, in [0, 1] (see {@link
 *     dev.tolk.decode.Translator.Translation#confidence()})
 * @param pivot the language translated through when no model serves the pair (null per text
 *     translated directly), left out when no text went through one
 * @param glossary what the glossary did, when one applied ({@link
 *     dev.tolk.glossary.AppliedGlossary.Report}; misses name the text by its index in {@code q})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "alternatives",
    "detectedLanguage",
    "translatedText",
    "confidence",
    "pivot",
    "glossary"
})
public record LibreTranslateResponse(
        Object translatedText,
        Object alternatives,
        Object detectedLanguage,
        Object confidence,
        Object pivot,
        Object glossary) {

    /** An answer without confidences. */
    public LibreTranslateResponse(
            Object translatedText, Object alternatives, Object detectedLanguage) {
        this(translatedText, alternatives, detectedLanguage, null, null, null);
    }
}
