package dev.tolk.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputChecksTest {

    @Test
    void countsEmptyOutputsCopiesAndRepeatedPhrases() {
        List<String> sources =
                List.of("A man sits.", "A dog runs.", "Two cats.", "A boy in a park.", "Hi.");
        List<String> outputs =
                List.of(
                        "Ein Mann sitzt.",
                        "  ",
                        "Two cats. ",
                        "Ein Junge in einem Park spielt in einem Park.",
                        "Hallo.");
        OutputChecks checks = OutputChecks.of(sources, outputs, 3);
        assertThat(checks.outputs()).isEqualTo(5);
        assertThat(checks.empty()).isEqualTo(1);
        assertThat(checks.copies()).isEqualTo(1);
        assertThat(checks.repeats()).isEqualTo(1);
        assertThat(checks.examples())
                .containsEntry("empty", List.of(2))
                .containsEntry("copies", List.of(3))
                .containsEntry("repeats", List.of(4));
        assertThat(checks.format())
                .isEqualTo("5 outputs: 1 empty, 1 copies of the source, 1 repeating a word 3-gram");
    }

    @Test
    void aPhraseRepeatsOnlyWhenAllItsWordsRepeatInOrder() {
        assertThat(OutputChecks.repeatsNgram("in einem Park und in einem Haus", 3)).isFalse();
        assertThat(OutputChecks.repeatsNgram("in einem Park und in einem Haus", 2)).isTrue();
        assertThat(OutputChecks.repeatsNgram("a a a a", 3)).isTrue();
        assertThat(OutputChecks.repeatsNgram("a a a", 3)).isFalse();
        assertThat(OutputChecks.repeatsNgram("", 1)).isFalse();
        // Case counts: a capitalized first word is another word.
        assertThat(OutputChecks.repeatsNgram("Ein Mann , ein Mann ,", 3)).isFalse();
    }

    @Test
    void keepsAFewExamplesAndRejectsMismatchedInput() {
        List<String> outputs = java.util.Collections.nCopies(8, "");
        OutputChecks checks = OutputChecks.of(java.util.Collections.nCopies(8, "x"), outputs, 3);
        assertThat(checks.empty()).isEqualTo(8);
        assertThat(checks.examples().get("empty")).containsExactly(1, 2, 3, 4, 5);
        assertThatThrownBy(() -> OutputChecks.of(List.of("x"), List.of(), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 sources but 0 outputs");
        assertThatThrownBy(() -> OutputChecks.of(List.of(), List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
