package dev.tolk.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * Position vectors for positions {@code offset .. offset+L-1} (paper section 3.5): the fixed
 * sinusoids {@code PE(pos, 2i) = sin(pos / 10000^(2i/D))}, {@code PE(pos, 2i+1) = cos(...)}, or a
 * learned table. Either way at most {@code maxLength} positions exist; asking for more is an {@link
 * InputTooLongException}.
 *
 * <p>Input: (B, L, D) embeddings; output: the same with positions added. The sinusoid table is
 * computed once at initialization (not a parameter, so never saved).
 */
public final class PositionalEncoding extends AbstractBlock {

    private static final byte VERSION = 1;

    private final PositionKind kind;
    private final int maxLength;
    private final int modelDim;
    private final Parameter learned;
    private NDArray sinusoids;

    PositionalEncoding(PositionKind kind, int maxLength, int modelDim) {
        super(VERSION);
        this.kind = kind;
        this.maxLength = maxLength;
        this.modelDim = modelDim;
        if (kind == PositionKind.LEARNED) {
            learned =
                    addParameter(
                            Parameter.builder()
                                    .setName("positions")
                                    .setType(Parameter.Type.WEIGHT)
                                    .optShape(new Shape(maxLength, modelDim))
                                    .optInitializer(
                                            new NormalInitializer((float) Math.pow(modelDim, -0.5)))
                                    .build());
        } else {
            learned = null;
        }
    }

    /** The (maxLength, D) sinusoid table, as plain floats (row-major). */
    static float[] sinusoidTable(int maxLength, int modelDim) {
        float[] table = new float[maxLength * modelDim];
        for (int pos = 0; pos < maxLength; pos++) {
            for (int i = 0; i < modelDim; i += 2) {
                double angle = pos / Math.pow(10000.0, (double) i / modelDim);
                table[pos * modelDim + i] = (float) Math.sin(angle);
                table[pos * modelDim + i + 1] = (float) Math.cos(angle);
            }
        }
        return table;
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initialize(manager, dataType, inputShapes);
        createTable(manager, dataType);
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is)
            throws IOException, MalformedModelException {
        super.loadParameters(manager, is);
        createTable(manager, DataType.FLOAT32);
    }

    private void createTable(NDManager manager, DataType dataType) {
        if (kind == PositionKind.SINUSOIDAL && sinusoids == null) {
            sinusoids =
                    manager.create(
                                    sinusoidTable(maxLength, modelDim),
                                    new Shape(maxLength, modelDim))
                            .toType(dataType, false);
        }
    }

    /**
     * Adds the vectors of positions {@code offset ..} to {@code embeddings} (B, L, D).
     *
     * @throws InputTooLongException when {@code offset + L > maxLength}
     */
    public NDArray add(
            ParameterStore parameterStore, NDArray embeddings, long offset, boolean training) {
        long length = embeddings.getShape().get(1);
        if (offset + length > maxLength) {
            throw new InputTooLongException(offset + length, maxLength);
        }
        NDArray table =
                kind == PositionKind.LEARNED
                        ? parameterStore.getValue(learned, embeddings.getDevice(), training)
                        : sinusoids;
        // (maxLength, D) -> (L, D), broadcast over B. The slice would belong to the table's
        // manager and pile up there; it belongs to the batch instead.
        NDArray slice = table.get(new NDIndex("{}:{}", offset, offset + length));
        slice.attach(embeddings.getManager());
        return embeddings.add(slice);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(add(parameterStore, inputs.singletonOrThrow(), 0, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
