package dev.tolk.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * Frees a computation's intermediate arrays as soon as it returns, rather than when the batch's
 * manager closes.
 *
 * <p>DJL keeps every array an op returns until its manager closes, so a training step would hold
 * every intermediate of the forward pass at once; Python's PyTorch frees each as soon as nothing
 * refers to it. Closing a DJL array only drops the Java side's reference to the PyTorch tensor: the
 * tensors autograd saved for the backward pass stay alive through the graph's own references, and
 * everything else is freed at once, so memory is reused while it is still in the allocator's cache
 * (fewer page faults, a lower peak).
 *
 * <p>Arrays that wrap Java memory must not be created inside a scope when autograd saves them (see
 * {@link Scalars}).
 */
public final class Scopes {

    private Scopes() {}

    /** Runs {@code body}; every array it creates except the result is closed on return. */
    public static NDArray keepResult(Supplier<NDArray> body) {
        try (NDScope scope = new NDScope()) {
            NDArray result = body.get();
            NDScope.unregister(result);
            return result;
        }
    }
}
