package dev.tolk.translate;

import jakarta.validation.constraints.Min;
import java.util.List;

/**
 * LibreTranslate's {@code POST /translate}, from JSON (through {@link TranslateRequest}) or a form.
 *
 * @param q the texts
 * @param source a language code or {@code auto}; required, as in LibreTranslate
 * @param target a language code; required
 * @param format {@code text} (default) or {@code html}
 * @param alternatives alternative translations per text (0)
 * @param glossary a glossary id or {@code none} (Tolk's addition; default: the pair's default)
 */
public record LibreTranslateRequest(
        Texts q,
        String source,
        String target,
        String format,
        Integer alternatives,
        String glossary) {

    /**
     * The form-encoded request ({@code application/x-www-form-urlencoded} or multipart), bound from
     * its fields; a repeated {@code q} is a list of texts.
     */
    public record Form(
            List<String> q,
            String source,
            String target,
            String format,
            @Min(0) Integer alternatives,
            String glossary) {

        LibreTranslateRequest request() {
            if (q == null || q.isEmpty()) {
                throw new InvalidTranslationRequestException(
                        "missing-text", "the form has no q field: the text");
            }
            return new LibreTranslateRequest(
                    Texts.fromForm(q), source, target, format, alternatives, glossary);
        }
    }
}
