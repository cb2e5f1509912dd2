package dev.tolk.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import dev.tolk.data.TokenBatch;
import dev.tolk.model.EncoderOutput;
import dev.tolk.model.TransformerModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mechanics of one update and of the held-out loss, on DJL's {@link Trainer} (forward pass,
 * gradient collector) with our own optimizer step. Every batch's arrays live in a sub-manager
 * closed at the end of the step, also when it fails.
 */
public final class TrainingLoop {

    /**
     * What one update did, and where its time went: forward pass and loss, backward pass, and
     * clipping plus the optimizer.
     */
    public record StepResult(
            double lossSum,
            long targetTokens,
            float learningRate,
            float gradNorm,
            long forwardNanos,
            long backwardNanos,
            long updateNanos) {}

    private final Trainer trainer;
    private final CheckpointableAdam optimizer;
    private final TransformerModel model;
    private final ParameterStore parameters;
    private final ChunkedSmoothedLoss loss;
    private final ChunkedSmoothedLoss heldOutLoss;
    private final float clipNorm;
    private final long seed;
    private final Map<String, NDArray> weights = new LinkedHashMap<>();

    public TrainingLoop(
            Trainer trainer,
            CheckpointableAdam optimizer,
            float labelSmoothing,
            float clipNorm,
            long seed,
            int padId) {
        this.trainer = trainer;
        this.optimizer = optimizer;
        this.model = (TransformerModel) trainer.getModel().getBlock();
        this.parameters = new ParameterStore(trainer.getManager(), false);
        this.loss =
                new ChunkedSmoothedLoss(
                        labelSmoothing, padId, ChunkedSmoothedLoss.DEFAULT_CHUNK_ELEMENTS);
        this.heldOutLoss =
                new ChunkedSmoothedLoss(0f, padId, ChunkedSmoothedLoss.DEFAULT_CHUNK_ELEMENTS);
        this.clipNorm = clipNorm;
        this.seed = seed;
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                weights.put(p.getKey(), p.getValue().getArray());
            }
        }
    }

    /**
     * One update from {@code batches} (more than one accumulates gradients): forward, backward,
     * optional global-norm clipping, Adam.
     */
    public StepResult step(List<TokenBatch> batches) {
        // Dropout's randomness is a function of the update, so a resumed run repeats it exactly.
        Engine.getInstance().setRandomSeed((int) (seed * 1_000_003L + optimizer.step() + 1));
        try (NDManager scratch = trainer.getManager().newSubManager()) {
            double lossSum = 0;
            long tokens = 0;
            long forwardNanos = 0;
            long backwardNanos = 0;
            for (TokenBatch batch : batches) {
                long start = System.nanoTime();
                NDList arrays = batch.toArrays(scratch);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    ChunkedSmoothedLoss.Result result = forward(arrays, loss, true);
                    lossSum += result.lossSum();
                    long forwardDone = System.nanoTime();
                    forwardNanos += forwardDone - start;
                    // per-batch mean loss: its gradient, scaled below for accumulation
                    collector.backward(result.surrogate());
                    backwardNanos += System.nanoTime() - forwardDone;
                    tokens += result.realTokens();
                }
            }
            long updateStart = System.nanoTime();
            // per-batch mean losses: the update uses their mean
            float rescale = 1f / batches.size();
            float norm = Float.NaN;
            if (clipNorm > 0) {
                norm = GradientClipping.globalNorm(weights.values(), scratch) * rescale;
                rescale *= GradientClipping.factor(norm, clipNorm);
            }
            float lr = optimizer.update(weights, rescale);
            return new StepResult(
                    lossSum,
                    tokens,
                    lr,
                    norm,
                    forwardNanos,
                    backwardNanos,
                    System.nanoTime() - updateStart);
        }
    }

    /** Mean cross-entropy (no smoothing) per target token over {@code batches}. */
    public double heldOutLoss(List<TokenBatch> batches) {
        double sum = 0;
        long tokens = 0;
        for (TokenBatch batch : batches) {
            try (NDManager scratch = trainer.getManager().newSubManager()) {
                ChunkedSmoothedLoss.Result result =
                        forward(batch.toArrays(scratch), heldOutLoss, false);
                sum += result.lossSum();
                tokens += result.realTokens();
            }
        }
        return tokens == 0 ? Double.NaN : sum / tokens;
    }

    /** Teacher-forced pass over (source, target input, labels) and the loss. */
    private ChunkedSmoothedLoss.Result forward(
            NDList arrays, ChunkedSmoothedLoss lossFunction, boolean training) {
        NDArray source = arrays.get(0);
        EncoderOutput encoded = model.encode(parameters, source, training);
        NDArray hidden = model.decodeHidden(parameters, encoded, arrays.get(1), training);
        NDArray weight = model.outputWeight(parameters, source.getDevice(), training);
        return lossFunction.evaluate(hidden, weight, arrays.get(2), training);
    }

    /** The trainable weights by parameter name. */
    public Map<String, NDArray> weights() {
        return weights;
    }
}
