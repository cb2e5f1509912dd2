package dev.tolk.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Spearman's ρ on examples worked by hand (and checked against scipy.stats.spearmanr). */
class RankCorrelationTest {

    @Test
    void tiesShareTheMeanOfTheirRanks() {
        // ranks x: 5, 1, 3.5, 3.5, 2; ranks y: 5, 1, 2.5, 4, 2.5;
        // Σdxdy = 8.75, Σdx² = Σdy² = 9.5 → ρ = 8.75 / 9.5 (scipy: 0.92105263...)
        double[] confidence = {0.9, 0.1, 0.5, 0.5, 0.3};
        double[] bleu = {40, 5, 20, 30, 20};

        assertThat(RankCorrelation.spearman(confidence, bleu)).isCloseTo(8.75 / 9.5, within(1e-12));
        assertThat(RankCorrelation.ranks(confidence)).containsExactly(5, 1, 3.5, 3.5, 2);
    }

    @Test
    void theSameOrderIsOneAndTheReverseMinusOneWhateverTheScale() {
        double[] x = {0.1, 0.2, 0.7, 0.9};

        assertThat(RankCorrelation.spearman(x, new double[] {1, 10, 100, 1000})).isEqualTo(1.0);
        assertThat(RankCorrelation.spearman(x, new double[] {9, 8, 3, -5})).isEqualTo(-1.0);
    }

    @Test
    void noOrderToCompareIsNaN() {
        assertThat(RankCorrelation.spearman(new double[] {1, 2}, new double[] {3, 3})).isNaN();
        assertThat(RankCorrelation.spearman(new double[] {1}, new double[] {2})).isNaN();
    }

    @Test
    void samplesThatDoNotPairUpAreRefused() {
        assertThatThrownBy(() -> RankCorrelation.spearman(new double[2], new double[3]))
                .hasMessageContaining("2 and 3");
    }
}
