package dev.tolk.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import dev.tolk.model.Scalars;
import dev.tolk.model.Scopes;

/**
 * Cross-entropy with label smoothing (paper section 5.4) over real target tokens only: per token
 * {@code (1-ε)·(-log p(y)) + ε·mean_v(-log p(v))}, summed over non-padding tokens and divided by
 * their count. DJL's own losses have no smoothing and divide by the padded length.
 *
 * <p>Predictions: logits (B, T, V). Labels: int64 ids (B, T) with padding {@code padId}.
 */
public final class LabelSmoothedCrossEntropy extends Loss {

    private final float smoothing;
    private final int padId;

    /**
     * @param smoothing ε in [0, 1); 0 is plain cross-entropy
     * @param padId the id whose positions are ignored
     */
    public LabelSmoothedCrossEntropy(float smoothing, int padId) {
        super("LabelSmoothedCrossEntropy");
        if (!(smoothing >= 0f && smoothing < 1f)) {
            throw new IllegalArgumentException(
                    "labelSmoothing (" + smoothing + ") must be at least 0 and below 1");
        }
        this.smoothing = smoothing;
        this.padId = padId;
    }

    /** Returns the mean loss per real target token, a scalar. */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return Scopes.keepResult(() -> meanPerToken(labels.head(), predictions.head()));
    }

    private NDArray meanPerToken(NDArray target, NDArray logits) {
        NDArray logProbs = logits.logSoftmax(-1);
        // (B, T, V) gathered at (B, T, 1) -> (B, T)
        NDArray perToken = logProbs.gather(target.expandDims(-1), -1).squeeze(-1).neg();
        if (smoothing > 0f) {
            NDArray uniform = logProbs.mean(new int[] {-1}).neg();
            perToken =
                    Scalars.times(perToken, 1f - smoothing).add(Scalars.times(uniform, smoothing));
        }
        NDArray real = target.neq(padId).toType(DataType.FLOAT32, false);
        return perToken.mul(real).sum().div(real.sum());
    }
}
