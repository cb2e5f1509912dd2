package dev.tolk.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalarsTest {

    @Test
    void gradientThroughAScalarProductSurvivesGarbageCollection() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1, 2, 3});
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = Scalars.times(x, 3f).sum();
                churnDirectMemory(); // frees unreachable direct buffers and reuses their memory
                collector.backward(y);
            }
            assertThat(x.getGradient().toFloatArray()).containsExactly(3f, 3f, 3f);
        }
    }

    private static void churnDirectMemory() {
        List<ByteBuffer> garbage = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(64);
                while (buffer.hasRemaining()) {
                    buffer.put((byte) 0x7f);
                }
                garbage.add(buffer);
            }
        }
        assertThat(garbage).hasSize(192);
    }
}
