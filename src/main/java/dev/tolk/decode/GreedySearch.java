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

    @Override
    public List<List<Hypothesis>> search(
            Decoding decoding, List<int[]> sources, SearchSettings settings) {
        int batch = sources.size();
        int[] limits = Steps.limits(decoding.maxTargetLength(), sources, settings);
        Hypothesis[] results = new Hypothesis[batch];
        int[] sentenceOf = new int[batch]; // state row -> sentence
        Path[] paths = new Path[batch]; // by state row
        double[] logProbs = new double[batch]; // by state row
        long[] last = new long[batch];
        for (int i = 0; i < batch; i++) {
            sentenceOf[i] = i;
        }
        Arrays.fill(last, bosId);
        decoding.reserve(Arrays.stream(limits).max().orElse(1));
        while (last.length > 0) {
            int rows = last.length;
            NDArray step = Steps.blockRepeats(decoding.step(last), paths, settings.noRepeatNgram());
            float[] best;
            long[] tokens;
            try (step) {
                Steps.RowMaxima maxima = Steps.rowMaxima(step);
                best = maxima.logProbs();
                tokens = maxima.tokens();
            }
            float[][] attention = Steps.attentionRows(decoding, sources, sentenceOf);
            List<Integer> keep = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                int sentence = sentenceOf[r];
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
            if (keep.size() < rows && !keep.isEmpty()) {
                decoding.select(keep.stream().mapToLong(Integer::longValue).toArray());
            }
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
            sentenceOf = nextSentence;
            paths = nextPaths;
            logProbs = nextLogProbs;
            last = nextLast;
        }
        List<List<Hypothesis>> out = new ArrayList<>(batch);
        for (Hypothesis h : results) {
            out.add(List.of(h));
        }
        return out;
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
