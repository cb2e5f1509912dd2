package dev.tolk.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Collection;

/**
 * Clipping by global norm (Pascanu et al., 2013): when the L2 norm of all gradients together
 * exceeds {@code maxNorm}, every gradient is scaled by {@code maxNorm / norm}. DJL's optimizers
 * only clip each element. The factor is returned rather than applied, so the optimizer folds it
 * into its fused update; computing the norm costs one host sync.
 *
 * <p>Arrays made on the way belong to {@code scratch} (the batch's manager).
 */
public final class GradientClipping {

    private GradientClipping() {}

    /** The L2 norm of all the weights' gradients together. */
    public static float globalNorm(Collection<NDArray> weights, NDManager scratch) {
        NDList squares = new NDList(weights.size());
        for (NDArray weight : weights) {
            NDArray gradient = weight.getGradient();
            gradient.attach(scratch); // so are the results computed from it
            squares.add(gradient.square().sum());
        }
        return NDArrays.stack(squares).sum().sqrt().getFloat();
    }

    /** The factor that brings {@code norm} down to {@code maxNorm}; 1 when within it or off. */
    public static float factor(float norm, float maxNorm) {
        if (maxNorm <= 0 || !(norm > maxNorm)) {
            return 1f;
        }
        return maxNorm / norm;
    }
}
