package dev.tolk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransformerModelTest {

    private static final int VOCAB = 37;

    /** Odd sizes everywhere: D 24 in 3 heads of 8, F 40, V 37. */
    private static TransformerConfig odd() {
        return new TransformerConfig(
                VOCAB,
                0,
                24,
                2,
                3,
                3,
                40,
                0.1f,
                64,
                Norm.POST,
                PositionKind.SINUSOIDAL,
                EmbeddingTying.ALL);
    }

    static Stream<TransformerConfig> variants() {
        return Stream.of(
                odd(),
                odd().withNorm(Norm.PRE),
                odd().withPositions(PositionKind.LEARNED),
                odd().withTying(EmbeddingTying.DECODER),
                odd().withTying(EmbeddingTying.NONE).withNorm(Norm.PRE));
    }

    @Test
    void everyBlockHasTheDocumentedShapeForOddSizes() {
        try (var h = new ModelHarness(odd(), 1)) {
            var random = new Random(1);
            NDArray source = h.ids(ModelHarness.randomIds(random, 3, 7, 1, VOCAB));
            NDArray target = h.ids(ModelHarness.randomIds(random, 3, 5, 1, VOCAB));
            NDArray x = h.manager.randomNormal(new Shape(3, 5, 24));
            NDArray memory = h.manager.randomNormal(new Shape(3, 7, 24));

            EncoderOutput encoded = h.model.encode(h.ps, source, false);
            assertThat(encoded.memory().getShape()).isEqualTo(new Shape(3, 7, 24));
            assertThat(encoded.sourceMask().getShape()).isEqualTo(new Shape(3, 1, 1, 7));
            assertThat(h.model.decode(h.ps, encoded, target, false).getShape())
                    .isEqualTo(new Shape(3, 5, VOCAB));

            var self = new MultiHeadAttention(MultiHeadAttention.Kind.SELF, 24, 3, 0f);
            self.initialize(h.manager, ai.djl.ndarray.types.DataType.FLOAT32, x.getShape());
            var selfHeads = self.attendHeads(h.ps, x, null, null, false);
            assertThat(selfHeads.output().getShape()).isEqualTo(new Shape(3, 3, 5, 8));
            assertThat(selfHeads.weights().getShape()).isEqualTo(new Shape(3, 3, 5, 5));
            assertThat(self.forward(h.ps, x, null, null, false).getShape())
                    .isEqualTo(new Shape(3, 5, 24));

            var cross = new MultiHeadAttention(MultiHeadAttention.Kind.CROSS, 24, 3, 0f);
            cross.initialize(h.manager, ai.djl.ndarray.types.DataType.FLOAT32, x.getShape());
            var crossHeads = cross.attendHeads(h.ps, x, memory, encoded.sourceMask(), false);
            assertThat(crossHeads.output().getShape()).isEqualTo(new Shape(3, 3, 5, 8));
            assertThat(crossHeads.weights().getShape()).isEqualTo(new Shape(3, 3, 5, 7));

            assertThat(forwardShape(h, new FeedForward(24, 40, 0f), x)).isEqualTo(x.getShape());
            assertThat(forwardShape(h, new EncoderLayer(odd()), memory, encoded.sourceMask()))
                    .isEqualTo(memory.getShape());
            NDArray causal = TransformerModel.causalMask(h.manager, 5);
            assertThat(causal.getShape()).isEqualTo(new Shape(5, 5));
            assertThat(
                            forwardShape(
                                    h,
                                    new DecoderLayer(odd()),
                                    x,
                                    memory,
                                    causal,
                                    encoded.sourceMask()))
                    .isEqualTo(x.getShape());
            assertThat(forwardShape(h, new TokenEmbedding(VOCAB, 24), source))
                    .isEqualTo(new Shape(3, 7, 24));
            assertThat(
                            forwardShape(
                                    h,
                                    new PositionalEncoding(PositionKind.SINUSOIDAL, 64, 24),
                                    memory))
                    .isEqualTo(memory.getShape());
        }
    }

    private static Shape forwardShape(
            ModelHarness h, ai.djl.nn.AbstractBlock block, NDArray... inputs) {
        NDList list = new NDList(inputs);
        block.initialize(h.manager, ai.djl.ndarray.types.DataType.FLOAT32, list.getShapes());
        Shape shape = block.forward(h.ps, list, false).head().getShape();
        assertThat(block.getOutputShapes(list.getShapes())[0]).isEqualTo(shape);
        return shape;
    }

    @ParameterizedTest
    @MethodSource("variants")
    void decoderOutputsDoNotDependOnLaterTargetTokens(TransformerConfig config) {
        try (var h = new ModelHarness(config, 2)) {
            var random = new Random(2);
            long[][] source = ModelHarness.randomIds(random, 3, 7, 1, VOCAB);
            long[][] target = ModelHarness.randomIds(random, 3, 6, 1, VOCAB);
            long[][] changed = Arrays.stream(target).map(long[]::clone).toArray(long[][]::new);
            int t = 2;
            for (long[] row : changed) {
                for (int i = t + 1; i < row.length; i++) {
                    row[i] = 1 + (row[i] % (VOCAB - 1));
                }
            }

            NDArray before = h.logits(source, target);
            NDArray after = h.logits(source, changed);

            NDIndex upToT = new NDIndex(":, :{}", t + 1);
            assertClose(after.get(upToT), before.get(upToT), 1e-5f);
            NDIndex later = new NDIndex(":, {}:", t + 1);
            assertThat(after.get(later).sub(before.get(later)).abs().max().getFloat())
                    .as("later positions see the changed tokens")
                    .isGreaterThan(1e-3f);
        }
    }

    @ParameterizedTest
    @MethodSource("variants")
    void appendedSourcePaddingChangesNoOutput(TransformerConfig config) {
        try (var h = new ModelHarness(config, 3)) {
            var random = new Random(3);
            long[][] source = ModelHarness.randomIds(random, 2, 5, 1, VOCAB);
            long[][] padded =
                    Arrays.stream(source)
                            .map(row -> Arrays.copyOf(row, row.length + 4))
                            .toArray(long[][]::new);
            long[][] target = ModelHarness.randomIds(random, 2, 6, 1, VOCAB);

            EncoderOutput plain = h.model.encode(h.ps, h.ids(source), false);
            EncoderOutput withPadding = h.model.encode(h.ps, h.ids(padded), false);

            assertClose(withPadding.memory().get(new NDIndex(":, :5")), plain.memory(), 1e-5f);
            assertClose(h.logits(padded, target), h.logits(source, target), 1e-5f);
        }
    }

    @ParameterizedTest
    @MethodSource("variants")
    void parameterCountEqualsTheFormula(TransformerConfig config) {
        try (var h = new ModelHarness(config, 4)) {
            assertThat(countParameters(h.model)).isEqualTo(config.parameterCount());
        }
    }

    @Test
    void presetsHaveTheDocumentedSizes() {
        // d 256, 3+3, FFN 1024, tied 8k vocabulary: 2,048,000 + 3 x 789,760 + 3 x 1,053,440
        assertThat(TransformerConfig.small(8000).parameterCount()).isEqualTo(7_577_600L);
        try (var h = new ModelHarness(TransformerConfig.small(8000), 5)) {
            assertThat(countParameters(h.model)).isEqualTo(7_577_600L);
        }
        // d 128, 4+4, FFN 256, tied 10k vocabulary: 1,280,000 + 4 x 132,480 + 4 x 198,784
        assertThat(TransformerConfig.multi30k(10_000).parameterCount()).isEqualTo(2_605_056L);
        assertThat(TransformerConfig.base(37_000).parameterCount()).isEqualTo(63_082_496L);
    }

    private static long countParameters(TransformerModel model) {
        long total = 0;
        for (Pair<String, Parameter> parameter : model.getParameters()) {
            total += parameter.getValue().getArray().getShape().size();
        }
        return total;
    }

    @Test
    void rejectsInputLongerThanTheModelLimit() {
        try (var h = new ModelHarness(odd().withMaxLength(8), 6)) {
            long[][] longSource = ModelHarness.randomIds(new Random(6), 1, 9, 1, VOCAB);
            assertThatThrownBy(() -> h.model.encode(h.ps, h.ids(longSource), false))
                    .isInstanceOf(InputTooLongException.class)
                    .hasMessageContaining("9 tokens")
                    .hasMessageContaining("limit of 8");
            long[][] fits = ModelHarness.randomIds(new Random(6), 1, 8, 1, VOCAB);
            assertThatThrownBy(() -> h.logits(fits, longSource))
                    .isInstanceOf(InputTooLongException.class);
            assertThat(h.logits(fits, fits).getShape()).isEqualTo(new Shape(1, 8, VOCAB));
        }
    }

    @Test
    void configRejectsInconsistentValuesWithActionableMessages() {
        assertThatThrownBy(
                        () ->
                                new TransformerConfig(
                                        8000,
                                        0,
                                        500,
                                        6,
                                        6,
                                        8,
                                        2048,
                                        0.1f,
                                        512,
                                        Norm.POST,
                                        PositionKind.SINUSOIDAL,
                                        EmbeddingTying.ALL))
                .hasMessage("modelDim (500) must be divisible by headCount (8)");
        assertThatThrownBy(() -> TransformerConfig.tiny(100).withDropout(1f))
                .hasMessageContaining("dropout (1.0)");
        assertThatThrownBy(
                        () ->
                                new TransformerConfig(
                                        10,
                                        10,
                                        64,
                                        1,
                                        1,
                                        4,
                                        64,
                                        0f,
                                        16,
                                        Norm.POST,
                                        PositionKind.SINUSOIDAL,
                                        EmbeddingTying.ALL))
                .hasMessageContaining("padId (10)");
    }

    @ParameterizedTest
    @ValueSource(ints = {4096, 4097, 9001})
    void theSlicedProjectionOfDecodingStepsEqualsTheWholeOneInEitherLayout(int vocab) {
        // 4,096 is one product; 4,097 and 9,001 are cut into 3 and 5 slices, the last one short
        try (var h =
                new ModelHarness(TransformerConfig.tiny(vocab).withTying(EmbeddingTying.NONE), 1)) {
            NDArray hidden = h.manager.randomNormal(new Shape(7, 64));
            NDArray whole = h.model.project(h.ps, hidden, false);
            NDArray sliced = h.model.projectInSlices(h.ps, hidden, null);
            assertThat(sliced.getShape()).isEqualTo(new Shape(7, vocab));
            assertClose(sliced, whole, 1e-5f);
            try (StepWeights stepWeights = StepWeights.of(h.model, h.ps, h.manager)) {
                NDArray laidOut = h.model.projectInSlices(h.ps, hidden, stepWeights);
                assertThat(laidOut.getShape()).isEqualTo(new Shape(7, vocab));
                assertClose(laidOut, whole, 1e-5f);
            }
        }
    }

    @Test
    void sinusoidsFollowThePaperFormula() {
        float[] table = PositionalEncoding.sinusoidTable(50, 8);
        int pos = 37;
        for (int i = 0; i < 8; i += 2) {
            double angle = pos / Math.pow(10000, i / 8.0);
            assertThat(table[pos * 8 + i]).isCloseTo((float) Math.sin(angle), within(1e-6f));
            assertThat(table[pos * 8 + i + 1]).isCloseTo((float) Math.cos(angle), within(1e-6f));
        }
    }

    static void assertClose(NDArray actual, NDArray expected, float tolerance) {
        assertThat(actual.getShape()).isEqualTo(expected.getShape());
        float maxDifference = actual.sub(expected).abs().max().getFloat();
        assertThat(maxDifference).isLessThanOrEqualTo(tolerance);
    }
}
