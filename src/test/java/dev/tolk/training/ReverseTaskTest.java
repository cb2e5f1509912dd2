package dev.tolk.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.CosineTracker;
import dev.tolk.model.EmbeddingTying;
import dev.tolk.model.EncoderOutput;
import dev.tolk.model.Norm;
import dev.tolk.model.PositionKind;
import dev.tolk.model.TransformerConfig;
import dev.tolk.model.TransformerModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole model learns: a tiny Transformer trained on a synthetic task (reverse a sequence of
 * symbols) reaches near-zero loss and greedy-decodes sequences it never saw exactly.
 */
@Tag("slow")
class ReverseTaskTest {

    private static final int PAD = 0;
    private static final int BOS = 1;
    private static final int EOS = 2;
    private static final int FIRST_SYMBOL = 4;
    private static final int VOCAB = 14;
    private static final int MAX_LENGTH = 8;
    private static final int STEPS = 500;

    private final Random random = new Random(11);

    @Test
    void tinyModelLearnsToReverseSequences() throws Exception {
        Engine.getInstance().setRandomSeed(11);
        var config =
                new TransformerConfig(
                        VOCAB,
                        PAD,
                        64,
                        2,
                        2,
                        4,
                        128,
                        0f,
                        32,
                        Norm.POST,
                        PositionKind.SINUSOIDAL,
                        EmbeddingTying.ALL);
        var transformer = new TransformerModel(config);
        Set<List<Long>> seen = new HashSet<>();
        double recentLoss = 0;
        try (Model model = Model.newInstance("reverse")) {
            model.setBlock(transformer);
            var trainingConfig =
                    new DefaultTrainingConfig(new LabelSmoothedCrossEntropy(0f, PAD))
                            .optOptimizer(
                                    Adam.builder()
                                            .optLearningRateTracker(
                                                    CosineTracker.builder()
                                                            .setBaseValue(2e-3f)
                                                            .optFinalValue(1e-5f)
                                                            .setMaxUpdates(STEPS)
                                                            .build())
                                            .optBeta2(0.98f)
                                            .optEpsilon(1e-9f)
                                            .build());
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                trainer.initialize(new Shape(1, 1), new Shape(1, 1));
                for (int step = 0; step < STEPS; step++) {
                    float loss = trainStep(trainer, batch(64, seen));
                    if (step >= STEPS - 10) {
                        recentLoss += loss / 10.0;
                    }
                }
                assertThat(recentLoss).as("mean loss of the last 10 steps").isLessThan(0.02);

                List<long[]> heldOut = new ArrayList<>();
                while (heldOut.size() < 100) {
                    long[] sequence = randomSequence();
                    if (!seen.contains(asList(sequence))) {
                        heldOut.add(sequence);
                    }
                }
                int correct = 0;
                try (NDManager manager = trainer.getManager().newSubManager()) {
                    var ps = new ParameterStore(manager, false);
                    long[][] outputs = greedy(transformer, ps, manager, heldOut);
                    for (int i = 0; i < heldOut.size(); i++) {
                        if (Arrays.equals(outputs[i], reversed(heldOut.get(i)))) {
                            correct++;
                        }
                    }
                }
                assertThat(correct).as("held-out sequences reversed exactly").isEqualTo(100);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameLossCurve() throws Exception {
        assertThat(lossCurve(30)).containsExactly(lossCurve(30));
    }

    /** Losses of the first {@code steps} steps from seed 5 (model, data and order). */
    private float[] lossCurve(int steps) throws Exception {
        Engine.getInstance().setRandomSeed(5);
        Random data = new Random(5);
        var transformer = new TransformerModel(TransformerConfig.tiny(VOCAB).withMaxLength(32));
        float[] losses = new float[steps];
        try (Model model = Model.newInstance("curve")) {
            model.setBlock(transformer);
            var config =
                    new DefaultTrainingConfig(new LabelSmoothedCrossEntropy(0.1f, PAD))
                            .optOptimizer(Adam.builder().build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1), new Shape(1, 1));
                for (int step = 0; step < steps; step++) {
                    random.setSeed(data.nextLong());
                    losses[step] = trainStep(trainer, batch(32, new HashSet<>()));
                }
            }
        }
        return losses;
    }

    private float trainStep(Trainer trainer, long[][][] batch) {
        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDArray source = manager.create(batch[0]);
            NDArray targetIn = manager.create(batch[1]);
            NDArray targetOut = manager.create(batch[2]);
            float value;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList logits = trainer.forward(new NDList(source, targetIn));
                NDArray loss = trainer.getLoss().evaluate(new NDList(targetOut), logits);
                collector.backward(loss);
                value = loss.getFloat();
            }
            trainer.step();
            return value;
        }
    }

    /** Source, decoder input (BOS + reversed) and decoder output (reversed + EOS), padded. */
    private long[][][] batch(int size, Set<List<Long>> seen) {
        long[][] source = new long[size][MAX_LENGTH];
        long[][] targetIn = new long[size][MAX_LENGTH + 1];
        long[][] targetOut = new long[size][MAX_LENGTH + 1];
        for (int b = 0; b < size; b++) {
            long[] sequence = randomSequence();
            seen.add(asList(sequence));
            long[] reversed = reversed(sequence);
            System.arraycopy(sequence, 0, source[b], 0, sequence.length);
            targetIn[b][0] = BOS;
            System.arraycopy(reversed, 0, targetIn[b], 1, reversed.length);
            System.arraycopy(reversed, 0, targetOut[b], 0, reversed.length);
            targetOut[b][reversed.length] = EOS;
        }
        return new long[][][] {source, targetIn, targetOut};
    }

    private long[] randomSequence() {
        long[] sequence = new long[2 + random.nextInt(MAX_LENGTH - 1)];
        for (int i = 0; i < sequence.length; i++) {
            sequence[i] = FIRST_SYMBOL + random.nextInt(VOCAB - FIRST_SYMBOL);
        }
        return sequence;
    }

    private static long[] reversed(long[] sequence) {
        long[] out = new long[sequence.length];
        for (int i = 0; i < sequence.length; i++) {
            out[i] = sequence[sequence.length - 1 - i];
        }
        return out;
    }

    private static List<Long> asList(long[] sequence) {
        return Arrays.stream(sequence).boxed().toList();
    }

    /**
     * Greedy decoding by re-running the decoder over the prefix (the test needs no cache): encode
     * once, then append the most probable token until every row has produced EOS.
     */
    private static long[][] greedy(
            TransformerModel model, ParameterStore ps, NDManager manager, List<long[]> sources) {
        long[][] source = new long[sources.size()][MAX_LENGTH];
        for (int i = 0; i < source.length; i++) {
            System.arraycopy(sources.get(i), 0, source[i], 0, sources.get(i).length);
        }
        EncoderOutput encoded = model.encode(ps, manager.create(source), false);
        NDArray prefix =
                manager.full(new Shape(source.length, 1), BOS, ai.djl.ndarray.types.DataType.INT64);
        for (int step = 0; step <= MAX_LENGTH; step++) {
            NDArray logits = model.decode(ps, encoded, prefix, false);
            NDArray next = logits.get(new NDIndex(":, -1")).argMax(-1).expandDims(1);
            prefix = prefix.concat(next, 1);
        }
        long[][] out = new long[source.length][];
        long[] flat = prefix.toLongArray();
        int width = (int) prefix.getShape().get(1);
        for (int i = 0; i < out.length; i++) {
            int end = 1;
            while (end < width && flat[i * width + end] != EOS) {
                end++;
            }
            out[i] = Arrays.copyOfRange(flat, i * width + 1, i * width + end);
        }
        return out;
    }
}
