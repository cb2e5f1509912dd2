package dev.tolk.decode;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy search with incremental decoding: the encoder runs once, each step feeds one token per
 * sentence and takes the most probable next one. A sentence leaves the batch when it ends (end
 * token or length limit), so finished sentences cost nothing more.
 */
public final class GreedySearch implements Search {

    private final int bosId;
    private final int eosId;

    public GreedySearch(int bosId, int eosId) {
        this.bosId = bosId;
        this.eosId = eosId;
    }

    /**
     * The live rows of the decoder state, by state row: the sentence, the path so far, its summed
     * log-probability and its last token. The paths and log-probabilities are updated in place.
     */
    private record Rows(int[] sentenceOf, Path[] paths, double[] logProbs, long[] last) {

        static Rows start(int batch, long bosId) {
            int[] sentenceOf = new int[batch];
            for (int i = 0; i < batch; i++) {
                sentenceOf[i] = i;
            }
            long[] last = new long[batch];
            Arrays.fill(last, bosId);
            return new Rows(sentenceOf, new Path[batch], new double[batch], last);
        }

        /** The rows {@code keep}, each continuing with its token of {@code tokens}. */
        Rows keep(List<Integer> keep, long[] tokens) {
            int n = keep.size();
            int[] nextSentence = new int[n];
            Path[] nextPaths = new Path[n];
            double[] nextLogProbs = new double[n];
            long[] nextLast = new long[n];
            for (int i = 0; i < n; i++) {
                int r = keep.get(i);
                nextSentence[i] = sentenceOf[r];
                nextPaths[i] = paths[r];
                nextLogProbs[i] = logProbs[r];
                nextLast[i] = tokens[r];
            }
            return new Rows(nextSentence, nextPaths, nextLogProbs, nextLast);
        }
    }

    @Override
    public List<List<Hypothesis>> search(
            Decoding decoding, List<int[]> sources, SearchSettings settings) {
        int batch = sources.size();
        int[] limits = Steps.limits(decoding.maxTargetLength(), sources, settings);
        Hypothesis[] results = new Hypothesis[batch];
        // 1. One row per sentence, each fed the begin token.
        Rows rows = Rows.start(batch, bosId);
        decoding.reserve(Arrays.stream(limits).max().orElse(1));
        while (rows.last().length > 0) {
            // 2. Score every row's extensions and take the most probable token.
            NDArray step =
                    Steps.blockRepeats(
                            decoding.step(rows.last()), rows.paths(), settings.noRepeatNgram());
            Steps.RowMaxima maxima;
            try (step) {
                maxima = Steps.rowMaxima(step);
            }
            float[][] attention = Steps.attentionRows(decoding, sources, rows.sentenceOf());
            // 3. Finish the rows that end or reach their length limit.
            List<Integer> keep = extend(rows, maxima, attention, limits, results, settings);
            // 4. Drop the finished rows from the decoder's cache.
            if (keep.size() < rows.last().length && !keep.isEmpty()) {
                decoding.select(keep.stream().mapToLong(Integer::longValue).toArray());
            }
            rows = rows.keep(keep, maxima.tokens());
        }
        List<List<Hypothesis>> out = new ArrayList<>(batch);
        for (Hypothesis h : results) {
            out.add(List.of(h));
        }
        return out;
    }

    /**
     * Step 3: extends each row by its best token, puts the rows that end or reach their limit in
     * {@code results} (by sentence) and returns the rows that continue.
     */
    private List<Integer> extend(
            Rows rows,
            Steps.RowMaxima maxima,
            float[][] attention,
            int[] limits,
            Hypothesis[] results,
            SearchSettings settings) {
        float[] best = maxima.logProbs();
        long[] tokens = maxima.tokens();
        Path[] paths = rows.paths();
        double[] logProbs = rows.logProbs();
        List<Integer> keep = new ArrayList<>(paths.length);
        for (int r = 0; r < paths.length; r++) {
            int sentence = rows.sentenceOf()[r];
            logProbs[r] += best[r];
            float[] row = attention == null ? null : attention[r];
            if (tokens[r] == eosId) {
                results[sentence] = hypothesis(paths[r], logProbs[r], true, row, settings);
                continue;
            }
            paths[r] = Path.extend(paths[r], tokens[r], row);
            if (paths[r].length() >= limits[sentence]) {
                results[sentence] = hypothesis(paths[r], logProbs[r], false, null, settings);
            } else {
                keep.add(r);
            }
        }
        return keep;
    }

    private static Hypothesis hypothesis(
            Path path, double logProb, boolean ended, float[] endAttention, SearchSettings s) {
        return new Hypothesis(
                Path.tokens(path),
                logProb,
                ended,
                Path.attention(path, endAttention, s.attention()));
    }
}
