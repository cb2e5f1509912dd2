package dev.tolk.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;

/**
 * A block whose first input and output are (B, L, D) and whose children all read D-wide inputs: the
 * layers and sub-layers of the model share this initialization.
 */
abstract class DimPreservingBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    protected final int modelDim;

    DimPreservingBlock(int modelDim) {
        super(VERSION);
        this.modelDim = modelDim;
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape input = new Shape(1, 1, modelDim);
        for (var child : getChildren().values()) {
            child.initialize(manager, dataType, input);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
