package dev.tolk.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/** A model with random weights, its manager and parameter store, for tests. */
public final class ModelHarness implements AutoCloseable {

    public final NDManager manager;
    public final TransformerModel model;
    public final ParameterStore ps;

    public ModelHarness(TransformerConfig config, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        manager = NDManager.newBaseManager();
        model = new TransformerModel(config);
        model.initialize(manager);
        ps = new ParameterStore(manager, false);
    }

    public NDArray ids(long[][] rows) {
        return manager.create(rows);
    }

    /** Teacher-forced logits (B, T, V) in inference mode. */
    public NDArray logits(long[][] source, long[][] target) {
        return model.forward(ps, new NDList(ids(source), ids(target)), false).head();
    }

    /** A (rows, length) array of ids drawn from [low, vocabSize). */
    public static long[][] randomIds(
            java.util.Random random, int rows, int length, int low, int vocabSize) {
        long[][] ids = new long[rows][length];
        for (long[] row : ids) {
            for (int i = 0; i < length; i++) {
                row[i] = low + random.nextInt(vocabSize - low);
            }
        }
        return ids;
    }

    @Override
    public void close() {
        manager.close();
    }
}
