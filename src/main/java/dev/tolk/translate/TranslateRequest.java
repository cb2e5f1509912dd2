package dev.tolk.translate;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The JSON body of {@code POST /translate}: Tolk's shape ({@code text} or {@code texts} and search
 * settings) or, when {@code q} is present, LibreTranslate's ({@code q}, {@code source}, {@code
 * target}, {@code format}, {@code alternatives}; other fields such as {@code api_key} are ignored).
 * Types and lower bounds are checked when the body is bound; bounds that come from the
 * configuration ({@code tolk.translate.max-beam}, {@code max-chars}, {@code max-texts}) by {@link
 * TranslationRequests}.
 *
 * @param text one text
 * @param texts several texts (at most {@code tolk.translate.max-texts})
 * @param model a model id; default: the default model of the pair
 * @param source source language code, or {@code auto}
 * @param target target language code
 * @param beamSize hypotheses kept (1: greedy); default {@code tolk.translate.default-beam}, at most
 *     {@code tolk.translate.max-beam}
 * @param nBest translations returned per text, at most beamSize (1)
 * @param maxLength output limit in subword tokens; default 1.2 × source + 10
 * @param noRepeatNgram no subword n-gram of this size twice in an output (3; 0: off)
 * @param attention return subword tokens and cross-attention weights (false)
 * @param q LibreTranslate's texts: a string or a list of strings
 * @param format LibreTranslate's {@code text} (default) or {@code html}
 * @param alternatives LibreTranslate's number of alternative translations (0)
 * @param glossary a glossary id, or {@code none} for no glossary; default: the pair's default
 *     glossary, if it has one (both shapes)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TranslateRequest(
        String text,
        List<@NotNull String> texts,
        String model,
        String source,
        String target,
        Integer beamSize,
        @Min(1) Integer nBest,
        @Min(1) Integer maxLength,
        @Min(0) Integer noRepeatNgram,
        Boolean attention,
        Texts q,
        String format,
        @Min(0) Integer alternatives,
        String glossary) {

    /** Whether this is LibreTranslate's shape (it has {@code q}). */
    boolean isLibre() {
        return q != null;
    }

    LibreTranslateRequest libre() {
        return new LibreTranslateRequest(q, source, target, format, alternatives, glossary);
    }
}
