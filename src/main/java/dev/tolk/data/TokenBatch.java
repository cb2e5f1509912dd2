package dev.tolk.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One training batch, padded to its own longest sentences: source ids (B, S), decoder input {@code
 * <s> y1 .. yn} (B, T) and decoder output {@code y1 .. yn </s>} (B, T), row-major, padding {@code
 * padId}. The model derives its attention masks from {@code padId} and the loss ignores it, so the
 * padding masks are the positions holding it.
 *
 * @param indices which pairs of the encoded corpus, in row order
 * @param source (B·S) ids
 * @param targetInput (B·T) ids
 * @param targetOutput (B·T) ids
 * @param sourceLength S
 * @param targetLength T
 * @param realTokens source plus target tokens that are not padding
 */
public record TokenBatch(
        int[] indices,
        long[] source,
        long[] targetInput,
        long[] targetOutput,
        int sourceLength,
        int targetLength,
        int realTokens) {

    public int size() {
        return indices.length;
    }

    /** Source plus target positions, padding included: the budget a batch is built against. */
    public int paddedTokens() {
        return size() * (sourceLength + targetLength);
    }

    /** Target tokens the loss is computed on. */
    public int targetTokens(int padId) {
        int count = 0;
        for (long id : targetOutput) {
            if (id != padId) {
                count++;
            }
        }
        return count;
    }

    /** {@code (source, targetInput, targetOutput)} as int64 arrays owned by {@code manager}. */
    public NDList toArrays(NDManager manager) {
        NDArray s = manager.create(source, new Shape(size(), sourceLength));
        NDArray ti = manager.create(targetInput, new Shape(size(), targetLength));
        NDArray to = manager.create(targetOutput, new Shape(size(), targetLength));
        return new NDList(s, ti, to);
    }
}
