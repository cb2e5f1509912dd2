package dev.tolk.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.data.TokenBatch;
import dev.tolk.data.TokenBatcher;
import dev.tolk.io.TextFiles;
import dev.tolk.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A joint 8,000 vocabulary learned from Multi30k train.en + train.de (skipped without data). */
class Multi30kVocabularyTest {

    @TempDir static Path dir;

    private static Path multi30k;
    private static SubwordTokenizer tokenizer;

    @BeforeAll
    static void learn() throws IOException {
        multi30k = SharedData.multi30k();
        WordCounts counts = new WordCounts();
        for (String lang : new String[] {"en", "de"}) {
            TextFiles.readAllLines(multi30k.resolve("train." + lang + ".gz")).forEach(counts::add);
        }
        Path file = dir.resolve("tokenizer.json");
        TokenizerJson.write(new BpeLearner(8000).learn(counts), file);
        tokenizer = SubwordTokenizer.load(file);
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr", "cs"})
    void everyTrainingLineRoundTrips(String lang) throws IOException {
        List<String> normalized =
                TextFiles.readAllLines(multi30k.resolve("train." + lang + ".gz")).stream()
                        .map(TextNormalizer::normalize)
                        .toList();
        List<long[]> encoded = tokenizer.encodeAll(normalized);

        assertThat(normalized).hasSize(29_000);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < normalized.size(); i++) {
            String decoded = tokenizer.decode(encoded.get(i));
            if (!decoded.equals(normalized.get(i))) {
                mismatches.add((i + 1) + ": " + normalized.get(i) + " -> " + decoded);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void noTokenJoinsPunctuationToOtherCharacters() {
        List<String> mixed =
                IntStream.range(0, tokenizer.vocabSize())
                        .mapToObj(tokenizer::token)
                        .filter(t -> !(t.startsWith("<") && t.endsWith(">")))
                        .filter(
                                t ->
                                        t.codePoints().anyMatch(WordPieces::isPunctuation)
                                                && t.codePointCount(0, t.length()) > 1)
                        .toList();
        assertThat(mixed).isEmpty();
    }

    @Test
    void batchesOf4096TokensAreLessThan15PercentPadding() throws IOException {
        List<int[]> sources = encodeWithEnd("train.en.gz");
        List<int[]> targets = encodeWithEnd("train.de.gz");

        List<TokenBatch> batches =
                new TokenBatcher(4096, tokenizer.padId(), tokenizer.bosId())
                        .batches(sources, targets, 1);

        long padded = batches.stream().mapToLong(TokenBatch::paddedTokens).sum();
        long real = batches.stream().mapToLong(TokenBatch::realTokens).sum();
        assertThat(batches.stream().mapToInt(TokenBatch::size).sum()).isEqualTo(29_000);
        assertThat(batches).allMatch(b -> b.paddedTokens() <= 4096);
        double padding = 1.0 - (double) real / padded;
        System.out.printf(
                "Multi30k en-de, 4,096-token batches: %d batches, padding %.2f%%%n",
                batches.size(), 100 * padding);
        assertThat(padding).isLessThan(0.15);
    }

    private List<int[]> encodeWithEnd(String file) throws IOException {
        List<String> lines =
                TextFiles.readAllLines(multi30k.resolve(file)).stream()
                        .map(TextNormalizer::normalize)
                        .toList();
        return tokenizer.encodeAll(lines).stream()
                .map(
                        ids -> {
                            int[] out =
                                    Arrays.copyOf(
                                            Arrays.stream(ids).mapToInt(i -> (int) i).toArray(),
                                            ids.length + 1);
                            out[ids.length] = tokenizer.eosId();
                            return out;
                        })
                .toList();
    }
}
