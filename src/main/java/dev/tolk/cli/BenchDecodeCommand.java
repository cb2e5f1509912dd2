package dev.tolk.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.tolk.decode.BatchDecoder;
import dev.tolk.decode.DecodeStreams;
import dev.tolk.decode.Hypothesis;
import dev.tolk.decode.SearchSettings;
import dev.tolk.io.TextFiles;
import dev.tolk.model.StepWeights;
import dev.tolk.model.TransformerConfig;
import dev.tolk.model.TransformerModel;
import dev.tolk.modelstore.LoadedModel;
import dev.tolk.runtime.EngineInfo;
import dev.tolk.runtime.GradMode;
import dev.tolk.runtime.ProcessMemory;
import dev.tolk.text.BpeLearner;
import dev.tolk.text.SubwordTokenizer;
import dev.tolk.text.TextNormalizer;
import dev.tolk.text.TokenizerJson;
import dev.tolk.text.WordCounts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bench decode}: decoding throughput on every line of a file, set up as the plain-PyTorch
 * peer's {@code --mode decode}: length-sorted batches, the default output limit ({@link
 * SearchSettings#DEFAULT_MAX_LENGTH_RATIO} × source subwords + {@link
 * SearchSettings#DEFAULT_MAX_LENGTH_EXTRA}, the peer's), random weights unless a model is given.
 * Tokenization is untimed; the timed part is the model and the search, per batch, after an untimed
 * warm-up ({@code --warmup-seconds}, for the JIT compiler: the peer's Python needs none). {@code
 * --passes N} decodes the file N times and reports resident memory after every pass.
 */
@Command(
        name = "decode",
        mixinStandardHelpOptions = true,
        description =
                "Time decoding a file; prints figures, the last line one JSON object with --json.")
final class BenchDecodeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @ParentCommand BenchCommand bench;

    static final class Weights {
        @Option(names = "--model", description = "A trained model directory.")
        Path model;

        @Option(
                names = "--random-weights",
                description = "A model of --preset with random weights (seeded).")
        boolean random;
    }

    @ArgGroup(multiplicity = "1")
    Weights weights;

    @Option(names = "--preset", defaultValue = "small")
    String preset;

    @Option(
            names = "--vocab",
            description =
                    "tokenizer.json for random weights (default: learn 8k BPE from --source).")
    Path vocab;

    @Option(names = "--source", required = true, description = "One sentence per line.")
    Path source;

    @Option(names = "--method", defaultValue = "greedy", description = "greedy or beam.")
    String method;

    @Option(names = "--beam", defaultValue = "4")
    int beam;

    @Option(names = "--batch-size", defaultValue = "64", description = "Sentences per batch.")
    int batchSize;

    @Option(names = "--passes", defaultValue = "1", description = "Decode the file this often.")
    int passes;

    @Mixin StreamsOption streams;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "5",
            description = "Decode untimed batches this long first (at least one per stream).")
    double warmUpSeconds;

    @Option(names = "--seed", defaultValue = "1")
    int seed;

    @Option(names = "--json")
    boolean json;

    @Option(
            names = "--profile",
            description = "Write PyTorch's profiler trace of the timed part to this file.")
    Path profile;

    /**
     * The model to decode with: loaded from {@code --model} ({@code loaded} set) or of random
     * weights ({@code tempVocab} set when its vocabulary was learned for this run).
     */
    private record Setup(
            LoadedModel loaded,
            SubwordTokenizer tokenizer,
            TransformerModel model,
            NDManager manager,
            Path tempVocab) {

        void close() throws IOException {
            if (loaded != null) {
                loaded.close();
            } else {
                tokenizer.close();
                manager.close();
            }
            if (tempVocab != null) {
                Files.deleteIfExists(tempVocab);
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!method.equals("greedy") && !method.equals("beam")) {
            throw new IllegalArgumentException("--method must be greedy or beam, not " + method);
        }
        EngineInfo engine = EngineInfo.load(dev.tolk.runtime.DeviceChoice.AUTO);
        GradMode.disableOnThisThread();
        List<String> lines =
                TextFiles.readAllLines(source).stream().map(TextNormalizer::normalize).toList();
        SearchSettings settings =
                method.equals("greedy") ? SearchSettings.GREEDY : SearchSettings.beam(beam);
        Setup setup = weights.model != null ? loadedModel(engine) : randomModel(engine, lines);
        try {
            List<int[]> sources = setup.tokenizer().encodeAllWithEnd(lines);
            LoadedModel loaded = setup.loaded();
            // PyTorch's profiler records the thread that starts it: one stream when profiling.
            // As the service does: the parameters are fixed, so every batch shares one layout.
            try (DecodeStreams decodeStreams =
                            profile != null
                                    ? DecodeStreams.single()
                                    : streams.open(engine.device());
                    StepWeights own =
                            loaded != null
                                    ? null
                                    : StepWeights.of(
                                            setup.model(),
                                            new ParameterStore(setup.manager(), false),
                                            setup.manager())) {
                StepWeights stepWeights = loaded != null ? loaded.stepWeights() : own;
                run(setup, sources, settings, decodeStreams, stepWeights);
            }
        } finally {
            setup.close();
        }
        return 0;
    }

    private Setup loadedModel(EngineInfo engine) throws IOException {
        LoadedModel loaded = LoadedModel.load(weights.model, engine.device());
        return new Setup(loaded, loaded.tokenizer(), loaded.model(), loaded.manager(), null);
    }

    /**
     * A model of {@code --preset} with seeded random weights, its vocabulary learned if not given.
     */
    private Setup randomModel(EngineInfo engine, List<String> lines) throws IOException {
        Path tempVocab = null;
        Path vocabFile = vocab;
        if (vocabFile == null) {
            WordCounts counts = new WordCounts();
            lines.forEach(counts::addNormalized);
            tempVocab = Files.createTempFile("tolk-bench-decode", ".json");
            TokenizerJson.write(new BpeLearner(8000).learn(counts), tempVocab);
            vocabFile = tempVocab;
        }
        SubwordTokenizer tokenizer = SubwordTokenizer.load(vocabFile);
        TransformerConfig config =
                TransformerConfig.preset(preset, tokenizer.vocabSize()).toBuilder()
                        .padId(tokenizer.padId())
                        .build();
        Engine.getInstance().setRandomSeed(seed);
        NDManager manager = NDManager.newBaseManager(engine.device());
        TransformerModel model = new TransformerModel(config);
        model.initialize(manager);
        return new Setup(null, tokenizer, model, manager, tempVocab);
    }

    /** One batch: {nanoseconds, target tokens}. */
    private static long[] decodeTimed(BatchDecoder decoder, List<int[]> batch, NDManager manager) {
        long start = System.nanoTime();
        List<List<Hypothesis>> out = decoder.decode(batch, manager);
        long tokens = 0;
        for (List<Hypothesis> h : out) {
            tokens += h.get(0).scoredLength();
        }
        return new long[] {System.nanoTime() - start, tokens};
    }

    /** What the timed passes measured. */
    private static final class Timing {
        final List<Double> batchMillis = new ArrayList<>();
        long targetTokens;
        double seconds;
        double rssFirst;
        final List<Double> rssByPass = new ArrayList<>();
        double rssLast;
        ProfileSummary profile; // with --profile
    }

    private void run(
            Setup setup,
            List<int[]> sources,
            SearchSettings settings,
            DecodeStreams decodeStreams,
            StepWeights stepWeights) {
        BatchDecoder decoder =
                new BatchDecoder(
                        setup.model(),
                        settings,
                        batchSize,
                        setup.tokenizer().bosId(),
                        setup.tokenizer().eosId(),
                        stepWeights);
        List<List<int[]>> batches = new ArrayList<>();
        for (List<Integer> indices : BatchDecoder.batches(sources, batchSize)) {
            batches.add(indices.stream().map(sources::get).toList());
        }
        warmUp(decoder, batches, decodeStreams, setup.manager());
        Timing timing = timePasses(decoder, batches, decodeStreams, setup.manager());
        report(timing, (long) sources.size() * passes, settings, decodeStreams);
    }

    /**
     * Untimed rounds of one batch per stream until --warmup-seconds have passed, so every stream
     * thread has started and the JIT compiler has settled (it compiles the search's Java code in
     * the first seconds, on the cores the streams need).
     */
    private void warmUp(
            BatchDecoder decoder,
            List<List<int[]>> batches,
            DecodeStreams decodeStreams,
            NDManager manager) {
        long warmUpEnd = System.nanoTime() + (long) (warmUpSeconds * 1e9);
        int next = 0;
        do {
            List<Callable<long[]>> warmUp = new ArrayList<>();
            for (int i = 0; i < Math.min(batches.size(), decodeStreams.streams()); i++) {
                List<int[]> batch = batches.get(next++ % batches.size());
                warmUp.add(() -> decodeTimed(decoder, batch, manager));
            }
            decodeStreams.runAll(warmUp);
        } while (System.nanoTime() < warmUpEnd);
    }

    /** --passes passes over all batches, under PyTorch's profiler with --profile. */
    private Timing timePasses(
            BatchDecoder decoder,
            List<List<int[]>> batches,
            DecodeStreams decodeStreams,
            NDManager manager) {
        Timing timing = new Timing();
        if (profile != null) {
            JniUtils.startProfile(false, false, false);
        }
        for (int pass = 0; pass < passes; pass++) {
            long passStart = System.nanoTime();
            List<Callable<long[]>> tasks = new ArrayList<>();
            for (List<int[]> batch : batches) {
                tasks.add(() -> decodeTimed(decoder, batch, manager));
            }
            for (long[] r : decodeStreams.runAll(tasks)) {
                timing.batchMillis.add(r[0] / 1e6);
                timing.targetTokens += r[1];
            }
            timing.seconds += (System.nanoTime() - passStart) / 1e9;
            if (pass == 0) {
                timing.rssFirst = ProcessMemory.residentMib();
            }
            timing.rssByPass.add(ProcessMemory.residentMib());
        }
        if (profile != null) {
            JniUtils.stopProfile(profile.toAbsolutePath().toString());
            try {
                timing.profile = ProfileSummary.read(profile);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not read the trace " + profile, e);
            }
        }
        timing.rssLast = ProcessMemory.residentMib();
        return timing;
    }

    /** The text line (unless --json) and the JSON line. */
    private void report(
            Timing t, long sentences, SearchSettings settings, DecodeStreams decodeStreams) {
        double[] ms = t.batchMillis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = ms[ms.length / 2];
        double p90 = ms[Math.min(ms.length - 1, (int) Math.ceil(0.9 * ms.length) - 1)];
        PrintWriter out = spec.commandLine().getOut();
        String what = method.equals("beam") ? "beam " + beam : "greedy";
        if (!json) {
            out.printf(
                    Locale.ROOT,
                    "%s, batch %d, %s: %.1f sentences/s, %.0f target tokens/s (%d sentences, %.2f s);"
                            + " per batch median %.1f ms, p90 %.1f ms; RSS %.0f MiB after pass 1,"
                            + " %.0f MiB after pass %d%n",
                    what,
                    batchSize,
                    decodeStreams,
                    sentences / t.seconds,
                    t.targetTokens / t.seconds,
                    sentences,
                    t.seconds,
                    median,
                    p90,
                    t.rssFirst,
                    t.rssLast,
                    passes);
        }
        if (t.profile != null && !json) {
            ProfileSummary p = t.profile;
            out.printf(
                    Locale.ROOT,
                    "profile: %d steps, %.1f operators a step (%.0f µs in them of %.0f µs a step,"
                            + " %.0f %%); per step: %s%n",
                    p.steps(),
                    p.opsPerStep(),
                    p.opMicrosPerStep(),
                    p.wallMicrosPerStep(),
                    100 * p.opTimeShare(),
                    describe(p.top(12)));
        }
        out.println(jsonLine(t, sentences, median, p90, settings, decodeStreams));
        out.flush();
    }

    private static String describe(java.util.Map<String, double[]> top) {
        StringBuilder text = new StringBuilder();
        top.forEach(
                (name, v) ->
                        text.append(
                                String.format(
                                        Locale.ROOT,
                                        "%s%s %.1f× %.0f µs",
                                        text.isEmpty() ? "" : ", ",
                                        name.replace("aten::", ""),
                                        v[0],
                                        v[1])));
        return text.toString();
    }

    private String jsonLine(
            Timing t,
            long sentences,
            double median,
            double p90,
            SearchSettings settings,
            DecodeStreams decodeStreams) {
        return new JsonLine()
                .put("method", method)
                .put("beam", settings.beamSize())
                .put("batch_size", batchSize)
                .put("threads", JsonLine.threads())
                .put("streams", decodeStreams.streams())
                .put("threads_per_stream", decodeStreams.threadsPerStream())
                .put("warmup_seconds", warmUpSeconds, 1)
                .put("sentences", sentences)
                .put("seconds", t.seconds, 3)
                .put("sentences_per_s", sentences / t.seconds, 2)
                .put("tgt_tokens", t.targetTokens)
                .put("tgt_tokens_per_s", t.targetTokens / t.seconds, 1)
                .put("mean_tgt_len", (double) t.targetTokens / sentences, 2)
                .put("batch_ms_median", median, 2)
                .put("batch_ms_p90", p90, 2)
                .put("passes", passes)
                .put("rss_after_first_pass_mib", t.rssFirst, 1)
                .put("rss_after_last_pass_mib", t.rssLast, 1)
                .put("peak_rss_mib", ProcessMemory.peakResidentMib(), 1)
                .put("rss_by_pass_mib", t.rssByPass.stream().map(Math::round).toList())
                .put("profile", t.profile == null ? null : profileJson(t.profile))
                .line();
    }

    private static java.util.Map<String, Object> profileJson(ProfileSummary p) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("steps", p.steps());
        out.put("ops_per_step", Math.round(p.opsPerStep() * 10) / 10.0);
        out.put("op_us_per_step", Math.round(p.opMicrosPerStep()));
        out.put("wall_us_per_step", Math.round(p.wallMicrosPerStep()));
        out.put("op_time_share", Math.round(p.opTimeShare() * 1000) / 1000.0);
        java.util.Map<String, Object> top = new java.util.LinkedHashMap<>();
        p.top(12)
                .forEach(
                        (name, v) ->
                                top.put(
                                        name,
                                        List.of(
                                                Math.round(v[0] * 100) / 100.0,
                                                Math.round(v[1] * 10) / 10.0)));
        out.put("top_ops_calls_and_us_per_step", top);
        return out;
    }
}
