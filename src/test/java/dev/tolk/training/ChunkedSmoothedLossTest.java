package dev.tolk.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chunked loss with its hand-written gradient against the plain formulation differentiated by
 * autograd: the same loss and the same gradients for the hidden states and the projection.
 */
class ChunkedSmoothedLossTest {

    private static final int PAD = 0;

    @ParameterizedTest(name = "smoothing {0}, {1} logits per chunk")
    @CsvSource({"0.1, 7", "0.1, 33", "0.1, 1000000", "0.0, 7", "0.0, 1000000", "0.3, 20"})
    void lossAndGradientsMatchAutograd(float smoothing, long chunkElements) {
        int batch = 3;
        int length = 5;
        int d = 4;
        int vocab = 7;
        // padding at the ends of rows 1 and 2
        long[][] labels = {{3, 1, 4, 1, 5}, {2, 6, 5, 0, 0}, {6, 0, 0, 0, 0}};
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            NDArray hiddenInit = manager.randomNormal(new Shape(batch, length, d));
            NDArray weightInit = manager.randomNormal(new Shape(vocab, d));
            NDArray y = manager.create(labels);

            // reference: logits through autograd, the loss of LabelSmoothedCrossEntropy
            NDArray h1 = hiddenInit.duplicate();
            NDArray w1 = weightInit.duplicate();
            h1.setRequiresGradient(true);
            w1.setRequiresGradient(true);
            float expectedMean;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = Linear.linear(h1, w1).head();
                NDArray mean =
                        new LabelSmoothedCrossEntropy(smoothing, PAD)
                                .evaluate(new NDList(y), new NDList(logits));
                expectedMean = mean.getFloat();
                collector.backward(mean);
            }

            NDArray h2 = hiddenInit.duplicate();
            NDArray w2 = weightInit.duplicate();
            h2.setRequiresGradient(true);
            w2.setRequiresGradient(true);
            ChunkedSmoothedLoss.Result result;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                result =
                        new ChunkedSmoothedLoss(smoothing, PAD, chunkElements)
                                .evaluate(h2, w2, y, true);
                collector.backward(result.surrogate());
            }

            assertThat(result.realTokens()).isEqualTo(9);
            assertThat(result.lossSum() / result.realTokens())
                    .isCloseTo(expectedMean, within(1e-5));
            assertClose(h2.getGradient(), h1.getGradient());
            assertClose(w2.getGradient(), w1.getGradient());
            // padding positions get no gradient
            assertThat(h2.getGradient().get("2, 1:").abs().max().getFloat()).isZero();

            ChunkedSmoothedLoss.Result lossOnly =
                    new ChunkedSmoothedLoss(smoothing, PAD, chunkElements)
                            .evaluate(hiddenInit, weightInit, y, false);
            assertThat(lossOnly.surrogate()).isNull();
            assertThat(lossOnly.lossSum()).isCloseTo(result.lossSum(), within(1e-5));
        }
    }

    private static void assertClose(NDArray actual, NDArray expected) {
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        assertThat(a).hasSameSizeAs(e);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("element %d", i).isCloseTo(e[i], within(1e-5f));
        }
    }
}
