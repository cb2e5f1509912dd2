package dev.tolk.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.tolk.model.DecoderState;
import dev.tolk.model.StepWeights;
import dev.tolk.model.TransformerModel;
import java.util.List;

/** {@link Decoding} on a Transformer: its incremental decoder and a per-call state. */
public final class ModelDecoding implements Decoding {

    private final TransformerModel model;
    private final ParameterStore ps;
    private final DecoderState state;

    private ModelDecoding(TransformerModel model, ParameterStore ps, DecoderState state) {
        this.model = model;
        this.ps = ps;
        this.state = state;
    }

    /** Encodes {@code sources} (ids ending with the end token) and opens the call's state. */
    public static ModelDecoding start(
            TransformerModel model,
            ParameterStore ps,
            NDManager manager,
            List<int[]> sources,
            boolean attention) {
        return start(model, ps, manager, sources, attention, null);
    }

    /** {@link #start}, the steps multiplying by {@code stepWeights} (null: the parameters). */
    public static ModelDecoding start(
            TransformerModel model,
            ParameterStore ps,
            NDManager manager,
            List<int[]> sources,
            boolean attention,
            StepWeights stepWeights) {
        SourceBatch input = SourceBatch.of(sources, model.config().padId());
        return new ModelDecoding(
                model,
                ps,
                model.startDecoding(
                        ps, manager, input.ids(), input.batch(), attention, stepWeights));
    }

    @Override
    public NDArray step(long[] lastTokens) {
        return model.decodeStep(ps, state, lastTokens);
    }

    @Override
    public void reserve(int steps) {
        state.reserve(steps);
    }

    @Override
    public void select(long[] rows) {
        state.select(rows);
    }

    @Override
    public void reorderWithinSources(long[] rows) {
        state.select(rows, true);
    }

    @Override
    public NDArray lastAttention() {
        return state.lastAttention();
    }

    @Override
    public long sourceLength() {
        return state.sourceLength();
    }

    @Override
    public int maxTargetLength() {
        return model.config().maxLength();
    }

    @Override
    public void close() {
        state.close();
    }
}
