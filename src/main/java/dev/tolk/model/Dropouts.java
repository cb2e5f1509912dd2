package dev.tolk.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Dropout for training, {@code x · m} with {@code m} 0 at rate {@code p} and {@code 1 / (1 − p)}
 * elsewhere, with the mask drawn on the JVM for arrays in CPU memory.
 *
 * <p>Why: PyTorch's CPU dropout draws its mask with {@code bernoulli_}, about 10 ns an element on
 * this project's machines: a sixth of a training step of the {@code small} preset (the profile of
 * {@code bench train --profile}: 217 ms of 1,300). Here the mask is written straight into an
 * uninitialized PyTorch-owned array (through its direct buffer, no copy), 16 random bits per
 * element from {@link SplittableRandom}, split over the common fork-join pool for large arrays; the
 * product is one op that autograd differentiates as any other (its gradient is {@code m}). The rate
 * is rounded to a multiple of 1/65,536. The random stream is seeded from PyTorch's generator, one
 * draw per call, so {@code Engine.setRandomSeed} governs it as it governs PyTorch's own dropout and
 * a run is repeatable. Arrays on a GPU, or not 32-bit floats, go to PyTorch's dropout, which is
 * fast there.
 */
public final class Dropouts {

    /** Elements per task when the mask is written in parallel. */
    private static final int CHUNK = 1 << 17;

    private Dropouts() {}

    /**
     * {@code x} with dropout at {@code rate} applied (training only: callers skip it otherwise).
     *
     * @param rate probability of zeroing an element, in [0, 1)
     */
    public static NDArray apply(NDArray x, float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate (" + rate + ") must be in [0, 1)");
        }
        if (rate == 0f) {
            return x;
        }
        if (x.getDevice().isGpu() || x.getDataType() != DataType.FLOAT32) {
            return Dropout.dropout(x, rate, true).head();
        }
        return x.mul(mask(x.getManager(), x.getShape(), rate));
    }

    /**
     * A mask of {@code shape}: 0 with probability {@code rate}, {@code 1 / (1 − rate)} otherwise.
     */
    static NDArray mask(NDManager manager, Shape shape, float rate) {
        long seed;
        try (NDArray draw = manager.randomInteger(0, Long.MAX_VALUE, new Shape(), DataType.INT64)) {
            seed = draw.getLong();
        }
        NDArray mask = manager.create(shape, DataType.FLOAT32);
        ByteBuffer bytes = mask.toByteBuffer(true);
        int size = Math.toIntExact(shape.size());
        int threshold = Math.round(rate * 65536f);
        float kept = 1f / (1f - rate);
        int chunks = (size + CHUNK - 1) / CHUNK;
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] streams = new SplittableRandom[chunks];
        for (int c = 0; c < chunks; c++) {
            streams[c] = root.split(); // in order, so the mask does not depend on scheduling
        }
        IntStream range = IntStream.range(0, chunks);
        (chunks > 1 ? range.parallel() : range)
                .forEach(
                        c -> {
                            FloatBuffer out =
                                    bytes.duplicate().order(bytes.order()).asFloatBuffer();
                            fill(
                                    out,
                                    c * CHUNK,
                                    Math.min(size, (c + 1) * CHUNK),
                                    streams[c],
                                    threshold,
                                    kept);
                        });
        return mask;
    }

    private static void fill(
            FloatBuffer out, int from, int to, SplittableRandom random, int threshold, float kept) {
        int i = from;
        for (; i + 4 <= to; i += 4) {
            long bits = random.nextLong();
            out.put(i, (int) (bits & 0xFFFF) < threshold ? 0f : kept);
            out.put(i + 1, (int) ((bits >>> 16) & 0xFFFF) < threshold ? 0f : kept);
            out.put(i + 2, (int) ((bits >>> 32) & 0xFFFF) < threshold ? 0f : kept);
            out.put(i + 3, (int) (bits >>> 48) < threshold ? 0f : kept);
        }
        for (; i < to; i++) {
            out.put(i, random.nextInt(65536) < threshold ? 0f : kept);
        }
    }
}
