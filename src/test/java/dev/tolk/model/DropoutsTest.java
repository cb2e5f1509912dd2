package dev.tolk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class DropoutsTest {

    @Test
    void dropsAtTheRateAndScalesTheRestToKeepTheMean() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // 600,000 elements: several parallel chunks and an odd tail
            NDArray x = manager.ones(new Shape(3, 200_000));
            float[] y = Dropouts.apply(x, 0.3f).toFloatArray();
            long zeros = 0;
            double sum = 0;
            for (float v : y) {
                if (v == 0f) {
                    zeros++;
                } else {
                    assertThat(v).isCloseTo(1f / 0.7f, within(1e-6f));
                }
                sum += v;
            }
            // binomial: σ of the share is about 0.0006
            assertThat(zeros / (double) y.length).isCloseTo(0.3, within(0.003));
            assertThat(sum / y.length).isCloseTo(1.0, within(0.005));
        }
    }

    @Test
    void theEngineSeedRepeatsAMaskAndEveryChunkDiffers() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(4, 1 << 17); // four chunks of the parallel fill
            Engine.getInstance().setRandomSeed(7);
            float[] first = Dropouts.mask(manager, shape, 0.5f).toFloatArray();
            float[] next = Dropouts.mask(manager, shape, 0.5f).toFloatArray();
            Engine.getInstance().setRandomSeed(7);
            float[] again = Dropouts.mask(manager, shape, 0.5f).toFloatArray();
            assertThat(again).containsExactly(first);
            assertThat(next).isNotEqualTo(first);
            int chunk = 1 << 17;
            for (int c = 1; c < 4; c++) {
                int same = 0;
                for (int i = 0; i < chunk; i++) {
                    if (first[i] == first[c * chunk + i]) {
                        same++;
                    }
                }
                // independent streams agree about half the time, copies always
                assertThat(same / (double) chunk).isCloseTo(0.5, within(0.01));
            }
        }
    }

    @Test
    void theGradientIsTheMask() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(64, 32));
            x.setRequiresGradient(true);
            float[] out;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = Dropouts.apply(x, 0.25f);
                out = y.toFloatArray();
                collector.backward(y.sum());
            }
            float[] in = x.toFloatArray();
            float[] gradient = x.getGradient().toFloatArray();
            for (int i = 0; i < in.length; i++) {
                float expected = out[i] == 0f ? 0f : 1f / 0.75f;
                assertThat(gradient[i]).isCloseTo(expected, within(1e-6f));
                assertThat(out[i]).isCloseTo(in[i] * expected, within(1e-5f));
            }
        }
    }

    @Test
    void rateZeroIsTheIdentityAndOtherTypesUsePyTorch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.ones(new Shape(1000));
            assertThat(Dropouts.apply(x, 0f)).isSameAs(x);
            NDArray doubles = manager.ones(new Shape(10_000), DataType.FLOAT64);
            double[] y = Dropouts.apply(doubles, 0.5f).toDoubleArray();
            long zeros = java.util.Arrays.stream(y).filter(v -> v == 0).count();
            assertThat(zeros).isBetween(4_500L, 5_500L);
            assertThatThrownBy(() -> Dropouts.apply(x, 1f)).hasMessageContaining("[0, 1)");
        }
    }
}
