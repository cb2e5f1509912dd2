package dev.tolk.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubwordTokenizerTest {

    @TempDir Path dir;

    private SubwordTokenizer learned(String... lines) throws IOException {
        WordCounts counts = new WordCounts();
        for (String line : lines) {
            counts.add(line);
        }
        Path file = dir.resolve("tokenizer.json");
        TokenizerJson.write(new BpeLearner(400).learn(counts), file);
        return SubwordTokenizer.load(file);
    }

    @Test
    void encodesWithTheLearnedMergesAndDecodesExactly() throws IOException {
        try (SubwordTokenizer tokenizer =
                learned("a man is riding a horse", "a woman is riding a bike", "two men ride")) {
            // "▁man" occurs once, so it stays "▁m" + "an" ("an" is in man and woman)
            assertThat(tokenizer.tokens("a man is riding"))
                    .containsExactly("▁a", "▁m", "an", "▁is", "▁riding");
            String text = "a woman rides a horse";
            assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
            assertThat(tokenizer.padId()).isEqualTo(SpecialTokens.PAD_ID);
            assertThat(tokenizer.bosId()).isEqualTo(SpecialTokens.BOS_ID);
            assertThat(tokenizer.eosId()).isEqualTo(SpecialTokens.EOS_ID);
            assertThat(tokenizer.unkId()).isEqualTo(SpecialTokens.UNK_ID);
        }
    }

    @Test
    void keepsPunctuationApartFromWordsAsTheLearnerDoes() throws IOException {
        try (SubwordTokenizer tokenizer =
                learned(
                        "a dog by the river.",
                        "a dog, a cat by the river.",
                        "the river. the river. the river.")) {
            // "▁river." would be the most frequent pair chain without the pieces; it is never
            // learned, and the tokenizer cuts where the learner did
            assertThat(tokenizer.tokens("by the river."))
                    .containsExactly("▁by", "▁the", "▁river", ".");
            assertThat(tokenizer.tokens("a dog, the river."))
                    .containsExactly("▁a", "▁dog", ",", "▁the", "▁river", ".");
            String text = "„Stopp!“, sagte er... (nicht: 3-mal)";
            assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
        }
    }

    @Test
    void unseenCharactersRoundTripThroughByteTokens() throws IOException {
        try (SubwordTokenizer tokenizer = learned("a man is riding a horse")) {
            String text = "Příliš žluťoučký kůň 🙂 日本語";
            long[] ids = tokenizer.encode(text);

            assertThat(tokenizer.tokens(text)).contains("<0xC5>", "<0xF0>");
            assertThat(ids).doesNotContain(SpecialTokens.UNK_ID);
            assertThat(tokenizer.decode(ids)).isEqualTo(text);
        }
    }

    @Test
    void specialTokensInTextAreJustCharacters() throws IOException {
        try (SubwordTokenizer tokenizer = learned("a man is riding a horse")) {
            long[] ids = tokenizer.encode("stop </s> <s> <pad> here");

            assertThat(ids)
                    .doesNotContain(
                            SpecialTokens.PAD_ID, SpecialTokens.BOS_ID, SpecialTokens.EOS_ID);
            assertThat(tokenizer.decode(ids)).isEqualTo("stop </s> <s> <pad> here");
        }
    }

    @Test
    void decodingSkipsPaddingBeginAndEndTokens() throws IOException {
        try (SubwordTokenizer tokenizer = learned("a man is riding a horse")) {
            long[] ids = tokenizer.encode("a horse");
            long[] framed = new long[ids.length + 3];
            framed[0] = SpecialTokens.BOS_ID;
            System.arraycopy(ids, 0, framed, 1, ids.length);
            framed[ids.length + 1] = SpecialTokens.EOS_ID;
            framed[ids.length + 2] = SpecialTokens.PAD_ID;

            assertThat(tokenizer.decode(framed)).isEqualTo("a horse");
        }
    }

    @Test
    void acceptsABroughtTokenizerThatDefinesTheSpecialTokens() throws IOException {
        Path file = dir.resolve("own.json");
        Files.writeString(
                file,
                """
                {"version": "1.0", "added_tokens": [], "normalizer": null,
                 "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null,
                 "decoder": null,
                 "model": {"type": "WordLevel", "unk_token": "<unk>",
                   "vocab": {"<pad>": 0, "<s>": 1, "</s>": 2, "<unk>": 3, "hello": 4, "world": 5}}}
                """);
        try (SubwordTokenizer tokenizer = SubwordTokenizer.load(file)) {
            assertThat(tokenizer.encode("hello world")).containsExactly(4, 5);
            assertThat(tokenizer.encode("hello there")).containsExactly(4, 3);
            assertThat(tokenizer.vocabSize()).isEqualTo(6);
        }
    }

    @Test
    void rejectsATokenizerWithoutTheSpecialTokens() throws IOException {
        Path file = dir.resolve("own.json");
        Files.writeString(
                file,
                """
                {"version": "1.0", "added_tokens": [], "normalizer": null,
                 "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null,
                 "model": {"type": "WordLevel", "unk_token": "[UNK]",
                   "vocab": {"[UNK]": 0, "hello": 1}}}
                """);
        assertThatThrownBy(() -> SubwordTokenizer.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no <pad> token");
    }

    @Test
    void rejectsFilesThatAreNotTokenizers() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"model\": ");
        assertThatThrownBy(() -> SubwordTokenizer.load(file))
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> SubwordTokenizer.load(dir.resolve("missing.json")))
                .hasMessageContaining("missing.json");
    }
}
