package dev.tolk.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tolk.decode.Translator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A translation through a pivot: the second leg's text, both legs' confidence multiplied. */
class LegsTest {

    private static Translator.Translation translation(
            String text, double score, List<Double> sentences) {
        return new Translator.Translation(
                text,
                score,
                List.of(
                        new Translator.Alternative(text, score),
                        new Translator.Alternative(text + "!", score - 1)),
                List.of("▁a", "</s>"),
                List.of("▁b", "</s>"),
                new float[][] {{1, 0}, {0, 1}},
                sentences == null ? 1 : sentences.size(),
                4,
                sentences);
    }

    @Test
    void withoutAPivotTheTranslationIsTheModelsOwn() {
        Translator.Translation direct = translation("ein Hund", -0.2, null);

        assertThat(new Legs(direct, null).combined()).isSameAs(direct);
    }

    @Test
    void throughAPivotTheConfidenceIsTheProductOfBothLegs() {
        Translator.Translation first = translation("a dog", -0.5, null);
        Translator.Translation second = translation("ein Hund", -0.25, null);

        Translator.Translation both = new Legs(first, second).combined();

        assertThat(both.text()).isEqualTo("ein Hund");
        assertThat(both.confidence())
                .isCloseTo(first.confidence() * second.confidence(), within(1e-12));
        assertThat(both.score()).isEqualTo(-0.75);
        assertThat(both.nBest())
                .extracting(Translator.Alternative::text)
                .containsExactly("ein Hund", "ein Hund!");
        assertThat(both.nBest().get(1).score()).isEqualTo(-1.75);
        // tokens and attention would mix two models' subwords
        assertThat(both.attention()).isNull();
        assertThat(both.sourceTokens()).isNull();
    }

    @Test
    void aSentencesConfidenceMultipliesTheFirstLegsForTheSameSentence() {
        Translator.Translation first = translation("A. B.", -0.1, List.of(0.5, 0.8));
        Translator.Translation second = translation("C. D.", -0.1, List.of(0.9, 0.5));
        Translator.Translation unsplit = translation("A. B.", Math.log(0.5), null);

        assertThat(new Legs(first, second).combined().sentenceConfidences())
                .containsExactly(0.45, 0.4);
        // the first leg translated the text whole: its confidence stands for every sentence
        assertThat(new Legs(unsplit, second).combined().sentenceConfidences())
                .satisfiesExactly(
                        c -> assertThat(c).isCloseTo(0.45, within(1e-12)),
                        c -> assertThat(c).isCloseTo(0.25, within(1e-12)));
    }
}
