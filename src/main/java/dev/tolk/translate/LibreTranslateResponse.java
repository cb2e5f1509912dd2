package dev.tolk.translate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * LibreTranslate's answer to {@code POST /translate}: each field a single value when {@code q} was
 * a string, a list (one per text) when it was a list.
 *
 * @param translatedText the translations
 * @param alternatives alternative translations, when asked for
 * @param detectedLanguage the detected languages, when the source was {@code auto}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"alternatives", "detectedLanguage", "translatedText"})
public record LibreTranslateResponse(
        Object translatedText, Object alternatives, Object detectedLanguage) {}
