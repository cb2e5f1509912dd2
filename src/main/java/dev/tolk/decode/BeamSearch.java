package dev.tolk.decode;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Batched beam search with incremental decoding. Each sentence keeps k hypotheses (k rows of the
 * decoder state). Every step scores all k × V extensions, takes the best 2k candidates, finishes
 * those that end (end token among the best k candidates) and continues with the best k that do not,
 * so finished hypotheses never starve the beam. A sentence is done when it has k finished
 * hypotheses or its hypotheses reach the length limit, and then leaves the batch. Finished
 * hypotheses are ranked by GNMT's length-normalised score.
 */
public final class BeamSearch implements Search {

    private final int bosId;
    private final int eosId;

    public BeamSearch(int bosId, int eosId) {
        this.bosId = bosId;
        this.eosId = eosId;
    }

    /** A live hypothesis: its path and summed log-probability. */
    private record Beam(Path path, double logProb) {}

    @Override
    public List<List<Hypothesis>> search(
            Decoding decoding, List<int[]> sources, SearchSettings settings) {
        int k = settings.beamSize();
        int batch = sources.size();
        int[] limits = Steps.limits(decoding.maxTargetLength(), sources, settings);
        List<List<Hypothesis>> finished = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            finished.add(new ArrayList<>());
        }
        long[] repeat = new long[batch * k];
        for (int i = 0; i < repeat.length; i++) {
            repeat[i] = i / k;
        }
        decoding.select(repeat);
        int[] active = new int[batch]; // active sentence index -> sentence
        Beam[] beams = new Beam[batch * k]; // state row -> beam
        for (int i = 0; i < batch; i++) {
            active[i] = i;
            beams[i * k] = new Beam(null, 0);
            for (int j = 1; j < k; j++) {
                beams[i * k + j] = new Beam(null, Double.NEGATIVE_INFINITY);
            }
        }
        long[] last = new long[batch * k];
        Arrays.fill(last, bosId);
        while (active.length > 0) {
            int rows = last.length;
            Path[] paths = Arrays.stream(beams).map(Beam::path).toArray(Path[]::new);
            float[] values;
            long[] indices;
            NDArray step = Steps.blockRepeats(decoding.step(last), paths, settings.noRepeatNgram());
            long vocab = step.getShape().get(1);
            try (step) {
                Steps.Continuations top =
                        Steps.bestContinuations(step, beamScores(beams), k, 2 * k);
                values = top.values();
                indices = top.indices();
            }
            int[] rowSentence = new int[rows];
            for (int r = 0; r < rows; r++) {
                rowSentence[r] = active[r / k];
            }
            float[][] attention = Steps.attentionRows(decoding, sources, rowSentence);
            List<Integer> nextActive = new ArrayList<>();
            List<Long> parents = new ArrayList<>();
            List<Beam> nextBeams = new ArrayList<>();
            List<Long> nextLast = new ArrayList<>();
            for (int a = 0; a < active.length; a++) {
                int sentence = active[a];
                List<Hypothesis> done = finished.get(sentence);
                List<Beam> kept = new ArrayList<>(k);
                List<Long> keptParents = new ArrayList<>(k);
                List<Long> keptTokens = new ArrayList<>(k);
                int taken = 0; // candidates continued or finished at the length limit
                for (int j = 0; j < 2 * k && taken < k; j++) {
                    float value = values[a * 2 * k + j];
                    if (value == Float.NEGATIVE_INFINITY) {
                        break;
                    }
                    long index = indices[a * 2 * k + j];
                    int row = a * k + (int) (index / vocab);
                    long token = index % vocab;
                    float[] rowAttention = attention == null ? null : attention[row];
                    Path parent = beams[row].path();
                    if (token == eosId) {
                        if (j < k) {
                            done.add(
                                    new Hypothesis(
                                            Path.tokens(parent),
                                            value,
                                            true,
                                            Path.attention(
                                                    parent, rowAttention, settings.attention())));
                        }
                        continue;
                    }
                    Path path = Path.extend(parent, token, rowAttention);
                    taken++;
                    if (path.length() >= limits[sentence]) {
                        done.add(
                                new Hypothesis(
                                        Path.tokens(path),
                                        value,
                                        false,
                                        Path.attention(path, null, settings.attention())));
                    } else {
                        kept.add(new Beam(path, value));
                        keptParents.add((long) row);
                        keptTokens.add(token);
                    }
                }
                if (done.size() >= k || kept.isEmpty()) {
                    continue; // the sentence is done
                }
                while (kept.size() < k) { // keep k rows per sentence; extra rows never win
                    kept.add(new Beam(kept.get(0).path(), Double.NEGATIVE_INFINITY));
                    keptParents.add(keptParents.get(0));
                    keptTokens.add(keptTokens.get(0));
                }
                nextActive.add(sentence);
                parents.addAll(keptParents);
                nextBeams.addAll(kept);
                nextLast.addAll(keptTokens);
            }
            if (nextActive.isEmpty()) {
                break;
            }
            long[] parentRows = parents.stream().mapToLong(Long::longValue).toArray();
            if (nextActive.size() == active.length) {
                // same sentences in the same rows: only the hypotheses move
                decoding.reorderWithinSources(parentRows);
            } else {
                decoding.select(parentRows);
            }
            active = nextActive.stream().mapToInt(Integer::intValue).toArray();
            beams = nextBeams.toArray(new Beam[0]);
            last = nextLast.stream().mapToLong(Long::longValue).toArray();
        }
        Comparator<Hypothesis> best =
                Comparator.comparingDouble(
                                (Hypothesis h) -> h.normalizedScore(settings.lengthPenalty()))
                        .reversed();
        List<List<Hypothesis>> out = new ArrayList<>(batch);
        for (List<Hypothesis> hypotheses : finished) {
            hypotheses.sort(best);
            out.add(
                    List.copyOf(
                            hypotheses.subList(0, Math.min(settings.nBest(), hypotheses.size()))));
        }
        return out;
    }

    private static float[] beamScores(Beam[] beams) {
        float[] scores = new float[beams.length];
        for (int i = 0; i < beams.length; i++) {
            scores[i] = (float) beams[i].logProb();
        }
        return scores;
    }
}
