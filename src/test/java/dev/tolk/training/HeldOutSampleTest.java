package dev.tolk.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeldOutSampleTest {

    @Test
    void theWorstSentencesComeFirstWithTheirSourceReferenceAndSentenceChrf() {
        List<String> sources = List.of("s1", "s2", "s3", "s4");
        List<String> references =
                List.of("the cat sat", "a dog ran home", "birds fly south", "it rains");
        List<String> hypotheses =
                List.of("the cat sat", "xyz", "birds fly north", "it rains today");

        List<HeldOutSample> worst = HeldOutSample.worst(sources, references, hypotheses, 3);

        assertThat(worst).hasSize(3);
        assertThat(worst.get(0).source()).isEqualTo("s2");
        assertThat(worst.get(0).reference()).isEqualTo("a dog ran home");
        assertThat(worst.get(0).hypothesis()).isEqualTo("xyz");
        assertThat(worst).extracting(HeldOutSample::chrf).isSortedAccordingTo(Double::compare);
        assertThat(worst).extracting(HeldOutSample::source).doesNotContain("s1");
        assertThat(worst.get(2).chrf()).isLessThan(100);
    }

    @Test
    void fewerSentencesThanAskedAreAllReturned() {
        List<HeldOutSample> worst =
                HeldOutSample.worst(List.of("a"), List.of("b c"), List.of("b c"), 10);

        assertThat(worst).singleElement().extracting(HeldOutSample::chrf).isEqualTo(100.0);
    }
}
