package dev.tolk.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MultiHeadAttentionTest {

    private static final int D = 12;
    private static final int H = 3;
    private static final int K = D / H;

    private final NDManager manager = NDManager.newBaseManager();
    private final ParameterStore ps = new ParameterStore(manager, false);

    @AfterEach
    void close() {
        manager.close();
    }

    private MultiHeadAttention attention(MultiHeadAttention.Kind kind) {
        Engine.getInstance().setRandomSeed(7);
        var attention = new MultiHeadAttention(kind, D, H, 0f);
        attention.initialize(manager, DataType.FLOAT32, new Shape(2, 5, D));
        return attention;
    }

    /** The rows of a projection weight that produce head {@code head} of projection {@code n}. */
    private static NDIndex rowsOf(int projection, int head) {
        int first = projection * D + head * K;
        return new NDIndex("{}:{}", first, first + K);
    }

    private static NDArray weight(MultiHeadAttention attention, String child) {
        return attention.getParameters().stream()
                .filter(p -> p.getKey().endsWith(child + "_weight"))
                .findFirst()
                .orElseThrow()
                .getValue()
                .getArray();
    }

    @Test
    void selfAttentionHeadsNeverMix() {
        var attention = attention(MultiHeadAttention.Kind.SELF);
        NDArray x = manager.randomNormal(new Shape(2, 5, D));
        NDArray before = attention.attendHeads(ps, x, null, null, false).output().duplicate();

        // Change head 1's keys and values only: rows of the K (1) and V (2) projections.
        NDArray qkv = weight(attention, "queryKeyValue");
        qkv.set(rowsOf(1, 1), qkv.get(rowsOf(1, 1)).mul(-3f));
        qkv.set(rowsOf(2, 1), qkv.get(rowsOf(2, 1)).add(1f));
        NDArray after = attention.attendHeads(ps, x, null, null, false).output();

        assertHeads(before, after);
    }

    @Test
    void crossAttentionHeadsNeverMix() {
        var attention = attention(MultiHeadAttention.Kind.CROSS);
        NDArray x = manager.randomNormal(new Shape(2, 5, D));
        NDArray memory = manager.randomNormal(new Shape(2, 7, D));
        NDArray before = attention.attendHeads(ps, x, memory, null, false).output().duplicate();

        NDArray keyValue = weight(attention, "keyValue");
        keyValue.set(rowsOf(0, 1), keyValue.get(rowsOf(0, 1)).mul(-3f));
        keyValue.set(rowsOf(1, 1), keyValue.get(rowsOf(1, 1)).add(1f));
        NDArray after = attention.attendHeads(ps, x, memory, null, false).output();

        assertHeads(before, after);
    }

    /** Heads 0 and 2 are untouched by a change to head 1's keys and values; head 1 changes. */
    private static void assertHeads(NDArray before, NDArray after) {
        for (int head : new int[] {0, 2}) {
            NDIndex index = new NDIndex(":, {}", head);
            assertThat(after.get(index).toFloatArray())
                    .as("head %d", head)
                    .containsExactly(before.get(index).toFloatArray());
        }
        NDIndex changed = new NDIndex(":, 1");
        assertThat(after.get(changed).sub(before.get(changed)).abs().max().getFloat())
                .isGreaterThan(1e-3f);
    }

    @Test
    void maskedPositionsAreIgnored() {
        var attention = attention(MultiHeadAttention.Kind.CROSS);
        NDArray x = manager.randomNormal(new Shape(1, 3, D));
        NDArray memory = manager.randomNormal(new Shape(1, 4, D));
        NDArray mask =
                manager.create(new float[] {0, 0, ScaledDotProductAttention.MASKED, 0})
                        .reshape(1, 1, 1, 4);

        var result = attention.attendHeads(ps, x, memory, mask, false);

        assertThat(result.weights().get(new NDIndex(":, :, :, 2")).abs().max().getFloat()).isZero();
    }
}
