package dev.tolk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScaledDotProductAttentionTest {

    /** The worked example of MODEL.md: three rows, Q = K = V = X. */
    private static final float[][] X = {{1, 2, 1, 2, 1}, {1, 1, 1, 2, 1}, {3, 2, 1, 1, 1}};

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void scaleOneReproducesTheWorkedExample() {
        NDArray x = manager.create(X);

        var result = ScaledDotProductAttention.attend(x, x, x, null, 1f);

        assertMatrix(
                result.weights(),
                new double[][] {
                    {0.468, 0.064, 0.468}, {0.422, 0.156, 0.422}, {0.0069, 0.000905, 0.992}
                },
                1e-3);
        assertMatrix(
                result.output(),
                new double[][] {
                    {1.94, 1.94, 1, 1.53, 1}, {1.84, 1.84, 1, 1.58, 1}, {2.98, 2.00, 1, 1.01, 1}
                },
                0.005); // the document gives two decimals: equal after rounding
    }

    @Test
    void defaultScaleMatchesAHandComputation() {
        NDArray x = manager.create(X);
        float scale = ScaledDotProductAttention.defaultScale(5);

        var result = ScaledDotProductAttention.attend(x, x, x, null, scale);

        double[][] weights = new double[3][3];
        double[][] output = new double[3][5];
        for (int i = 0; i < 3; i++) {
            double[] scores = new double[3];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 3; j++) {
                for (int d = 0; d < 5; d++) {
                    scores[j] += X[i][d] * X[j][d];
                }
                scores[j] /= Math.sqrt(5);
                max = Math.max(max, scores[j]);
            }
            double sum = 0;
            for (int j = 0; j < 3; j++) {
                weights[i][j] = Math.exp(scores[j] - max);
                sum += weights[i][j];
            }
            for (int j = 0; j < 3; j++) {
                weights[i][j] /= sum;
                for (int d = 0; d < 5; d++) {
                    output[i][d] += weights[i][j] * X[j][d];
                }
            }
        }
        assertThat(scale).isCloseTo((float) (1 / Math.sqrt(5)), within(1e-7f));
        assertMatrix(result.weights(), weights, 1e-5);
        assertMatrix(result.output(), output, 1e-5);
    }

    @Test
    void maskedKeysGetZeroWeight() {
        NDArray x = manager.create(X);
        NDArray mask = manager.create(new float[] {0, ScaledDotProductAttention.MASKED, 0});

        var result = ScaledDotProductAttention.attend(x, x, x, mask, 1f);

        float[] weights = result.weights().toFloatArray();
        for (int row = 0; row < 3; row++) {
            assertThat(weights[row * 3 + 1]).isZero();
            assertThat(weights[row * 3] + weights[row * 3 + 2]).isCloseTo(1f, within(1e-6f));
        }
    }

    @Test
    void batchedHeadsKeepTheirShapes() {
        NDArray q = manager.randomNormal(new Shape(3, 2, 7, 4));
        NDArray kv = manager.randomNormal(new Shape(3, 2, 5, 4));

        var result = ScaledDotProductAttention.attend(q, kv, kv, null, 0.5f);

        assertThat(result.output().getShape()).isEqualTo(new Shape(3, 2, 7, 4));
        assertThat(result.weights().getShape()).isEqualTo(new Shape(3, 2, 7, 5));
    }

    static void assertMatrix(NDArray actual, double[][] expected, double tolerance) {
        float[] values = actual.toFloatArray();
        int columns = expected[0].length;
        assertThat(values).hasSize(expected.length * columns);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < columns; j++) {
                assertThat((double) values[i * columns + j])
                        .as("element (%d, %d)", i, j)
                        .isCloseTo(expected[i][j], within(tolerance));
            }
        }
    }
}
