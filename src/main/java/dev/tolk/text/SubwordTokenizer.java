package dev.tolk.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@code tokenizer.json} applied by the Hugging Face tokenizers native library (through DJL):
 * text to subword ids and back. Tolk's own vocabularies come from {@link BpeLearner}; any {@code
 * tokenizer.json} that defines {@code <pad>}, {@code <s>}, {@code </s>} and {@code <unk>} works.
 *
 * <p>Input text should have gone through {@link TextNormalizer}. Encoding adds no special tokens:
 * callers add the begin and end tokens where the model needs them. Thread-safe; close it to free
 * the native tokenizer.
 */
public final class SubwordTokenizer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, Integer> ids;
    private volatile String[] idToToken;
    private final int vocabSize;
    private final int padId;
    private final int bosId;
    private final int eosId;
    private final int unkId;

    private SubwordTokenizer(HuggingFaceTokenizer tokenizer, Map<String, Integer> ids, Path file) {
        this.tokenizer = tokenizer;
        this.ids = ids;
        this.vocabSize = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        this.padId = special(file, SpecialTokens.PAD);
        this.bosId = special(file, SpecialTokens.BOS);
        this.eosId = special(file, SpecialTokens.EOS);
        this.unkId = special(file, SpecialTokens.UNK);
    }

    /**
     * Loads a {@code tokenizer.json} (or the one in a directory).
     *
     * @throws IllegalArgumentException when the file is not a tokenizer Tolk can use, with the
     *     reason
     */
    public static SubwordTokenizer load(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no tokenizer.json here");
        }
        Map<String, Integer> ids = readIds(file);
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer =
                    HuggingFaceTokenizer.builder()
                            .optTokenizerPath(file)
                            .optAddSpecialTokens(false)
                            .optTruncation(false)
                            .optPadding(false)
                            .build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    file + ": the tokenizers library cannot load it (" + e.getMessage() + ")", e);
        }
        try {
            return new SubwordTokenizer(tokenizer, ids, file);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** Token strings to ids: the model's vocabulary plus added tokens. */
    private static Map<String, Integer> readIds(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    file + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        Map<String, Integer> ids = new HashMap<>();
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            vocab.properties().forEach(e -> ids.put(e.getKey(), e.getValue().asInt()));
        } else if (vocab.isArray()) { // Unigram: [[piece, score], ...]
            for (int id = 0; id < vocab.size(); id++) {
                ids.put(vocab.get(id).get(0).asString(), id);
            }
        } else {
            throw new IllegalArgumentException(file + ": no model.vocab in tokenizer.json");
        }
        for (JsonNode added : root.path("added_tokens")) {
            ids.put(added.path("content").asString(), added.path("id").asInt());
        }
        return ids;
    }

    private int special(Path file, String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException(
                    file
                            + ": tokenizer has no "
                            + token
                            + " token; Tolk needs <pad>, <s>, </s> and <unk> in the vocabulary");
        }
        return id;
    }

    /** Subword ids of one normalized text, no special tokens. */
    public long[] encode(String text) {
        return tokenizer.encode(text).getIds();
    }

    /**
     * {@link #encode} for many texts at once: the native library encodes them on several threads.
     * Only the ids cross JNI (DJL's {@code Encoding} would fetch eight arrays per text).
     */
    public List<long[]> encodeAll(List<String> texts) {
        long[] handles =
                TokenizersLibrary.LIB.batchEncode(
                        tokenizer.getHandle(), texts.toArray(String[]::new), false);
        List<long[]> ids = new ArrayList<>(handles.length);
        try {
            for (long handle : handles) {
                ids.add(TokenizersLibrary.LIB.getTokenIds(handle));
            }
        } finally {
            for (long handle : handles) {
                TokenizersLibrary.LIB.deleteEncoding(handle);
            }
        }
        return ids;
    }

    /**
     * {@link #encodeAll} with the end token appended to each text: the model's input form (ids fit
     * in an int; vocabularies are far below 2³¹).
     */
    public List<int[]> encodeAllWithEnd(List<String> texts) {
        List<int[]> out = new ArrayList<>(texts.size());
        for (long[] ids : encodeAll(texts)) {
            int[] withEnd = new int[ids.length + 1];
            for (int i = 0; i < ids.length; i++) {
                withEnd[i] = Math.toIntExact(ids[i]);
            }
            withEnd[ids.length] = eosId;
            out.add(withEnd);
        }
        return out;
    }

    /** The subword tokens of one normalized text, as strings. */
    public String[] tokens(String text) {
        return tokenizer.encode(text).getTokens();
    }

    /** Text of {@code ids}; padding, begin and end tokens are skipped. */
    public String decode(long[] ids) {
        long[] kept =
                Arrays.stream(ids)
                        .filter(id -> id != padId && id != bosId && id != eosId)
                        .toArray();
        return tokenizer.decode(kept, false);
    }

    /** The token string of an id (special tokens included), for display. */
    public String token(long id) {
        if (idToToken == null) {
            String[] table = new String[vocabSize()];
            ids.forEach((token, i) -> table[i] = token);
            idToToken = table;
        }
        return id >= 0 && id < idToToken.length && idToToken[(int) id] != null
                ? idToToken[(int) id]
                : "<unk>";
    }

    /** The id of a token string, if it is in the vocabulary. */
    public OptionalInt idOf(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    public int vocabSize() {
        return vocabSize;
    }

    public int padId() {
        return padId;
    }

    public int bosId() {
        return bosId;
    }

    public int eosId() {
        return eosId;
    }

    public int unkId() {
        return unkId;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
