package dev.tolk.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Position-wise feed-forward network (paper section 3.3): {@code W2·dropout(ReLU(W1·x + b1)) + b2},
 * applied to each position alone. Input and output (B, L, D); inner width F.
 */
public final class FeedForward extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int modelDim;
    private final int ffnDim;
    private final float dropout;
    private final Linear inner;
    private final Linear outer;

    FeedForward(int modelDim, int ffnDim, float dropout) {
        super(VERSION);
        this.modelDim = modelDim;
        this.ffnDim = ffnDim;
        this.dropout = dropout;
        inner = addChildBlock("inner", Linear.builder().setUnits(ffnDim).build());
        outer = addChildBlock("outer", Linear.builder().setUnits(modelDim).build());
    }

    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray hidden = Activation.relu(inner.forward(ps, new NDList(x), training).head());
        if (training && dropout > 0f) {
            hidden = Dropouts.apply(hidden, dropout);
        }
        return outer.forward(ps, new NDList(hidden), training).head();
    }

    /** One decoding step's pass, with the call's step layout of the weights if any. */
    NDArray step(ParameterStore ps, NDArray x, DecoderState state) {
        return state.linear(ps, outer, Activation.relu(state.linear(ps, inner, x)));
    }

    /** The linear maps, for {@link StepWeights}. */
    List<Linear> stepLinears() {
        return List.of(inner, outer);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        inner.initialize(manager, dataType, new Shape(1, 1, modelDim));
        outer.initialize(manager, dataType, new Shape(1, 1, ffnDim));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
