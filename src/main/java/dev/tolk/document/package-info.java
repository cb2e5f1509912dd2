/**
 * Documents whose text is translated and whose structure and formatting stay as they are ({@code
 * POST /translate_file}): one {@link dev.tolk.document.DocumentFile} per format (plain text, HTML
 * with jsoup, {@code .docx} and {@code .pptx} with Apache POI, {@code .odt} with ODFDOM) exposes
 * its paragraphs as {@link dev.tolk.document.TextRun}s; {@link dev.tolk.document.DocumentText}
 * turns them into sentences to translate and writes the translations back; {@link
 * dev.tolk.document.TranslatedFiles} keeps the results for a limited time. No Spring code: the
 * translation itself is the caller's.
 */
package dev.tolk.document;
