package dev.tolk.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import java.util.List;

/**
 * The encoder–decoder Transformer (paper figure 1): token embeddings scaled by sqrt(D) plus
 * positions, the encoder, the decoder, and the output projection to vocabulary logits (the softmax
 * is left to the loss and to search, which want log-probabilities).
 *
 * <p>{@link #encode} and {@link #decode} are separate so inference encodes once. The block's own
 * {@code forward} is the teacher-forced pass for training: inputs {@code (sourceIds (B, S),
 * targetInputIds (B, T))}, output {@code logits (B, T, V)}.
 *
 * <p>The block holds parameters only, no per-call state: one instance serves concurrent callers,
 * each with its own arrays. Arrays returned belong to the manager of the ids passed in.
 */
public final class TransformerModel extends AbstractBlock {

    private static final byte VERSION = 1;

    private final TransformerConfig config;
    private final TokenEmbedding sourceEmbedding;
    private final PositionalEncoding sourcePositions;
    private final TransformerEncoder encoder;
    private final TokenEmbedding targetEmbedding;
    private final PositionalEncoding targetPositions;
    private final TransformerDecoder decoder;
    private final Linear outputProjection;
    private final float embeddingScale;

    public TransformerModel(TransformerConfig config) {
        super(VERSION);
        this.config = config;
        int d = config.modelDim();
        embeddingScale = (float) Math.sqrt(d);
        sourceEmbedding =
                addChildBlock("sourceEmbedding", new TokenEmbedding(config.vocabSize(), d));
        sourcePositions = addChildBlock("sourcePositions", positions(config));
        encoder = addChildBlock("encoder", new TransformerEncoder(config));
        targetEmbedding =
                config.tying() == EmbeddingTying.ALL
                        ? sourceEmbedding
                        : addChildBlock(
                                "targetEmbedding", new TokenEmbedding(config.vocabSize(), d));
        targetPositions = addChildBlock("targetPositions", positions(config));
        decoder = addChildBlock("decoder", new TransformerDecoder(config));
        outputProjection =
                config.tying() == EmbeddingTying.NONE
                        ? addChildBlock(
                                "outputProjection",
                                Linear.builder()
                                        .setUnits(config.vocabSize())
                                        .optBias(false)
                                        .build())
                        : null;

        // Glorot-uniform for every matrix (as fairseq and the Annotated Transformer), N(0, D^-1/2)
        // for embedding tables so that embeddings scaled by sqrt(D) have unit variance.
        setInitializer(
                new XavierInitializer(
                        XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f),
                Parameter.Type.WEIGHT);
        NormalInitializer embeddingInit = new NormalInitializer((float) Math.pow(d, -0.5));
        for (AbstractBlock table :
                new AbstractBlock[] {
                    sourceEmbedding, targetEmbedding, sourcePositions, targetPositions
                }) {
            table.setInitializer(embeddingInit, Parameter.Type.WEIGHT);
        }
    }

    private static PositionalEncoding positions(TransformerConfig config) {
        return new PositionalEncoding(config.positions(), config.maxLength(), config.modelDim());
    }

    public TransformerConfig config() {
        return config;
    }

    /** Creates the parameters (random, from the block's initializers) on {@code manager}. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
    }

    /**
     * Runs the encoder once.
     *
     * @param sourceIds (B, S) int64 token ids, padded with {@code padId}
     * @throws InputTooLongException when S exceeds the model's {@code maxLength}
     */
    public EncoderOutput encode(ParameterStore ps, NDArray sourceIds, boolean training) {
        requireIds("sourceIds", sourceIds);
        Shape shape = sourceIds.getShape();
        // (B, S) -> (B, 1, 1, S): broadcast over heads and query positions
        NDArray sourceMask = sourceIds.eq(config.padId()).toType(DataType.FLOAT32, false);
        sourceMask =
                Scalars.times(sourceMask, ScaledDotProductAttention.MASKED)
                        .reshape(shape.get(0), 1, 1, shape.get(1));
        NDArray x = embed(ps, sourceEmbedding, sourcePositions, sourceIds, 0, training);
        return new EncoderOutput(encoder.forward(ps, x, sourceMask, training), sourceMask);
    }

    /**
     * Runs the decoder over whole target prefixes (teacher forcing, or re-decoding a prefix).
     *
     * @param targetIds (B, T) int64 ids starting with the begin token
     * @return logits (B, T, V): position t predicts token t+1 from tokens ≤ t
     */
    public NDArray decode(
            ParameterStore ps, EncoderOutput encoded, NDArray targetIds, boolean training) {
        return project(ps, decodeHidden(ps, encoded, targetIds, training), training);
    }

    /**
     * The decoder's output before the projection to the vocabulary: {@link #decode} is {@code
     * project(decodeHidden(...))}. Training uses it to project and score in chunks.
     *
     * @return hidden states (B, T, D)
     */
    public NDArray decodeHidden(
            ParameterStore ps, EncoderOutput encoded, NDArray targetIds, boolean training) {
        requireIds("targetIds", targetIds);
        NDArray x = embed(ps, targetEmbedding, targetPositions, targetIds, 0, training);
        NDArray causal = causalMask(targetIds.getManager(), targetIds.getShape().get(1));
        return decoder.forward(ps, x, encoded.memory(), causal, encoded.sourceMask(), training);
    }

    /**
     * Starts incremental decoding: encodes the sources once and computes every decoder layer's
     * cross-attention keys and values. The state owns a sub-manager of {@code parent}; close it
     * when the call is done.
     *
     * @param sourceIds (B, S) int64 ids, padded with {@code padId}, row-major
     * @param recordAttention whether each step keeps the last layer's cross-attention weights
     * @throws InputTooLongException when S exceeds the model's {@code maxLength}
     */
    public DecoderState startDecoding(
            ParameterStore ps,
            NDManager parent,
            long[] sourceIds,
            int batch,
            boolean recordAttention) {
        return startDecoding(ps, parent, sourceIds, batch, recordAttention, null);
    }

    /**
     * {@link #startDecoding(ParameterStore, NDManager, long[], int, boolean)} whose steps multiply
     * by {@code stepWeights} (made from this model's current parameters; null: by the parameters as
     * they are). The state does not own them.
     */
    public DecoderState startDecoding(
            ParameterStore ps,
            NDManager parent,
            long[] sourceIds,
            int batch,
            boolean recordAttention,
            StepWeights stepWeights) {
        DecoderState state =
                new DecoderState(
                        parent.newSubManager(), decoder.layerCount(), recordAttention, stepWeights);
        try (NDScope scope = new NDScope()) {
            NDArray ids =
                    state.manager().create(sourceIds, new Shape(batch, sourceIds.length / batch));
            EncoderOutput encoded = encode(ps, ids, false);
            decoder.prepare(ps, encoded.memory(), state);
            state.setSource(encoded.sourceMask(), batch);
            NDScope.unregister(encoded.sourceMask());
            for (int i = 0; i < decoder.layerCount(); i++) {
                NDScope.unregister(state.crossKeys(i), state.crossValues(i));
            }
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
        return state;
    }

    /**
     * One incremental decoding step: feeds each row's last token and returns the log-probabilities
     * of the next one, (rows, V). Arrays made on the way are freed; the result belongs to the
     * state.
     *
     * @param lastTokens one id per row of the state (the begin token at the first step)
     * @throws InputTooLongException when the target would exceed the model's {@code maxLength}
     */
    public NDArray decodeStep(ParameterStore ps, DecoderState state, long[] lastTokens) {
        if (lastTokens.length != state.rows()) {
            throw new IllegalArgumentException(
                    lastTokens.length + " tokens for " + state.rows() + " rows");
        }
        NDArray logProbs =
                Scopes.keepResult(
                        () -> {
                            NDArray ids =
                                    state.manager()
                                            .create(lastTokens, new Shape(lastTokens.length, 1));
                            NDArray x =
                                    embed(
                                            ps,
                                            targetEmbedding,
                                            targetPositions,
                                            ids,
                                            state.length(),
                                            false);
                            NDArray hidden = decoder.step(ps, x, state);
                            // (rows, 1, D) -> (rows, V)
                            return projectInSlices(ps, hidden.squeeze(1), state.stepWeights())
                                    .logSoftmax(-1);
                        });
        state.advance();
        return logProbs;
    }

    /** Vocabulary rows per matrix product of {@link #projectInSlices}. */
    static final long PROJECTION_SLICE = 2048;

    /**
     * The bounds of the vocabulary slices a decoding step projects to one at a time on CPU: {@code
     * [0, b1, ..., vocab]}, even slices of at most about {@link #PROJECTION_SLICE} rows (8,000 -> 4
     * × 2,000), or one slice for small vocabularies.
     */
    static long[] projectionSlices(long vocab) {
        long slices =
                vocab <= 2 * PROJECTION_SLICE
                        ? 1
                        : (vocab + PROJECTION_SLICE - 1) / PROJECTION_SLICE;
        long size = (vocab + slices - 1) / slices;
        long[] bounds = new long[(int) slices + 1];
        for (int i = 1; i <= slices; i++) {
            bounds[i] = Math.min(vocab, i * size);
        }
        return bounds;
    }

    /**
     * {@link #project} for a decoding step's few rows (R, D), one slice of the vocabulary at a time
     * on CPU. With a few dozen rows, MKL multiplies by the whole (D, V) matrix 10–15 % slower than
     * by four (D, 2,000) slices (the 8k vocabulary, 32 and 64 rows, one thread); the slices are row
     * ranges of the (V, D) weight, so views, not copies, or the call's {@link StepWeights}.
     */
    NDArray projectInSlices(ParameterStore ps, NDArray hidden, StepWeights stepWeights) {
        if (stepWeights != null) {
            NDArray[] slices = stepWeights.projectionSlices();
            if (slices.length == 1) {
                return Linear.linear(hidden, slices[0]).head();
            }
            NDList parts = new NDList(slices.length);
            for (NDArray slice : slices) {
                parts.add(Linear.linear(hidden, slice).head());
            }
            return NDArrays.concat(parts, 1);
        }
        NDArray weight = outputWeight(ps, hidden.getDevice(), false);
        long[] bounds = projectionSlices(weight.getShape().get(0));
        if (bounds.length == 2 || hidden.getDevice().isGpu()) {
            return Linear.linear(hidden, weight).head();
        }
        NDList parts = new NDList();
        for (int i = 0; i < bounds.length - 1; i++) {
            NDIndex rows = new NDIndex("{}:{}", bounds[i], bounds[i + 1]);
            parts.add(Linear.linear(hidden, weight.get(rows)).head());
        }
        return NDArrays.concat(parts, 1);
    }

    /** The decoder step's query rows and their scale, for {@link StepWeights}. */
    List<java.util.Map.Entry<Linear, Long>> decoderStepQueryRows() {
        return decoder.stepQueryRows();
    }

    float decoderAttentionScale() {
        return decoder.attentionScale();
    }

    /** The decoder's linear maps a decoding step multiplies by, for {@link StepWeights}. */
    List<Linear> decoderStepLinears() {
        return decoder.stepLinears();
    }

    /** Hidden states (..., D) to vocabulary logits (..., V): {@code hidden · Wᵀ}. */
    public NDArray project(ParameterStore ps, NDArray hidden, boolean training) {
        // (..., D) x (V, D)ᵀ -> (..., V)
        return Linear.linear(hidden, outputWeight(ps, hidden.getDevice(), training)).head();
    }

    /**
     * The (V, D) matrix of the output projection: the target embedding table when tied, the
     * projection's own weight otherwise.
     */
    public NDArray outputWeight(ParameterStore ps, Device device, boolean training) {
        Parameter weight =
                outputProjection != null
                        ? outputProjection.getParameters().get("weight")
                        : targetEmbedding.weight();
        return ps.getValue(weight, device, training);
    }

    private NDArray embed(
            ParameterStore ps,
            TokenEmbedding table,
            PositionalEncoding positions,
            NDArray ids,
            long offset,
            boolean training) {
        return Scopes.keepResult(
                () -> {
                    NDArray x =
                            Scalars.times(
                                    table.forward(ps, new NDList(ids), training).head(),
                                    embeddingScale);
                    x = positions.add(ps, x, offset, training);
                    return training ? Dropouts.apply(x, config.dropout()) : x;
                });
    }

    /** (T, T) additive mask: position t may attend to positions ≤ t only. */
    static NDArray causalMask(NDManager manager, long length) {
        int t = Math.toIntExact(length);
        float[] mask = new float[t * t];
        for (int row = 0; row < t; row++) {
            for (int col = row + 1; col < t; col++) {
                mask[row * t + col] = ScaledDotProductAttention.MASKED;
            }
        }
        return manager.create(mask, new Shape(t, t));
    }

    private static void requireIds(String name, NDArray ids) {
        if (ids.getShape().dimension() != 2 || ids.getShape().get(1) == 0) {
            throw new IllegalArgumentException(
                    name
                            + " must be (batch, length) token ids with length ≥ 1, got shape "
                            + ids.getShape());
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        EncoderOutput encoded = encode(ps, inputs.get(0), training);
        return new NDList(decode(ps, encoded, inputs.get(1), training));
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = new Shape(1, 1);
        Shape hidden = new Shape(1, 1, config.modelDim());
        sourceEmbedding.initialize(manager, dataType, ids);
        sourcePositions.initialize(manager, dataType, hidden);
        encoder.initialize(manager, dataType, hidden);
        if (targetEmbedding != sourceEmbedding) {
            targetEmbedding.initialize(manager, dataType, ids);
        }
        targetPositions.initialize(manager, dataType, hidden);
        decoder.initialize(manager, dataType, hidden);
        if (outputProjection != null) {
            outputProjection.initialize(manager, dataType, hidden);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {
            new Shape(inputShapes[1].get(0), inputShapes[1].get(1), config.vocabSize())
        };
    }
}
