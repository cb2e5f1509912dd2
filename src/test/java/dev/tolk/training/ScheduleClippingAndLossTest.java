package dev.tolk.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleClippingAndLossTest {

    @Test
    void scheduleFollowsThePaperFormula() {
        int d = 512;
        int warmup = 4000;
        var schedule = new InverseSqrtSchedule(InverseSqrtSchedule.paperPeak(d, warmup), warmup);
        for (int step : new int[] {1, 100, 3999, 4000, 4001, 10_000, 100_000}) {
            double paper =
                    Math.pow(d, -0.5)
                            * Math.min(Math.pow(step, -0.5), step * Math.pow(warmup, -1.5));
            assertThat((double) schedule.getNewValue(step)).isCloseTo(paper, within(paper * 1e-6));
        }
        var peakAt = new InverseSqrtSchedule(1e-3f, 100);
        assertThat(peakAt.getNewValue(50)).isCloseTo(5e-4f, within(1e-9f));
        assertThat(peakAt.getNewValue(100)).isCloseTo(1e-3f, within(1e-9f));
        assertThat(peakAt.getNewValue(400)).isCloseTo(5e-4f, within(1e-9f));
    }

    @Test
    void clippingBringsTheGlobalNormDownToTheLimit() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // gradients (3, 0) and (0, 4): global norm 5
            NDArray a = manager.create(new float[] {1, 0});
            NDArray b = manager.create(new float[] {0, 2});
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = a.mul(manager.create(new float[] {3, 0})).sum().add(b.square().sum());
                collector.backward(y);
            }
            float norm = GradientClipping.globalNorm(List.of(a, b), manager);
            assertThat(norm).isCloseTo(5f, within(1e-6f));
            float factor = GradientClipping.factor(norm, 1f);
            assertThat(factor).isCloseTo(0.2f, within(1e-7f));
            float clipped =
                    (float)
                            Math.sqrt(
                                    a.getGradient()
                                                    .mul(manager.create(factor))
                                                    .square()
                                                    .sum()
                                                    .getFloat()
                                            + b.getGradient()
                                                    .mul(manager.create(factor))
                                                    .square()
                                                    .sum()
                                                    .getFloat());
            assertThat(clipped).isCloseTo(1f, within(1e-6f));
            assertThat(GradientClipping.factor(norm, 10f)).isEqualTo(1f);
            assertThat(GradientClipping.factor(norm, 0f)).isEqualTo(1f);
        }
    }

    @Test
    void labelSmoothedLossMatchesAHandComputationAndIgnoresPadding() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[][] rows = {{2, 1, 0}, {0, 0, 3}, {5, 5, 5}};
            NDArray logits = manager.create(rows).reshape(1, 3, 3); // (B 1, T 3, V 3)
            NDArray labels = manager.create(new long[][] {{1, 2, 0}}); // last position is padding
            float epsilon = 0.1f;

            float loss =
                    new LabelSmoothedCrossEntropy(epsilon, 0)
                            .evaluate(new NDList(labels), new NDList(logits))
                            .getFloat();

            double expected = 0;
            int[] targets = {1, 2};
            for (int t = 0; t < 2; t++) {
                double logSum = 0;
                for (float v : rows[t]) {
                    logSum += Math.exp(v);
                }
                logSum = Math.log(logSum);
                double nll = logSum - rows[t][targets[t]];
                double uniform = 0;
                for (float v : rows[t]) {
                    uniform += (logSum - v) / 3;
                }
                expected += (1 - epsilon) * nll + epsilon * uniform;
            }
            expected /= 2; // two real tokens; the padded third position does not count
            assertThat((double) loss).isCloseTo(expected, within(1e-6));
        }
    }
}
