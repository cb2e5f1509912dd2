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

class CorpusPassTest {

    @TempDir Path dir;

    @Test
    void givenValidationSetIsTheHeldOutDataAndLeakageIsCounted() throws IOException {
        Path train = dir.resolve("train.tsv");
        Files.writeString(
                train, "a dog\tein Hund\ntwo  cats\tzwei Katzen\n\tleer\nthe sun\tdie Sonne\n");
        Path valid = dir.resolve("valid.tsv");
        Files.writeString(valid, "two cats\tzwei Katzen\na bird\tein Vogel\n");
        List<SentencePair> training = new ArrayList<>();
        List<SentencePair> heldOut = new ArrayList<>();

        CorpusPass.Result result =
                CorpusPass.run(
                        CorpusFiles.tsv(train),
                        CorpusFiles.tsv(valid),
                        new HeldOutSplit(1, 0.5),
                        CleaningOptions.DEFAULTS,
                        training::add,
                        heldOut::add);

        assertThat(training).hasSize(3).contains(new SentencePair("two cats", "zwei Katzen"));
        assertThat(heldOut).hasSize(2);
        assertThat(result.corpus().pairsRead()).isEqualTo(4);
        assertThat(result.corpus().dropped()).containsEntry(DropReason.EMPTY, 1L);
        assertThat(result.heldOut()).isEqualTo(new HeldOutReport("validation-set", 2, 1));
    }

    @Test
    void withoutValidationSetTheSplitDecides() throws IOException {
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            tsv.append("source ")
                    .append(i % 1500)
                    .append('\t')
                    .append("target ")
                    .append(i % 1500)
                    .append('\n');
        }
        Path train = dir.resolve("train.tsv");
        Files.writeString(train, tsv);
        List<SentencePair> training = new ArrayList<>();
        List<SentencePair> heldOut = new ArrayList<>();

        CorpusPass.Result result =
                CorpusPass.run(
                        CorpusFiles.tsv(train),
                        null,
                        new HeldOutSplit(5, 0.1),
                        CleaningOptions.DEFAULTS,
                        training::add,
                        heldOut::add);

        assertThat(training.size() + heldOut.size()).isEqualTo(2000);
        assertThat(heldOut.size()).isBetween(140, 260);
        assertThat(result.heldOut().origin()).isEqualTo("split");
        assertThat(result.heldOut().leakedPairs()).isZero();
        assertThat(training).doesNotContainAnyElementsOf(heldOut);
    }

    @Test
    void aCorpusThatCleaningEmptiesIsAnError() throws IOException {
        Path train = dir.resolve("train.tsv");
        Files.writeString(train, "\tx\ny\t\n");

        assertThatThrownBy(
                        () ->
                                CorpusPass.run(
                                        CorpusFiles.tsv(train),
                                        null,
                                        new HeldOutSplit(5, 0.1),
                                        CleaningOptions.DEFAULTS,
                                        p -> {},
                                        p -> {}))
                .hasMessageContaining("cleaning dropped all 2 pairs");
    }
}
