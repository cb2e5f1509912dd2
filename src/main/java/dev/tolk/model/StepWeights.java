package dev.tolk.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a decoding step's matrix products, laid out for few rows on a CPU: each decoder
 * linear map's (out, in) weight and each slice of the output projection copied once into a
 * contiguous (in, out) array and used through its (out, in) transposed view, so {@code x · Wᵀ} is a
 * plain row-major product. The attentions' query rows (weights and biases) are multiplied by the
 * attention's {@code 1 / sqrt(d_k)} once here, so steps do not scale their queries. With a few
 * dozen rows, MKL copies (packs) the weight of every product again, and it packs a row-major (in,
 * out) weight faster than DJL's (out, in) one.
 *
 * <p>Made per decoding call from the parameters as they are then (training changes them between
 * calls), shared read-only by the call's batches and streams, and freed with {@link #close}.
 */
public final class StepWeights implements AutoCloseable {

    private final NDManager manager;
    private final Map<Linear, NDArray> weights = new IdentityHashMap<>();
    private final Map<Linear, NDArray> biases = new IdentityHashMap<>();
    private final NDArray[] projectionSlices;

    private StepWeights(NDManager manager, int slices) {
        this.manager = manager;
        this.projectionSlices = new NDArray[slices];
    }

    /**
     * The step layout of {@code model}'s decoder weights in a sub-manager of {@code parent}, or
     * null where it does not pay: on a GPU (its matrix products read either layout as they are).
     */
    public static StepWeights of(TransformerModel model, ParameterStore ps, NDManager parent) {
        if (parent.getDevice().isGpu()) {
            return null;
        }
        List<Linear> linears = model.decoderStepLinears();
        Map<Linear, Long> queryRows = new IdentityHashMap<>();
        model.decoderStepQueryRows().forEach(e -> queryRows.put(e.getKey(), e.getValue()));
        float scale = model.decoderAttentionScale();
        NDArray projection = model.outputWeight(ps, parent.getDevice(), false);
        long[] bounds = TransformerModel.projectionSlices(projection.getShape().get(0));
        StepWeights step = new StepWeights(parent.newSubManager(), bounds.length - 1);
        try {
            for (Linear linear : linears) {
                NDArray weight =
                        ps.getValue(
                                linear.getParameters().get("weight"), parent.getDevice(), false);
                Long rows = queryRows.get(linear);
                if (rows == null) {
                    step.weights.put(linear, step.transposedView(weight));
                    continue;
                }
                // The attention's 1/sqrt(d_k) folded into the query rows: a multiplication less
                // in each attention of each step.
                NDArray bias =
                        ps.getValue(linear.getParameters().get("bias"), parent.getDevice(), false);
                try (NDArray scaled = scaleRows(weight, rows, scale)) {
                    step.weights.put(linear, step.transposedView(scaled));
                }
                NDArray scaledBias = scaleRows(bias, rows, scale);
                NDScope.unregister(scaledBias);
                scaledBias.attach(step.manager);
                step.biases.put(linear, scaledBias);
            }
            for (int i = 0; i < bounds.length - 1; i++) {
                NDIndex rows = new NDIndex("{}:{}", bounds[i], bounds[i + 1]);
                try (NDArray slice = projection.get(rows)) {
                    step.projectionSlices[i] = step.transposedView(slice);
                }
            }
        } catch (RuntimeException e) {
            step.close();
            throw e;
        }
        return step;
    }

    /** (out, in) view of a contiguous (in, out) copy of {@code weight}, in this manager. */
    private NDArray transposedView(NDArray weight) {
        try (NDArray view = weight.transpose();
                NDArray flat = view.flatten();
                NDArray copy = flat.reshape(view.getShape())) {
            NDArray result = copy.transpose();
            NDScope.unregister(result);
            result.attach(manager);
            return result;
        }
    }

    /** {@code x} with its first {@code rows} rows (along axis 0) multiplied by {@code scale}. */
    private static NDArray scaleRows(NDArray x, long rows, float scale) {
        try (NDArray head = x.get(new NDIndex(":{}", rows));
                NDArray scaledHead = head.mul(scale);
                NDArray tail = x.get(new NDIndex("{}:", rows))) {
            return scaledHead.concat(tail, 0);
        }
    }

    /**
     * The bias of {@code linear} as steps add it, or null: the parameter as it is. The query rows'
     * biases carry the attention's scale, as their weights do.
     */
    NDArray bias(Linear linear) {
        return biases.get(linear);
    }

    /** The step layout of {@code linear}'s weight, or null when it has none. */
    NDArray weight(Linear linear) {
        return weights.get(linear);
    }

    /** The output projection's vocabulary slices ({@link TransformerModel#projectionSlices}). */
    NDArray[] projectionSlices() {
        return projectionSlices;
    }

    @Override
    public void close() {
        manager.close();
    }
}
