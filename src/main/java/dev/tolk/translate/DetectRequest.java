package dev.tolk.translate;

/**
 * {@code POST /detect} as LibreTranslate has it, as JSON or a form.
 *
 * @param q the text whose language to detect
 */
public record DetectRequest(String q) {}
