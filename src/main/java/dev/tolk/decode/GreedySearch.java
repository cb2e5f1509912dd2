package dev.tolk.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.tolk.model.EncoderOutput;
import dev.tolk.model.TransformerModel;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy search: encode once, then append the most probable token until every sentence has ended or
 * reached its length limit ({@code 1.2 × source length + 10}). This version runs the decoder over
 * the whole prefix at every step; it serves held-out evaluation during training.
 */
public final class GreedySearch {

    private final TransformerModel model;
    private final int bosId;
    private final int eosId;
    private final int padId;

    public GreedySearch(TransformerModel model, int bosId, int eosId) {
        this.model = model;
        this.bosId = bosId;
        this.eosId = eosId;
        this.padId = model.config().padId();
    }

    /** The length limit for a source of {@code sourceLength} tokens. */
    public static int maxLength(int sourceLength) {
        return (int) (1.2 * sourceLength + 10);
    }

    /**
     * Translates one batch.
     *
     * @param sources source ids, each ending with the end token
     * @param manager owns every array made here (close it after the call)
     * @return target ids per source, without begin and end tokens
     */
    public List<long[]> translate(List<int[]> sources, ParameterStore ps, NDManager manager) {
        int batch = sources.size();
        int sourceLength = sources.stream().mapToInt(s -> s.length).max().orElse(1);
        long[] flat = new long[batch * sourceLength];
        Arrays.fill(flat, padId);
        int limit = 0;
        for (int i = 0; i < batch; i++) {
            int[] source = sources.get(i);
            for (int j = 0; j < source.length; j++) {
                flat[i * sourceLength + j] = source[j];
            }
            limit = Math.max(limit, maxLength(source.length));
        }
        limit = Math.min(limit, model.config().maxLength() - 1);
        EncoderOutput encoded =
                model.encode(ps, manager.create(flat, new Shape(batch, sourceLength)), false);
        long[][] out = new long[batch][limit];
        int[] lengths = new int[batch];
        boolean[] done = new boolean[batch];
        NDArray prefix = manager.full(new Shape(batch, 1), bosId, DataType.INT64);
        for (int step = 0; step < limit; step++) {
            NDArray logits = model.decode(ps, encoded, prefix, false);
            // (B, T, V) -> (B, V) at the last position -> (B)
            NDArray next = logits.get(new NDIndex(":, -1")).argMax(-1);
            long[] tokens = next.toLongArray();
            boolean all = true;
            for (int i = 0; i < batch; i++) {
                if (!done[i]) {
                    if (tokens[i] == eosId || lengths[i] >= maxLength(sources.get(i).length)) {
                        done[i] = true;
                    } else {
                        out[i][lengths[i]++] = tokens[i];
                    }
                }
                all &= done[i];
            }
            if (all) {
                break;
            }
            prefix = prefix.concat(next.expandDims(1), 1);
        }
        return java.util.stream.IntStream.range(0, batch)
                .mapToObj(i -> Arrays.copyOf(out[i], lengths[i]))
                .toList();
    }
}
