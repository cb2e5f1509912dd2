package dev.tolk.translate;

import java.util.List;

/**
 * {@code POST /detect} as LibreTranslate has it, as JSON or a form.
 *
 * @param q the text whose language to detect, or several texts (one answer for them all, as
 *     LibreTranslate gives it)
 */
public record DetectRequest(Texts q) {

    /** The form-encoded request; a repeated {@code q} is a list of texts. */
    public record Form(List<String> q) {
        DetectRequest request() {
            return new DetectRequest(q == null || q.isEmpty() ? null : Texts.fromForm(q));
        }
    }
}
