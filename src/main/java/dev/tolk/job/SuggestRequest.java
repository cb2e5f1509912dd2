package dev.tolk.job;

/**
 * {@code POST /suggest} as LibreTranslate has it, as JSON or a form.
 *
 * @param q the original text
 * @param s the suggested translation
 * @param source the original's language
 * @param target the suggestion's language
 */
public record SuggestRequest(String q, String s, String source, String target) {}
