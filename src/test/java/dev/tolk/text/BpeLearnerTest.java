package dev.tolk.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BpeLearnerTest {

    private static WordCounts counts(String... lines) {
        WordCounts counts = new WordCounts();
        for (String line : lines) {
            counts.add(line);
        }
        return counts;
    }

    @Test
    void pairKeysSpreadOverHashBucketsAndMapBackToTheirPairs() {
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        for (int left = 0; left < 300; left++) {
            for (int right = 0; right < 300; right++) {
                long pair = BpeLearner.pair(left, right);
                long key = BpeLearner.key(pair);
                assertThat(BpeLearner.pairOfKey(key)).isEqualTo(pair);
                hashes.add(Long.hashCode(key));
            }
        }
        // The plain pairs' hashes (left ^ right) take only 512 values here.
        assertThat(hashes).hasSizeGreaterThan(89_000);
    }

    @Test
    void startsWithSpecialAndByteTokensAtFixedIds() {
        BpeVocabulary vocabulary = new BpeLearner(300).learn(counts("low lower lowest"));

        assertThat(vocabulary.tokens().subList(0, 4))
                .containsExactly("<pad>", "<s>", "</s>", "<unk>");
        assertThat(vocabulary.tokens().get(SpecialTokens.EOS_ID)).isEqualTo(SpecialTokens.EOS);
        assertThat(vocabulary.tokens().get(4)).isEqualTo("<0x00>");
        assertThat(vocabulary.tokens().get(4 + 255)).isEqualTo("<0xFF>");
    }

    @Test
    void mergesTheMostFrequentPairFirst() {
        // ▁low x3, ▁lower x2, ▁newest x4, ▁widest x2: "w e", "e s" and "s t" occur 6 times, more
        // than any other pair ("▁ l", "l o", "o w" 5 times)
        BpeVocabulary vocabulary =
                new BpeLearner(1000)
                        .learn(
                                counts(
                                        "low low low lower lower",
                                        "newest newest newest newest widest widest"));

        List<BpeVocabulary.Merge> merges = vocabulary.merges();
        assertThat(merges.get(0))
                .isIn(
                        new BpeVocabulary.Merge("w", "e"),
                        new BpeVocabulary.Merge("e", "s"),
                        new BpeVocabulary.Merge("s", "t"));
        assertThat(vocabulary.tokens()).contains("▁low", "▁lower", "▁newest", "▁widest");
    }

    @Test
    void isDeterministic() {
        WordCounts counts =
                counts("the cat sat on the mat", "the dog sat on the log", "cats and dogs");
        assertThat(new BpeLearner(290).learn(counts)).isEqualTo(new BpeLearner(290).learn(counts));
    }

    @Test
    void stopsAtTheRequestedSize() {
        BpeVocabulary vocabulary =
                new BpeLearner(270).learn(counts("the cat sat on the mat the cat sat on the mat"));

        assertThat(vocabulary.size()).isEqualTo(270);
    }

    @Test
    void neverLearnsATokenThatSpellsASpecialOrByteToken() {
        BpeVocabulary vocabulary =
                new BpeLearner(2000)
                        .learn(counts("<s> <s> <s> <0x41> <0x41> </s> </s> <pad> <pad>"));

        assertThat(vocabulary.tokens().stream().filter(t -> t.equals("<s>"))).hasSize(1);
        assertThat(vocabulary.tokens().stream().filter(t -> t.equals("<0x41>"))).hasSize(1);
        assertThat(vocabulary.merges())
                .noneMatch(m -> (m.left() + m.right()).matches("<s>|</s>|<pad>|<0x41>"));
    }

    @Test
    void rejectsASizeWithoutRoomForLearnedTokens() {
        assertThatThrownBy(() -> new BpeLearner(260))
                .hasMessageContaining("vocabulary size (260) must exceed the 260");
        assertThatThrownBy(() -> new BpeLearner(1000).learn(new WordCounts()))
                .hasMessageContaining("empty");
    }
}
