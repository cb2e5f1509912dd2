package dev.tolk.model;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic with constants that is safe under autograd.
 *
 * <p>DJL 0.35's PyTorch engine implements {@code NDArray.mul(Number)} (and add, sub, div) with a
 * scalar tensor over a Java direct buffer that it closes right after the op; autograd keeps that
 * tensor for the backward pass, and once the garbage collector frees the buffer, backward reads
 * freed memory: rare, random NaN or wrong gradients. Here the scalar is copied into memory that
 * PyTorch owns, so autograd's reference keeps it valid however soon the Java handle is closed (by
 * the batch's manager or by a {@link Scopes scope}).
 */
public final class Scalars {

    private Scalars() {}

    /** {@code x · factor}. */
    public static NDArray times(NDArray x, float factor) {
        NDArray scalar;
        try (NDArray wrapped = x.getManager().create(factor)) {
            scalar = wrapped.duplicate(); // a PyTorch-owned copy
        }
        return x.mul(scalar);
    }
}
