package dev.tolk.decode;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.tolk.model.TransformerModel;
import dev.tolk.runtime.GradMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

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

    public BatchDecoder(
            TransformerModel model, SearchSettings settings, int batchSize, int bosId, int eosId) {
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
        GradMode.disableOnThisThread();
        Integer[] order = new Integer[sources.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> sources.get(i).length));
        List<List<Hypothesis>> results = new ArrayList<>(sources.size());
        for (int i = 0; i < order.length; i++) {
            results.add(null);
        }
        for (int start = 0; start < order.length; start += batchSize) {
            List<Integer> indices =
                    Arrays.asList(order).subList(start, Math.min(order.length, start + batchSize));
            try (NDManager manager = parent.newSubManager()) {
                List<int[]> batchSources = indices.stream().map(sources::get).toList();
                List<List<Hypothesis>> batch;
                try (Decoding decoding =
                        ModelDecoding.start(
                                model,
                                new ParameterStore(manager, false),
                                manager,
                                batchSources,
                                settings.attention())) {
                    batch = search.search(decoding, batchSources, settings);
                }
                for (int k = 0; k < indices.size(); k++) {
                    results.set(indices.get(k), batch.get(k));
                }
            }
        }
        return results;
    }
}
