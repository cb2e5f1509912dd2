package dev.tolk.text;

import dev.tolk.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link BpeVocabulary} as a Hugging Face {@code tokenizer.json}: NFC normaliser,
 * Metaspace pre-tokeniser (spaces become {@code ▁}, which starts every word) then Punctuation (each
 * punctuation character a piece of its own, as {@link WordPieces} cuts), a BPE model with byte
 * fallback, and the decoder that undoes both (the arrangement Llama's tokenizer uses).
 */
public final class TokenizerJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TokenizerJson() {}

    /** Writes {@code file} atomically. */
    public static void write(BpeVocabulary vocabulary, Path file) throws IOException {
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(vocabulary));
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    static Map<String, Object> toJson(BpeVocabulary vocabulary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", "1.0");
        json.put("truncation", null);
        json.put("padding", null);
        json.put("added_tokens", List.of());
        json.put("normalizer", object("type", "NFC"));
        json.put("pre_tokenizer", preTokenizer());
        json.put("post_processor", null);
        json.put("decoder", decoder());
        json.put("model", model(vocabulary));
        return json;
    }

    /** Metaspace, then each punctuation character a piece of its own. */
    private static Map<String, Object> preTokenizer() {
        return object(
                "type",
                "Sequence",
                "pretokenizers",
                List.of(
                        object(
                                "type",
                                "Metaspace",
                                "replacement",
                                BpeLearner.WORD_BOUNDARY,
                                "prepend_scheme",
                                "always",
                                "split",
                                true),
                        object("type", "Punctuation", "behavior", "Isolated")));
    }

    /** Undoes the Metaspace and the byte fallback. */
    private static Map<String, Object> decoder() {
        return object(
                "type",
                "Sequence",
                "decoders",
                List.of(
                        object(
                                "type", "Replace",
                                "pattern", object("String", BpeLearner.WORD_BOUNDARY),
                                "content", " "),
                        object("type", "ByteFallback"),
                        object("type", "Fuse"),
                        object("type", "Strip", "content", " ", "start", 1, "stop", 0)));
    }

    private static Map<String, Object> model(BpeVocabulary vocabulary) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List<String> tokens = vocabulary.tokens();
        for (int id = 0; id < tokens.size(); id++) {
            vocab.put(tokens.get(id), id);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "BPE");
        model.put("dropout", null);
        model.put("unk_token", SpecialTokens.UNK);
        model.put("continuing_subword_prefix", null);
        model.put("end_of_word_suffix", null);
        model.put("fuse_unk", false);
        model.put("byte_fallback", true);
        model.put("vocab", vocab);
        model.put(
                "merges",
                vocabulary.merges().stream().map(m -> m.left() + " " + m.right()).toList());
        return model;
    }

    /** A JSON object whose keys keep the given order (Map.of's order is unspecified). */
    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }
}
