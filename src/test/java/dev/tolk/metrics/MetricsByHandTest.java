package dev.tolk.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Values worked out by hand from the definitions (sacreBLEU's behaviour where it matters). */
class MetricsByHandTest {

    private final Bleu bleu = new Bleu(Bleu.Options.CORPUS);

    @Test
    void bleuOfOneSegmentByHand() {
        // unigrams 5/6 (the second "the" is clipped), bigrams 3/5, trigrams 2/4, 4-grams 1/3,
        // equal lengths: BLEU = (5/6 · 3/5 · 1/2 · 1/3)^(1/4) = (1/12)^(1/4)
        BleuScore score =
                bleu.corpusScore(
                        List.of("the cat sat on the mat"),
                        List.of(List.of("the cat sat on a mat")));

        assertThat(score.counts()).containsExactly(5, 3, 2, 1);
        assertThat(score.totals()).containsExactly(6, 5, 4, 3);
        assertThat(score.bp()).isEqualTo(1.0);
        assertThat(score.score()).isCloseTo(100 * Math.pow(1.0 / 12, 0.25), within(1e-9));
        assertThat(score.format())
                .startsWith("BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:tolk-")
                .endsWith(
                        " = 53.73 83.3/60.0/50.0/33.3 (BP = 1.000 ratio = 1.000 hyp_len = 6"
                                + " ref_len = 6)");
    }

    @Test
    void brevityPenaltyUsesTheClosestReferenceShorterOnTies() {
        assertThat(Bleu.closestLength(5, new int[] {4, 6})).isEqualTo(4);
        assertThat(Bleu.closestLength(5, new int[] {7, 6, 3})).isEqualTo(6);
        // hypothesis of 3 against a reference of 6: BP = exp(1 - 6/3)
        BleuScore score = bleu.corpusScore(List.of("a b c"), List.of(List.of("a b c d e f")));
        assertThat(score.bp()).isCloseTo(Math.exp(-1), within(1e-15));
    }

    @Test
    void expSmoothingHalvesEachMissingOrder() {
        // "a b x y": unigrams 2/4, bigrams 1/3, trigrams 0/2 -> 100/(2·2), 4-grams 0/1 -> 100/(4·1)
        BleuScore score = bleu.corpusScore(List.of("a b x y"), List.of(List.of("a b c d")));

        assertThat(score.precisions()).containsExactly(50.0, 100.0 / 3, 25.0, 25.0);
    }

    @Test
    void thirteenAUnescapesOnlyFourEntities() {
        // &apos; and &#39; stay escaped; &, #, ; and < > " are symbols the first rule splits off
        assertThat(
                        BleuTokenizer.TOKENIZE_13A.tokenize(
                                "&quot;a&quot; &amp; &lt;b&gt; &apos; &#39;"))
                .isEqualTo("\" a \" & < b > & apos ; & # 39 ;");
        assertThat(BleuTokenizer.TOKENIZE_13A.tokenize("3.14, 1,000 and 3-4 end."))
                .isEqualTo("3.14 , 1,000 and 3 - 4 end .");
    }

    @Test
    void chrfOfIdenticalTextIsOneHundredAndOfDisjointTextZero() {
        var chrf = new Chrf(Chrf.Options.CHRF);
        assertThat(chrf.corpusScore(List.of("a"), List.of(List.of("a"))).score()).isEqualTo(100.0);
        assertThat(chrf.corpusScore(List.of("abc"), List.of(List.of("xyz"))).score()).isZero();
    }

    @Test
    void streamsOfDifferentLengthsAreAnError() {
        assertThatThrownBy(() -> bleu.corpusScore(List.of("a", "b"), List.of(List.of("a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference stream 1 has 1 lines but the hypotheses have 2");
        assertThatThrownBy(() -> bleu.corpusScore(List.of(), List.of(List.of())))
                .hasMessageContaining("no hypotheses");
    }

    @Test
    void pythonFormattingRoundsHalfToEven() {
        assertThat(PythonText.fixed(0.125, 2)).isEqualTo("0.12");
        assertThat(PythonText.fixed(0.375, 2)).isEqualTo("0.38");
        assertThat(PythonText.fixed(2.675, 2)).isEqualTo("2.67"); // binary value is below .675
    }
}
