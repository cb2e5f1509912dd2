/**
 * Text to subword ids and back: {@link dev.tolk.text.TextNormalizer} (NFC, control characters,
 * whitespace), our byte-pair-encoding learner ({@link dev.tolk.text.BpeLearner}) writing a Hugging
 * Face {@code tokenizer.json}, and {@link dev.tolk.text.SubwordTokenizer}, which encodes and
 * decodes with the Hugging Face tokenizers native library through DJL. No Spring code.
 */
package dev.tolk.text;
