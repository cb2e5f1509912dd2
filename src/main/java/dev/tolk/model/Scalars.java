package dev.tolk.model;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic with constants that is safe under autograd.
 *
 * <p>DJL 0.35's PyTorch engine implements {@code NDArray.mul(Number)} (and add, sub, div) with a
 * scalar tensor over a Java direct buffer that it closes right after the op; autograd keeps that
 * tensor for the backward pass, and once the garbage collector frees the buffer, backward reads
 * freed memory: rare, random NaN or wrong gradients. Here the scalar belongs to the operand's
 * manager and lives as long as the batch.
 */
public final class Scalars {

    private Scalars() {}

    /** {@code x · factor}; the scalar is owned by {@code x}'s manager. */
    public static NDArray times(NDArray x, float factor) {
        return x.mul(x.getManager().create(factor));
    }
}
