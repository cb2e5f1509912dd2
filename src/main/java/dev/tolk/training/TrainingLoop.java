package dev.tolk.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import dev.tolk.data.TokenBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mechanics of one update and of the held-out loss, on DJL's {@link Trainer} (forward pass,
 * gradient collector) with our own optimizer step. Every batch's arrays live in a sub-manager
 * closed at the end of the step, also when it fails.
 */
public final class TrainingLoop {

    /** What one update did. */
    public record StepResult(
            double lossSum, long targetTokens, float learningRate, float gradNorm) {}

    private final Trainer trainer;
    private final CheckpointableAdam optimizer;
    private final LabelSmoothedCrossEntropy loss;
    private final LabelSmoothedCrossEntropy heldOutLoss;
    private final float clipNorm;
    private final long seed;
    private final int padId;
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
        this.loss = new LabelSmoothedCrossEntropy(labelSmoothing, padId);
        this.heldOutLoss = new LabelSmoothedCrossEntropy(0f, padId);
        this.clipNorm = clipNorm;
        this.seed = seed;
        this.padId = padId;
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
            for (TokenBatch batch : batches) {
                NDList arrays = batch.toArrays(scratch);
                int batchTokens = batch.targetTokens(padId);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList logits = trainer.forward(new NDList(arrays.get(0), arrays.get(1)));
                    NDArray value = loss.evaluate(new NDList(arrays.get(2)), logits);
                    collector.backward(value);
                    lossSum += value.getFloat() * (double) batchTokens;
                }
                tokens += batchTokens;
            }
            // per-batch mean losses: the update uses their mean
            float rescale = 1f / batches.size();
            float norm = Float.NaN;
            if (clipNorm > 0) {
                norm = GradientClipping.globalNorm(weights.values(), scratch) * rescale;
                rescale *= GradientClipping.factor(norm, clipNorm);
            }
            float lr = optimizer.update(weights, rescale);
            return new StepResult(lossSum, tokens, lr, norm);
        }
    }

    /** Mean cross-entropy (no smoothing) per target token over {@code batches}. */
    public double heldOutLoss(List<TokenBatch> batches) {
        double sum = 0;
        long tokens = 0;
        for (TokenBatch batch : batches) {
            try (NDManager scratch = trainer.getManager().newSubManager()) {
                NDList arrays = batch.toArrays(scratch);
                NDList logits = trainer.evaluate(new NDList(arrays.get(0), arrays.get(1)));
                int batchTokens = batch.targetTokens(padId);
                sum +=
                        heldOutLoss.evaluate(new NDList(arrays.get(2)), logits).getFloat()
                                * (double) batchTokens;
                tokens += batchTokens;
            }
        }
        return tokens == 0 ? Double.NaN : sum / tokens;
    }

    /** The trainable weights by parameter name. */
    public Map<String, NDArray> weights() {
        return weights;
    }
}
