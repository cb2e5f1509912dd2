package dev.tolk.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import dev.tolk.model.Scalars;
import dev.tolk.model.Scopes;
import java.util.ArrayList;
import java.util.List;

/**
 * The output projection and the label-smoothed cross-entropy of {@link LabelSmoothedCrossEntropy},
 * with the gradient written down rather than left to autograd, a chunk of positions at a time.
 *
 * <p>Why: the (B·T, V) logits are the largest arrays of a training step (4,096 tokens × 8,000 words
 * = 128 MiB each), and autograd makes five or six of them (logits, log-probabilities, the gradients
 * of the gather, of the mean, their sum, the softmax's), each a fresh allocation whose pages the
 * kernel must fault in. Written as {@code loss_r = logsumexp(z_r) − (1−ε)·z_r[y_r] − ε·mean_v(z_r)}
 * with {@code z = h·Wᵀ}, only the first term needs (rows, V) arrays: its gradient with respect to
 * the logits is {@code softmax(z_r)}, computed here a chunk of rows at a time and pushed through
 * the projection by hand ({@code G_h = P·W}, {@code G_W = Pᵀ·h}), so the arrays are a few MiB that
 * the allocator reuses. The other two terms are linear in the logits and need no (rows, V) array at
 * all: {@code z_r[y_r] = h_r·W[y_r]} (an embedding lookup) and {@code mean_v(z_r) =
 * h_r·mean_v(W_v)}, so autograd differentiates them cheaply. The FLOPs of the projection are
 * autograd's (one matrix product forward, two backward).
 *
 * <p>{@link #evaluate} returns the loss and a scalar "surrogate" whose gradient is the loss's:
 * {@code Σ h·G_h + Σ W·G_W + Σ_r s_r·h_r·(−(1−ε)·W[y_r] − ε·mean_v(W_v))}, with {@code s_r} = 1 /
 * count for real rows and 0 for padding. Its backward pass puts these gradients into the decoder's
 * and the weight's graphs, and the rest of the model is differentiated by autograd as usual.
 */
public final class ChunkedSmoothedLoss {

    /** Default chunk size, in logits: 4M floats = 16 MiB per array. */
    public static final long DEFAULT_CHUNK_ELEMENTS = 4L << 20;

    private final float smoothing;
    private final int padId;
    private final long chunkElements;

    /**
     * @param smoothing ε in [0, 1)
     * @param padId label id whose positions are ignored
     * @param chunkElements logits per chunk (rows × V); at least one row per chunk
     */
    public ChunkedSmoothedLoss(float smoothing, int padId, long chunkElements) {
        if (!(smoothing >= 0f && smoothing < 1f)) {
            throw new IllegalArgumentException(
                    "labelSmoothing (" + smoothing + ") must be at least 0 and below 1");
        }
        this.smoothing = smoothing;
        this.padId = padId;
        this.chunkElements = chunkElements;
    }

    /**
     * The summed loss over real tokens and, when asked, the surrogate to call backward on.
     *
     * @param lossSum Σ over real target tokens of the per-token loss (host value)
     * @param realTokens number of non-padding labels
     * @param surrogate scalar whose gradient is the gradient of the mean loss per real token, or
     *     null when no gradient was asked for
     */
    public record Result(double lossSum, long realTokens, NDArray surrogate) {}

    /**
     * @param hidden decoder output (B, T, D), part of autograd's graph when training
     * @param weight output projection (V, D), part of autograd's graph when training
     * @param labels (B, T) int64 target ids, padding {@code padId}
     * @param withGradient whether to build the surrogate
     */
    public Result evaluate(NDArray hidden, NDArray weight, NDArray labels, boolean withGradient) {
        Pass pass;
        try (NDScope scope = new NDScope()) {
            // 1. Rows (B·T, D), their labels and each real row's weight in the mean.
            pass = new Pass(hidden, weight, labels, withGradient);
            // 2. Loss and logsumexp gradient, a chunk of rows at a time.
            for (long start = 0; start < pass.rows; start += pass.chunkRows) {
                NDIndex slice =
                        new NDIndex("{}:{}", start, Math.min(pass.rows, start + pass.chunkRows));
                try (NDScope chunkScope = new NDScope()) {
                    pass.addChunk(slice);
                }
            }
            // 3. The chunks' sums and gradient rows joined; kept past the scope.
            pass.finish();
        }
        double lossSum = hostValue(pass.lossArray);
        if (!withGradient) {
            return new Result(lossSum, pass.realTokens, null);
        }
        // 4. The surrogate: the hand-made gradients plus the linear terms through autograd.
        NDArray surrogate = Scopes.keepResult(pass::surrogate);
        return new Result(lossSum, pass.realTokens, surrogate);
    }

    /**
     * One call of {@link #evaluate}: its arrays and what the chunks add up. Arrays made in the
     * constructor belong to the caller's scope; {@code lossArray}, {@code gradHidden}, {@code
     * gradWeight} and {@code rowScaleShaped} are unregistered from it and outlive it.
     */
    private final class Pass {
        private final NDArray hidden;
        private final NDArray weight;
        private final NDArray labels;
        private final boolean withGradient;
        final long rows;
        final long chunkRows;
        private final NDArray h;
        private final NDArray w;
        private final NDArray y;
        private final NDArray real;
        final long realTokens;
        private final NDArray rowScale;
        private final NDList lossParts = new NDList();
        private final List<NDArray> gradRows = new ArrayList<>();
        private NDArray gradWeight;
        NDArray lossArray;
        private NDArray gradHidden;
        private NDArray rowScaleShaped;

        Pass(NDArray hidden, NDArray weight, NDArray labels, boolean withGradient) {
            this.hidden = hidden;
            this.weight = weight;
            this.labels = labels;
            this.withGradient = withGradient;
            long d = hidden.getShape().get(2);
            long vocab = weight.getShape().get(0);
            rows = hidden.getShape().get(0) * hidden.getShape().get(1);
            chunkRows = Math.max(1, chunkElements / vocab);
            h = hidden.stopGradient().reshape(rows, d);
            w = weight.stopGradient();
            y = labels.reshape(rows);
            real = y.neq(padId).toType(DataType.FLOAT32, false);
            realTokens = Math.round(real.sum().getFloat());
            // Gradient of the mean over real tokens: each real row weighs 1 / count.
            rowScale = Scalars.times(real, realTokens == 0 ? 0f : 1f / realTokens);
            if (withGradient) {
                gradWeight = w.zerosLike();
                // it would belong to the weight's (the model's) manager and outlive the batch
                gradWeight.attach(hidden.getManager());
            }
        }

        /** Step 2 for the rows {@code slice}, inside a scope of its own. */
        void addChunk(NDIndex slice) {
            NDArray hc = h.get(slice);
            NDArray yc = y.get(slice);
            NDArray index = yc.expandDims(-1);
            NDArray logits = hc.matMul(w.transpose());
            NDArray probabilities = logits.softmax(-1);
            // per-token loss, from the logits z and p = softmax(z):
            // -(1-ε)·log p(y) - ε·mean_v log p(v) = -log p(y) + ε·(z_y - mean_v z_v)
            // (log p(y) floored at the smallest normal float: a loss of 87 nats or more
            // is reported as 87; the gradient is exact)
            NDArray logPicked =
                    probabilities.gather(index, -1).squeeze(-1).maximum(Float.MIN_NORMAL).log();
            NDArray tokenLoss = logPicked.neg();
            if (smoothing > 0f) {
                NDArray pickedLogit = logits.gather(index, -1).squeeze(-1);
                tokenLoss =
                        tokenLoss.add(
                                Scalars.times(
                                        pickedLogit.sub(logits.mean(new int[] {-1})), smoothing));
            }
            logits.close();
            NDArray part = tokenLoss.mul(real.get(slice)).sum();
            lossParts.add(part);
            NDScope.unregister(part);
            if (withGradient) {
                // the logsumexp term: dL/dz = softmax(z) · rowScale
                NDArray grad = probabilities.muli(rowScale.get(slice).expandDims(-1));
                NDArray gradRowsChunk = grad.matMul(w);
                gradRows.add(gradRowsChunk);
                NDScope.unregister(gradRowsChunk);
                gradWeight.addi(grad.transpose().matMul(hc));
            }
        }

        /** Step 3, still inside the caller's scope. */
        void finish() {
            lossArray = NDArrays.stack(lossParts).sum();
            NDScope.unregister(lossArray);
            lossParts.close();
            if (withGradient) {
                rowScaleShaped = rowScale.reshape(labels.getShape()).expandDims(-1);
                NDScope.unregister(rowScaleShaped);
                NDList chunks = new NDList(gradRows.toArray(new NDArray[0]));
                gradHidden = NDArrays.concat(chunks).reshape(hidden.getShape());
                NDScope.unregister(gradHidden);
                chunks.close();
                NDScope.unregister(gradWeight);
            }
        }

        /** Step 4, inside a scope that keeps only the result. */
        NDArray surrogate() {
            // the linear terms, through autograd: per row
            // h_r · (-(1-ε)·W[y_r] - ε·mean_v(W_v)), weighted by rowScale
            NDArray picked = Embedding.embedding(labels, weight, SparseFormat.DENSE).head();
            NDArray linear = Scalars.times(picked, smoothing - 1f);
            if (smoothing > 0f) {
                linear = linear.sub(Scalars.times(weight.mean(new int[] {0}), smoothing));
            }
            NDArray rowWeights = gradHidden.add(linear.mul(rowScaleShaped));
            return hidden.mul(rowWeights).sum().add(weight.mul(gradWeight).sum());
        }
    }

    private static double hostValue(NDArray sum) {
        try (sum) {
            return sum.getFloat();
        }
    }
}
