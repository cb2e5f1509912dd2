package dev.tolk.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CorpusCleanerTest {

    @Test
    void normalizesKeptPairs() {
        var cleaner = new CorpusCleaner(CleaningOptions.DEFAULTS);

        SentencePair pair =
                cleaner.clean(
                        new SentencePair(" Cafe\u0301\t\tnoir\u0007 ", "Schwarzer\u00A0Kaffee"));

        assertThat(pair).isEqualTo(new SentencePair("Café noir", "Schwarzer Kaffee"));
    }

    @Test
    void dropsAndCountsByReason() {
        var cleaner = new CorpusCleaner(new CleaningOptions(5, 3.0, true));

        assertThat(cleaner.clean(new SentencePair("a b", "c d"))).isNotNull();
        assertThat(cleaner.clean(new SentencePair("  ", "c d"))).isNull(); // empty
        assertThat(cleaner.clean(new SentencePair("a b c d e f", "a b c d e f"))).isNull(); // long
        assertThat(cleaner.clean(new SentencePair("a", "a b c d"))).isNull(); // ratio 4 > 3
        assertThat(cleaner.clean(new SentencePair("a  b", "c d"))).isNull(); // duplicate
        assertThat(cleaner.clean(new SentencePair("a b c", "d"))).isNotNull(); // ratio 3 is fine

        CorpusReport report = cleaner.report();
        assertThat(report.pairsRead()).isEqualTo(6);
        assertThat(report.pairsKept()).isEqualTo(2);
        assertThat(report.dropped())
                .containsEntry(DropReason.EMPTY, 1L)
                .containsEntry(DropReason.TOO_LONG, 1L)
                .containsEntry(DropReason.LENGTH_RATIO, 1L)
                .containsEntry(DropReason.DUPLICATE, 1L);
        assertThat(report.sourceWords()).isEqualTo(5);
        assertThat(report.targetWords()).isEqualTo(3);
    }

    @Test
    void keepsDuplicatesUnlessAsked() {
        var cleaner = new CorpusCleaner(CleaningOptions.DEFAULTS);
        cleaner.clean(new SentencePair("a", "b"));
        cleaner.clean(new SentencePair("a", "b"));

        assertThat(cleaner.report().pairsKept()).isEqualTo(2);
        assertThat(cleaner.report().dropped()).containsEntry(DropReason.DUPLICATE, 0L);
    }
}
