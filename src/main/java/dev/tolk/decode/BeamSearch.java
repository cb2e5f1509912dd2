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
 * so finished hypotheses never starve the beam. A sentence is done when its hypotheses reach the
 * length limit, or when it has k finished hypotheses and its best live one, ended at the next step,
 * would not rank among them (the stopping rule of Hugging Face's beam search without early
 * stopping): counting finished hypotheses alone stopped a sentence whose best translation was one
 * token from its end while short, poor ones had filled the k places. It then leaves the batch.
 * Finished hypotheses are ranked by GNMT's length-normalised score.
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

    /**
     * One step's best 2k candidates per active sentence; an index is row-in-sentence × V + token.
     */
    private record Candidates(float[] values, long[] indices, long vocab) {}

    /** The rows that continue after a step, in the order of the next step's state rows. */
    private static final class Survivors {
        final List<Integer> sentences = new ArrayList<>();
        final List<Long> parents = new ArrayList<>();
        final List<Beam> beams = new ArrayList<>();
        final List<Long> last = new ArrayList<>();
    }

    @Override
    public List<List<Hypothesis>> search(
            Decoding decoding, List<int[]> sources, SearchSettings settings) {
        return new Run(decoding, sources, settings).search();
    }

    /** One call's search: its inputs, each sentence's finished hypotheses and the live rows. */
    private final class Run {
        private final Decoding decoding;
        private final List<int[]> sources;
        private final SearchSettings settings;
        private final int k;
        private final int[] limits;
        private final List<List<Hypothesis>> finished;
        private int[] active; // active sentence index -> sentence
        private Beam[] beams; // state row -> beam
        private long[] last; // state row -> its last token

        Run(Decoding decoding, List<int[]> sources, SearchSettings settings) {
            this.decoding = decoding;
            this.sources = sources;
            this.settings = settings;
            this.k = settings.beamSize();
            this.limits = Steps.limits(decoding.maxTargetLength(), sources, settings);
            this.finished = new ArrayList<>(sources.size());
            for (int i = 0; i < sources.size(); i++) {
                finished.add(new ArrayList<>());
            }
        }

        List<List<Hypothesis>> search() {
            // 1. k rows per sentence: the empty hypothesis and k - 1 copies that never win.
            start();
            while (active.length > 0) {
                // 2. Score every row's extensions; take each sentence's best 2k candidates.
                Candidates top = candidates();
                float[][] attention = Steps.attentionRows(decoding, sources, rowSentences());
                // 3. Finish the candidates that end; continue the best k that do not.
                Survivors next = new Survivors();
                for (int a = 0; a < active.length; a++) {
                    extendSentence(a, top, attention, next);
                }
                if (next.sentences.isEmpty()) {
                    break;
                }
                // 4. Move the decoder's cache rows to the survivors' parents.
                reorder(next);
            }
            // 5. Each sentence's n best finished hypotheses by length-normalised score.
            return nBest();
        }

        private void start() {
            int batch = sources.size();
            long[] repeat = new long[batch * k];
            for (int i = 0; i < repeat.length; i++) {
                repeat[i] = i / k;
            }
            decoding.select(repeat);
            active = new int[batch];
            beams = new Beam[batch * k];
            for (int i = 0; i < batch; i++) {
                active[i] = i;
                beams[i * k] = new Beam(null, 0);
                for (int j = 1; j < k; j++) {
                    beams[i * k + j] = new Beam(null, Double.NEGATIVE_INFINITY);
                }
            }
            last = new long[batch * k];
            Arrays.fill(last, bosId);
        }

        private Candidates candidates() {
            Path[] paths = Arrays.stream(beams).map(Beam::path).toArray(Path[]::new);
            NDArray step = Steps.blockRepeats(decoding.step(last), paths, settings.noRepeatNgram());
            long vocab = step.getShape().get(1);
            try (step) {
                Steps.Continuations top =
                        Steps.bestContinuations(step, beamScores(beams), k, 2 * k);
                return new Candidates(top.values(), top.indices(), vocab);
            }
        }

        private int[] rowSentences() {
            int[] rowSentence = new int[last.length];
            for (int r = 0; r < rowSentence.length; r++) {
                rowSentence[r] = active[r / k];
            }
            return rowSentence;
        }

        /**
         * Step 3 for the a-th active sentence: ending candidates among the best k become finished
         * hypotheses, as do those that reach the length limit; up to k others continue. Adds the
         * sentence's k rows to {@code next} unless it is done.
         */
        private void extendSentence(int a, Candidates top, float[][] attention, Survivors next) {
            int sentence = active[a];
            List<Hypothesis> done = finished.get(sentence);
            List<Beam> kept = new ArrayList<>(k);
            List<Long> keptParents = new ArrayList<>(k);
            List<Long> keptTokens = new ArrayList<>(k);
            int taken = 0; // candidates continued or finished at the length limit
            for (int j = 0; j < 2 * k && taken < k; j++) {
                float value = top.values()[a * 2 * k + j];
                if (value == Float.NEGATIVE_INFINITY) {
                    break;
                }
                long index = top.indices()[a * 2 * k + j];
                int row = a * k + (int) (index / top.vocab());
                long token = index % top.vocab();
                float[] rowAttention = attention == null ? null : attention[row];
                Path parent = beams[row].path();
                if (token == eosId) {
                    if (j < k) {
                        done.add(hypothesis(parent, value, true, rowAttention));
                    }
                    continue;
                }
                Path path = Path.extend(parent, token, rowAttention);
                taken++;
                if (path.length() >= limits[sentence]) {
                    done.add(hypothesis(path, value, false, null));
                } else {
                    kept.add(new Beam(path, value));
                    keptParents.add((long) row);
                    keptTokens.add(token);
                }
            }
            keepBest(done);
            if (kept.isEmpty() || (done.size() >= k && !mayStillRank(done, kept.get(0)))) {
                return; // the sentence is done
            }
            while (kept.size() < k) { // keep k rows per sentence; extra rows never win
                kept.add(new Beam(kept.get(0).path(), Double.NEGATIVE_INFINITY));
                keptParents.add(keptParents.get(0));
                keptTokens.add(keptTokens.get(0));
            }
            next.sentences.add(sentence);
            next.parents.addAll(keptParents);
            next.beams.addAll(kept);
            next.last.addAll(keptTokens);
        }

        /**
         * Keeps a sentence's k best finished hypotheses, best first (the n best returned are among
         * them): a sentence that goes on past k finished ones holds no more.
         */
        private void keepBest(List<Hypothesis> done) {
            if (done.size() > k) {
                done.sort(byNormalizedScore());
                done.subList(k, done.size()).clear();
            }
        }

        /**
         * Whether {@code best}, the sentence's best live hypothesis, ended at the next step with
         * its score so far would rank among the k best of {@code done} (which holds k at most).
         */
        private boolean mayStillRank(List<Hypothesis> done, Beam best) {
            float alpha = settings.lengthPenalty();
            double kth = Double.POSITIVE_INFINITY;
            for (Hypothesis h : done) {
                kth = Math.min(kth, h.normalizedScore(alpha));
            }
            double ending =
                    best.logProb() / Hypothesis.lengthPenalty(best.path().length() + 1, alpha);
            return ending > kth;
        }

        private Comparator<Hypothesis> byNormalizedScore() {
            return Comparator.comparingDouble(
                            (Hypothesis h) -> h.normalizedScore(settings.lengthPenalty()))
                    .reversed();
        }

        private Hypothesis hypothesis(
                Path path, float logProb, boolean ended, float[] endAttention) {
            return new Hypothesis(
                    Path.tokens(path),
                    logProb,
                    ended,
                    Path.attention(path, endAttention, settings.attention()));
        }

        private void reorder(Survivors next) {
            long[] parentRows = next.parents.stream().mapToLong(Long::longValue).toArray();
            if (next.sentences.size() == active.length) {
                // same sentences in the same rows: only the hypotheses move
                decoding.reorderWithinSources(parentRows);
            } else {
                decoding.select(parentRows);
            }
            active = next.sentences.stream().mapToInt(Integer::intValue).toArray();
            beams = next.beams.toArray(new Beam[0]);
            last = next.last.stream().mapToLong(Long::longValue).toArray();
        }

        private List<List<Hypothesis>> nBest() {
            Comparator<Hypothesis> best = byNormalizedScore();
            List<List<Hypothesis>> out = new ArrayList<>(finished.size());
            for (List<Hypothesis> hypotheses : finished) {
                hypotheses.sort(best);
                out.add(
                        List.copyOf(
                                hypotheses.subList(
                                        0, Math.min(settings.nBest(), hypotheses.size()))));
            }
            return out;
        }
    }

    private static float[] beamScores(Beam[] beams) {
        float[] scores = new float[beams.length];
        for (int i = 0; i < beams.length; i++) {
            scores[i] = (float) beams[i].logProb();
        }
        return scores;
    }
}
