package dev.tolk.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.tolk.model.DecoderState;
import dev.tolk.model.EncoderOutput;
import dev.tolk.model.ModelHarness;
import dev.tolk.model.StepWeights;
import dev.tolk.model.TransformerConfig;
import dev.tolk.model.TransformerModel;
import dev.tolk.runtime.GradMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Incremental decoding, greedy and beam search on a random tiny model. */
class DecodingTest {

    private static final int VOCAB = 30;
    private static final int BOS = 1;
    private static final int EOS = 2;

    @BeforeAll
    static void noGrad() {
        GradMode.disableOnThisThread();
    }

    private static List<int[]> randomSources(Random random, int count) {
        List<int[]> sources = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] s = random.ints(1 + random.nextInt(9), 4, VOCAB).toArray();
            s = Arrays.copyOf(s, s.length + 1);
            s[s.length - 1] = EOS;
            sources.add(s);
        }
        return sources;
    }

    @ParameterizedTest(name = "step weights {0}")
    @ValueSource(booleans = {false, true})
    void incrementalStepsEqualTheFullDecoderOnThePrefix(boolean withStepWeights) {
        try (ModelHarness h = new ModelHarness(TransformerConfig.preset("tiny", VOCAB), 11);
                StepWeights stepWeights =
                        withStepWeights ? StepWeights.of(h.model, h.ps, h.manager) : null) {
            TransformerModel model = h.model;
            long[][] source = {{5, 6, 7, 8, 2}, {9, 10, 2, 0, 0}};
            long[][] target = {{BOS, 12, 13, 14, 15, 16}, {BOS, 20, 21, 22, 23, 24}};
            EncoderOutput encoded = model.encode(h.ps, h.ids(source), false);
            try (DecoderState state =
                    model.startDecoding(h.ps, h.manager, flatten(source), 2, false, stepWeights)) {
                for (int t = 0; t < target[0].length; t++) {
                    long[] last = {target[0][t], target[1][t]};
                    NDArray cached = model.decodeStep(h.ps, state, last);
                    long[][] prefix = {
                        Arrays.copyOf(target[0], t + 1), Arrays.copyOf(target[1], t + 1)
                    };
                    NDArray full =
                            model.decode(h.ps, encoded, h.ids(prefix), false)
                                    .get(new NDIndex(":, -1"))
                                    .logSoftmax(-1);
                    float diff = cached.sub(full).abs().max().getFloat();
                    assertThat(diff).as("step %d", t).isLessThan(1e-4f);
                }
            }
        }
    }

    @Test
    void reservedCacheBuffersGiveWhatConcatenationGivesAcrossARowSelection() {
        try (ModelHarness h = new ModelHarness(TransformerConfig.preset("tiny", VOCAB), 13)) {
            TransformerModel model = h.model;
            long[] source = flatten(new long[][] {{5, 6, 7, 8, 2}, {9, 10, 2, 0, 0}});
            long[][] target = {{BOS, 12, 13, 14, 15, 16}, {BOS, 20, 21, 22, 23, 24}};
            try (DecoderState concatenated =
                            model.startDecoding(h.ps, h.manager, source, 2, false);
                    DecoderState reserved =
                            model.startDecoding(h.ps, h.manager, source, 2, false)) {
                reserved.reserve(target[0].length);
                long[] rowOf = {0, 1}; // state row -> target row
                for (int t = 0; t < target[0].length; t++) {
                    if (t == 3) {
                        long[] keep = {1, 0, 1};
                        concatenated.select(keep);
                        reserved.select(keep);
                        rowOf = new long[] {rowOf[1], rowOf[0], rowOf[1]};
                    }
                    long[] last = new long[rowOf.length];
                    for (int r = 0; r < last.length; r++) {
                        last[r] = target[(int) rowOf[r]][t];
                    }
                    NDArray expected = model.decodeStep(h.ps, concatenated, last);
                    NDArray actual = model.decodeStep(h.ps, reserved, last);
                    float diff = actual.sub(expected).abs().max().getFloat();
                    assertThat(diff).as("step %d", t).isLessThan(1e-5f);
                }
                assertThatThrownBy(() -> model.decodeStep(h.ps, reserved, new long[] {3, 3, 3}))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("6 positions reserved");
            }
        }
    }

    @Test
    void rowMaximaAreTheFirstLargestValueOfEachRow() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float inf = Float.NEGATIVE_INFINITY;
            float[][] rows = {{-3f, -1f, -2f, -1f}, {inf, inf, -7f, inf}, {-0.5f, -4f, -9f, -1f}};
            Steps.RowMaxima maxima = Steps.rowMaxima(manager.create(rows));
            assertThat(maxima.tokens()).containsExactly(1, 2, 0);
            assertThat(maxima.logProbs()).containsExactly(-1f, -7f, -0.5f);
            // a strided view is read through a contiguous copy
            Steps.RowMaxima ofTransposed = Steps.rowMaxima(manager.create(rows).transpose());
            assertThat(ofTransposed.tokens()).containsExactly(2, 0, 0, 0);
        }
    }

    @Test
    void bestContinuationsAreTheTopOfEverySentencesSummedScores() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int width = 2;
            int count = 4;
            NDArray logProbs = manager.randomNormal(new Shape(6, 50)).logSoftmax(-1);
            float inf = Float.NEGATIVE_INFINITY;
            float[] scores = {-1.5f, -0.25f, 0f, inf, -3f, -2f};
            Steps.Continuations actual = Steps.bestContinuations(logProbs, scores, width, count);
            NDArray total =
                    logProbs.add(manager.create(scores, new Shape(6, 1))).reshape(3, width * 50);
            var expected = total.topK(count, -1);
            assertThat(actual.indices()).containsExactly(expected.get(1).toLongArray());
            assertThat(actual.values()).containsExactly(expected.get(0).toFloatArray());
            // a sentence with fewer finite continuations than asked
            NDArray few = manager.create(new float[][] {{-1f, inf, -2f}, {inf, inf, inf}});
            Steps.Continuations shortList =
                    Steps.bestContinuations(few, new float[] {0f, 0f}, 2, 3);
            assertThat(shortList.values()).containsExactly(-1f, -2f, inf);
            assertThat(Arrays.copyOf(shortList.indices(), 2)).containsExactly(0L, 2L);
        }
    }

    @Test
    void cachedGreedyEqualsUncachedGreedy() {
        try (ModelHarness h = new ModelHarness(TransformerConfig.preset("tiny", VOCAB), 12)) {
            List<int[]> sources = randomSources(new Random(1), 6);
            List<List<Hypothesis>> cached = decode(h, sources, SearchSettings.GREEDY, 6);
            for (int i = 0; i < sources.size(); i++) {
                Hypothesis reference = uncachedGreedy(h, sources.get(i));
                Hypothesis actual = cached.get(i).get(0);
                assertThat(actual.tokens()).isEqualTo(reference.tokens());
                assertThat(actual.ended()).isEqualTo(reference.ended());
                assertThat(actual.logProb()).isCloseTo(reference.logProb(), within(1e-4));
            }
        }
    }

    /** Greedy by re-running the decoder over the whole prefix, the way before caching. */
    private static Hypothesis uncachedGreedy(ModelHarness h, int[] source) {
        try (NDManager m = h.manager.newSubManager()) {
            long[] ids = Arrays.stream(source).asLongStream().toArray();
            EncoderOutput encoded =
                    h.model.encode(h.ps, m.create(ids, new Shape(1, ids.length)), false);
            int limit = SearchSettings.GREEDY.maxLength(source.length);
            List<Long> prefix = new ArrayList<>(List.of((long) BOS));
            double logProb = 0;
            while (true) {
                long[] p = prefix.stream().mapToLong(Long::longValue).toArray();
                NDArray lp =
                        h.model
                                .decode(h.ps, encoded, m.create(p, new Shape(1, p.length)), false)
                                .get(new NDIndex("0, -1"))
                                .logSoftmax(-1);
                long token = lp.argMax().getLong();
                logProb += lp.getFloat(token);
                if (token == EOS) {
                    return new Hypothesis(tail(prefix), logProb, true, null);
                }
                prefix.add(token);
                if (prefix.size() - 1 >= limit) {
                    return new Hypothesis(tail(prefix), logProb, false, null);
                }
            }
        }
    }

    private static long[] tail(List<Long> prefix) {
        return prefix.subList(1, prefix.size()).stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void beamOfOneEqualsGreedy() {
        try (ModelHarness h = new ModelHarness(TransformerConfig.preset("tiny", VOCAB), 13)) {
            List<int[]> sources = randomSources(new Random(2), 8);
            List<List<Hypothesis>> greedy = decode(h, sources, SearchSettings.GREEDY, 8);
            var beamOne = new BeamSearch(BOS, EOS);
            List<List<Hypothesis>> beam;
            try (NDManager m = h.manager.newSubManager();
                    Decoding decoding = ModelDecoding.start(h.model, h.ps, m, sources, false)) {
                beam = beamOne.search(decoding, sources, SearchSettings.GREEDY);
            }
            for (int i = 0; i < sources.size(); i++) {
                assertThat(beam.get(i).get(0).tokens()).isEqualTo(greedy.get(i).get(0).tokens());
                assertThat(beam.get(i).get(0).logProb())
                        .isCloseTo(greedy.get(i).get(0).logProb(), within(1e-4));
            }
        }
    }

    @Test
    void aSentenceAloneOrInABatchOf64GivesTheSameOutput() {
        try (ModelHarness h = new ModelHarness(TransformerConfig.preset("tiny", VOCAB), 14)) {
            List<int[]> sources = randomSources(new Random(3), 64);
            for (SearchSettings settings : List.of(SearchSettings.GREEDY, SearchSettings.beam(4))) {
                List<List<Hypothesis>> batched = decode(h, sources, settings, 64);
                for (int i = 0; i < sources.size(); i += 7) {
                    Hypothesis alone =
                            decode(h, List.of(sources.get(i)), settings, 1).get(0).get(0);
                    Hypothesis inBatch = batched.get(i).get(0);
                    assertThat(inBatch.tokens()).as("sentence %d", i).isEqualTo(alone.tokens());
                    assertThat(inBatch.logProb()).isCloseTo(alone.logProb(), within(1e-4));
                }
            }
        }
    }

    @Test
    void batchesHoldSimilarLengthsLongestFirst() {
        List<int[]> sources = randomSources(new Random(5), 23);
        List<List<Integer>> batches = BatchDecoder.batches(sources, 5);
        assertThat(batches).extracting(List::size).containsExactly(5, 5, 5, 5, 3);
        assertThat(batches.stream().flatMap(List::stream).sorted())
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 23).boxed().toList());
        int previous = Integer.MAX_VALUE;
        for (List<Integer> batch : batches) {
            for (int i : batch) {
                assertThat(sources.get(i).length).isLessThanOrEqualTo(previous);
                previous = sources.get(i).length;
            }
        }
    }

    @Test
    void batchesOnTwoStreamsGiveWhatOneStreamGives() {
        try (ModelHarness h = new ModelHarness(TransformerConfig.preset("tiny", VOCAB), 15);
                DecodeStreams streams = DecodeStreams.of(2, 1)) {
            List<int[]> sources = randomSources(new Random(4), 50);
            for (SearchSettings settings : List.of(SearchSettings.GREEDY, SearchSettings.beam(3))) {
                List<List<Hypothesis>> one = decode(h, sources, settings, 8);
                int live = h.manager.getManagedArrays().size();
                List<List<Hypothesis>> two =
                        new BatchDecoder(h.model, settings, 8, BOS, EOS)
                                .decode(sources, h.manager, streams);
                assertThat(h.manager.getManagedArrays()).hasSize(live);
                for (int i = 0; i < sources.size(); i++) {
                    assertThat(two.get(i).get(0).tokens())
                            .as("sentence %d", i)
                            .isEqualTo(one.get(i).get(0).tokens());
                    assertThat(two.get(i).get(0).logProb())
                            .isCloseTo(one.get(i).get(0).logProb(), within(1e-4));
                }
            }
        }
    }

    @Test
    void decodingLeavesNoArraysBehind() {
        try (ModelHarness h = new ModelHarness(TransformerConfig.preset("tiny", VOCAB), 16)) {
            List<int[]> sources = randomSources(new Random(5), 40);
            SearchSettings beam = SearchSettings.beam(3).withAttention(true).withNoRepeatNgram(2);
            decode(h, sources, SearchSettings.GREEDY, 16);
            int live = h.manager.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                decode(h, sources, SearchSettings.GREEDY, 16);
                decode(h, sources, beam, 7);
            }
            assertThat(h.manager.getManagedArrays()).hasSize(live);
        }
    }

    @Test
    void attentionRowsSumToOneOverTheSource() {
        try (ModelHarness h = new ModelHarness(TransformerConfig.preset("tiny", VOCAB), 15)) {
            List<int[]> sources = randomSources(new Random(4), 5);
            for (SearchSettings settings :
                    List.of(SearchSettings.GREEDY, SearchSettings.beam(3).withNBest(2))) {
                List<List<Hypothesis>> out = decode(h, sources, settings.withAttention(true), 5);
                for (int i = 0; i < sources.size(); i++) {
                    for (Hypothesis hyp : out.get(i)) {
                        assertThat(hyp.attention()).hasNumberOfRows(hyp.scoredLength());
                        for (float[] row : hyp.attention()) {
                            assertThat(row).hasSize(sources.get(i).length);
                            double sum = 0;
                            for (float w : row) {
                                sum += w;
                            }
                            assertThat(sum).isCloseTo(1.0, within(1e-4));
                        }
                    }
                }
            }
        }
    }

    @Test
    void beamSearchFindsTheBestSequenceGreedyMisses() {
        List<int[]> source = List.of(new int[] {5, EOS});
        Hypothesis greedy = searchTable(SearchSettings.GREEDY).get(0).get(0);
        assertThat(greedy.tokens()).containsExactly(A, A);
        Hypothesis beam = searchTable(SearchSettings.beam(2).withLengthPenalty(0f)).get(0).get(0);
        assertThat(beam.tokens()).containsExactly(B);
        assertThat(beam.ended()).isTrue();
        assertThat(beam.logProb()).isCloseTo(Math.log(0.4) + Math.log(0.6), within(1e-5));
        assertThat(beam.score()).isCloseTo(beam.logProb() / 2, within(1e-9));
        assertThat(source).hasSize(1);
    }

    @Test
    void beamSearchGoesOnWhileALiveHypothesisWouldStillRankAmongTheFinishedOnes() {
        // k = 2: "" and "a" end by the second step, filling both places; "a b" ends one step later
        // and ranks first by length-normalised score (α = 1): −0.717 against −0.799 and −1.54.
        SearchSettings settings = SearchSettings.beam(2).withLengthPenalty(1f).withNBest(2);
        List<Hypothesis> found = runFake(settings, DecodingTest::lateBest).get(0);

        assertThat(found.get(0).tokens()).containsExactly(A, B);
        assertThat(found.get(0).ended()).isTrue();
        assertThat(found.get(0).normalizedScore(1f))
                .isCloseTo(Math.log(0.55 * 0.7 * 0.999) / (8 / 6.0), within(1e-5));
        assertThat(found.get(1).tokens()).isEmpty();
    }

    @Test
    void lengthPenaltyAndNBestOrder() {
        List<Hypothesis> plain =
                searchTable(SearchSettings.beam(2).withLengthPenalty(0f).withNBest(2)).get(0);
        assertThat(plain).hasSize(2);
        assertThat(plain.get(0).tokens()).containsExactly(B);
        assertThat(plain.get(1).tokens()).containsExactly(A, A);
        assertThat(plain.get(0).logProb()).isGreaterThan(plain.get(1).logProb());
        // a strong length penalty prefers the longer translation
        List<Hypothesis> penalised =
                searchTable(SearchSettings.beam(2).withLengthPenalty(3f).withNBest(2)).get(0);
        assertThat(penalised.get(0).tokens()).containsExactly(A, A);
        assertThat(penalised.get(0).normalizedScore(3f))
                .isGreaterThan(penalised.get(1).normalizedScore(3f));
        double gnmt = Math.log(0.6 * 0.36 * 0.999) / Math.pow(8 / 6.0, 3);
        assertThat(penalised.get(0).normalizedScore(3f)).isCloseTo(gnmt, within(1e-5));
    }

    @Test
    void noRepeatNgramBlocksRepeats() {
        SearchSettings settings = SearchSettings.GREEDY.withNoRepeatNgram(2);
        long[] tokens = searchLoop(settings).get(0).get(0).tokens();
        assertThat(tokens.length).isGreaterThan(3);
        List<String> bigrams = new ArrayList<>();
        for (int i = 0; i + 1 < tokens.length; i++) {
            bigrams.add(tokens[i] + " " + tokens[i + 1]);
        }
        assertThat(bigrams).doesNotHaveDuplicates();
        // without blocking, the same model repeats one token to the limit
        long[] free = searchLoop(SearchSettings.GREEDY).get(0).get(0).tokens();
        assertThat(free).containsOnly(A).hasSize(SearchSettings.GREEDY.maxLength(2));
    }

    private static List<List<Hypothesis>> decode(
            ModelHarness h, List<int[]> sources, SearchSettings settings, int batchSize) {
        return new BatchDecoder(h.model, settings, batchSize, BOS, EOS).decode(sources, h.manager);
    }

    private static long[] flatten(long[][] rows) {
        return Arrays.stream(rows).flatMapToLong(Arrays::stream).toArray();
    }

    // A hand-built distribution over 5 tokens (pad, bos, eos, a, b), by prefix:
    //   []: a 0.6, b 0.4;  [a]: a 0.36, b 0.34, eos 0.3;  [b]: eos 0.6, a 0.2, b 0.2;
    //   longer: eos 0.999. Greedy takes a, a (0.216); the best sequence is b (0.24).
    private static final long A = 3;
    private static final long B = 4;

    private static float[] table(long[] prefix) {
        if (prefix.length == 0) {
            return new float[] {0, 0, 0, 0.6f, 0.4f};
        }
        if (prefix.length == 1 && prefix[0] == A) {
            return new float[] {0, 0, 0.3f, 0.36f, 0.34f};
        }
        if (prefix.length == 1) {
            return new float[] {0, 0, 0.6f, 0.2f, 0.2f};
        }
        return new float[] {0, 0, 0.999f, 0.0005f, 0.0005f};
    }

    /** []: a 0.55, eos 0.45; [a]: b 0.7, eos 0.3; longer: eos 0.999. */
    private static float[] lateBest(long[] prefix) {
        if (prefix.length == 0) {
            return new float[] {0, 0, 0.45f, 0.55f, 0};
        }
        if (prefix.length == 1) {
            return new float[] {0, 0, 0.3f, 0, 0.7f};
        }
        return new float[] {0, 0, 0.999f, 0.0005f, 0.0005f};
    }

    /** Always prefers a: a 0.9, b 0.06, eos 0.04. */
    private static float[] loop(long[] prefix) {
        return new float[] {0, 0, 0.04f, 0.9f, 0.06f};
    }

    private static List<List<Hypothesis>> searchTable(SearchSettings settings) {
        return runFake(settings, DecodingTest::table);
    }

    private static List<List<Hypothesis>> searchLoop(SearchSettings settings) {
        return runFake(settings, DecodingTest::loop);
    }

    private static List<List<Hypothesis>> runFake(
            SearchSettings settings, java.util.function.Function<long[], float[]> probabilities) {
        List<int[]> sources = List.of(new int[] {5, EOS});
        try (NDManager manager = NDManager.newBaseManager();
                Decoding decoding = new TableDecoding(manager, probabilities)) {
            return Search.of(settings, BOS, EOS).search(decoding, sources, settings);
        }
    }

    /** A {@link Decoding} whose next-token distribution is a function of each row's prefix. */
    private static final class TableDecoding implements Decoding {
        private final NDManager manager;
        private final java.util.function.Function<long[], float[]> probabilities;
        private List<long[]> prefixes = new ArrayList<>(List.of(new long[0]));

        TableDecoding(NDManager manager, java.util.function.Function<long[], float[]> p) {
            this.manager = manager;
            this.probabilities = p;
        }

        @Override
        public NDArray step(long[] lastTokens) {
            int rows = lastTokens.length;
            float[] out = new float[rows * 5];
            List<long[]> next = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                long[] prefix = prefixes.get(r);
                if (lastTokens[r] != BOS) {
                    prefix = Arrays.copyOf(prefix, prefix.length + 1);
                    prefix[prefix.length - 1] = lastTokens[r];
                }
                next.add(prefix);
                float[] p = probabilities.apply(prefix);
                for (int v = 0; v < 5; v++) {
                    out[r * 5 + v] = (float) Math.log(p[v]);
                }
            }
            prefixes = next;
            return manager.create(out, new Shape(rows, 5));
        }

        @Override
        public void select(long[] rows) {
            List<long[]> next = new ArrayList<>();
            for (long r : rows) {
                next.add(prefixes.get((int) r));
            }
            prefixes = next;
        }

        @Override
        public NDArray lastAttention() {
            return null;
        }

        @Override
        public long sourceLength() {
            return 2;
        }

        @Override
        public int maxTargetLength() {
            return 256;
        }

        @Override
        public void close() {}
    }
}
