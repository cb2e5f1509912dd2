package dev.tolk.decode;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.tolk.model.StepWeights;
import dev.tolk.model.TransformerModel;
import dev.tolk.runtime.GradMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Decodes any number of sources: sorted by length so each batch pads little, in batches of {@code
 * batchSize} sentences, each batch's arrays freed when it is done; results in input order. Autograd
 * is turned off on the calling thread (DJL's grad mode is per thread).
 */
public final class BatchDecoder {

    private final TransformerModel model;
    private final Search search;
    private final SearchSettings settings;
    private final int batchSize;
    private final StepWeights stepWeights;

    public BatchDecoder(
            TransformerModel model, SearchSettings settings, int batchSize, int bosId, int eosId) {
        this(model, settings, batchSize, bosId, eosId, null);
    }

    /**
     * A decoder whose calls multiply by {@code stepWeights}, made from {@code model}'s current
     * parameters (null: each call lays out the parameters as they are then, freed after it).
     */
    public BatchDecoder(
            TransformerModel model,
            SearchSettings settings,
            int batchSize,
            int bosId,
            int eosId,
            StepWeights stepWeights) {
        this.stepWeights = stepWeights;
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize (" + batchSize + ") must be at least 1");
        }
        this.model = model;
        this.settings = settings;
        this.batchSize = batchSize;
        this.search = Search.of(settings, bosId, eosId);
    }

    public SearchSettings settings() {
        return settings;
    }

    /** Per source (ids ending with the end token), the n best hypotheses, best first. */
    public List<List<Hypothesis>> decode(List<int[]> sources, NDManager parent) {
        return decode(sources, parent, null);
    }

    /**
     * {@link #decode(List, NDManager)} with the batches shared out among {@code streams} (null: one
     * after the other on the calling thread).
     */
    public List<List<Hypothesis>> decode(
            List<int[]> sources, NDManager parent, DecodeStreams streams) {
        GradMode.disableOnThisThread();
        List<List<Integer>> batches = batches(sources, batchSize);
        List<List<List<Hypothesis>>> decoded;
        try (StepWeights own =
                stepWeights != null || sources.isEmpty()
                        ? null
                        : StepWeights.of(model, new ParameterStore(parent, false), parent)) {
            StepWeights weights = own != null ? own : stepWeights;
            List<Callable<List<List<Hypothesis>>>> tasks = new ArrayList<>(batches.size());
            for (List<Integer> indices : batches) {
                List<int[]> batch = indices.stream().map(sources::get).toList();
                tasks.add(() -> decodeBatch(batch, parent, weights));
            }
            decoded = (streams == null ? DecodeStreams.single() : streams).runAll(tasks);
        }
        List<List<Hypothesis>> results = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) {
            results.add(null);
        }
        for (int b = 0; b < batches.size(); b++) {
            List<Integer> indices = batches.get(b);
            for (int k = 0; k < indices.size(); k++) {
                results.set(indices.get(k), decoded.get(b).get(k));
            }
        }
        return results;
    }

    /**
     * The indices of {@code sources} in batches of at most {@code batchSize}, each batch holding
     * sources of similar length (so it pads little), the batch of the longest sources first: on
     * several streams the long batches start early and the short ones fill the end, so no stream
     * decodes a long batch alone while the others idle.
     */
    public static List<List<Integer>> batches(List<int[]> sources, int batchSize) {
        Integer[] order = new Integer[sources.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> -sources.get(i).length));
        List<List<Integer>> batches = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            batches.add(
                    Arrays.asList(order).subList(start, Math.min(order.length, start + batchSize)));
        }
        return batches;
    }

    private List<List<Hypothesis>> decodeBatch(
            List<int[]> batchSources, NDManager parent, StepWeights stepWeights) {
        try (NDManager manager = parent.newSubManager();
                Decoding decoding =
                        ModelDecoding.start(
                                model,
                                new ParameterStore(manager, false),
                                manager,
                                batchSources,
                                settings.attention(),
                                stepWeights)) {
            return search.search(decoding, batchSources, settings);
        }
    }
}
