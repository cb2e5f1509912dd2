package dev.tolk.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldOutTest {

    private static List<SentencePair> pairs(int n) {
        List<SentencePair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pairs.add(new SentencePair("source " + i, "target " + i));
        }
        return pairs;
    }

    @Test
    void splitIsDeterministicAndNearTheFraction() {
        var split = new HeldOutSplit(42, 0.05);
        List<SentencePair> pairs = pairs(20_000);

        long heldOut = pairs.stream().filter(split::isHeldOut).count();
        long again = pairs.stream().filter(new HeldOutSplit(42, 0.05)::isHeldOut).count();
        long otherSeed = pairs.stream().filter(new HeldOutSplit(43, 0.05)::isHeldOut).count();

        assertThat(heldOut).isEqualTo(again).isBetween(850L, 1150L);
        assertThat(
                        pairs.stream()
                                .filter(
                                        p ->
                                                split.isHeldOut(p)
                                                        != new HeldOutSplit(43, 0.05).isHeldOut(p)))
                .isNotEmpty();
        assertThat(otherSeed).isBetween(850L, 1150L);
    }

    @Test
    void identicalPairsLandOnTheSameSide() {
        var split = new HeldOutSplit(7, 0.5);
        for (SentencePair pair : pairs(200)) {
            assertThat(split.isHeldOut(new SentencePair(pair.source(), pair.target())))
                    .isEqualTo(split.isHeldOut(pair));
        }
    }

    @Test
    void cappedSplitHoldsOutAtMostAboutTheCap() {
        assertThat(HeldOutSplit.capped(1, 0.1, 1_000_000, 2_000).fraction()).isEqualTo(0.002);
        assertThat(HeldOutSplit.capped(1, 0.1, 10_000, 2_000).fraction()).isEqualTo(0.1);
        assertThatThrownBy(() -> new HeldOutSplit(1, 0)).hasMessageContaining("between 0 and 1");
    }

    @Test
    void aCorpusSplitHoldsOutAboutMaxPairsAtMost(@TempDir Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        for (SentencePair pair : pairs(20_000)) {
            text.append(pair.source()).append('\t').append(pair.target()).append('\n');
        }
        CorpusFiles corpus = CorpusFiles.tsv(Files.writeString(dir.resolve("c.tsv"), text));

        HeldOutSplit split = HeldOutSplit.capped(42, 0.05, corpus, 200);
        assertThat(split.fraction()).isEqualTo(0.01);
        List<SentencePair> heldOut = new ArrayList<>();
        CorpusPass.run(corpus, null, split, CleaningOptions.DEFAULTS, p -> {}, heldOut::add);
        assertThat(heldOut).hasSizeBetween(150, 250);
        // a corpus the cap does not reach keeps the fraction: the same split as uncapped
        assertThat(HeldOutSplit.capped(42, 0.05, corpus, 1000))
                .isEqualTo(new HeldOutSplit(42, 0.05));
    }

    @Test
    void leakageCountsHeldOutPairsThatTrainingHas() {
        var leakage = new LeakageCounter();
        leakage.addHeldOut(new SentencePair("a", "b"));
        leakage.addHeldOut(new SentencePair("a", "b"));
        leakage.addHeldOut(new SentencePair("c", "d"));
        leakage.addHeldOut(new SentencePair("e", "f"));

        leakage.offerTraining(new SentencePair("a", "b"));
        leakage.offerTraining(new SentencePair("c", "x"));
        leakage.offerTraining(new SentencePair("e", "f"));

        assertThat(leakage.report("validation-set"))
                .isEqualTo(new HeldOutReport("validation-set", 4, 3));
    }
}
