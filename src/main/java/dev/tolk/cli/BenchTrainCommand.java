package dev.tolk.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.tolk.data.CleaningOptions;
import dev.tolk.data.CorpusFiles;
import dev.tolk.data.CorpusPass;
import dev.tolk.data.HeldOutSplit;
import dev.tolk.data.SentencePair;
import dev.tolk.data.TokenBatch;
import dev.tolk.data.TokenBatcher;
import dev.tolk.model.TransformerConfig;
import dev.tolk.runtime.EngineInfo;
import dev.tolk.runtime.GradMode;
import dev.tolk.runtime.ProcessMemory;
import dev.tolk.text.SubwordTokenizer;
import dev.tolk.training.InverseSqrtSchedule;
import dev.tolk.training.TrainingLoop;
import dev.tolk.training.TrainingSetup;
import dev.tolk.training.Vocabulary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bench train}: training throughput on the first batches of a corpus, set up as the
 * plain-PyTorch peer sets up its own ({@code baseline.py --mode throughput}): joint 8k BPE learned
 * untimed, token-budget batches, label smoothing 0.1, the preset's dropout, Adam with warm-up.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Time training steps; prints figures, the last line one JSON object with --json.")
final class BenchTrainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @ParentCommand BenchCommand bench;

    @Option(names = "--preset", defaultValue = "small")
    String preset;

    @Option(names = "--vocab-size", defaultValue = "8000")
    int vocabSize;

    @Option(names = "--batch-tokens", defaultValue = "4096")
    int batchTokens;

    @Option(names = "--steps", defaultValue = "30")
    int steps;

    @Option(names = "--warmup-steps", defaultValue = "5")
    int warmupSteps;

    @Option(names = "--train-source", required = true)
    Path trainSource;

    @Option(names = "--train-target", required = true)
    Path trainTarget;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--json")
    boolean json;

    @Option(
            names = "--profile",
            description =
                    "Write PyTorch's profiler trace of the timed steps to this file (Chrome trace"
                            + " JSON; open in chrome://tracing or Perfetto).")
    Path profile;

    @Override
    public Integer call() throws Exception {
        EngineInfo engine = EngineInfo.load(dev.tolk.runtime.DeviceChoice.AUTO);
        GradMode.disableOnThisThread();
        Prepared prepared = prepare();
        ProcessMemory.releaseUnusedHeap(); // as train does before its first step
        List<TokenBatch> batches = prepared.batches();
        TransformerConfig config = prepared.config();
        // The peer's optimization: the paper's schedule, label smoothing 0.1, no clipping.
        var optimization =
                new TrainingSetup.Optimization(
                        InverseSqrtSchedule.paperPeak(config.modelDim(), 4000),
                        4000,
                        0f,
                        0.1f,
                        0f,
                        seed);
        Timings timings = new Timings(steps);
        try (TrainingSetup setup =
                TrainingSetup.open(config, engine.device(), optimization, null)) {
            timeSteps(setup.loop(), batches, config, timings);
        }
        double[] millis = timings.millis;
        double[] phaseMillis = timings.phaseMillis;
        double totalSeconds = Arrays.stream(millis).sum() / 1000;
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        double peak = matmulPeakGflops();
        double achieved = timings.flops / totalSeconds / 1e9;
        print(
                timings.targetTokens / totalSeconds,
                1000 * totalSeconds / steps,
                sorted[steps / 2],
                achieved,
                peak,
                timings.flops / timings.targetTokens,
                phaseMillis);
        return 0;
    }

    /** The corpus's batches and the preset's model for its vocabulary. */
    private record Prepared(List<TokenBatch> batches, TransformerConfig config) {}

    /**
     * The corpus read and cleaned, its joint vocabulary learned (untimed, in a temporary
     * directory), encoded and batched.
     */
    private Prepared prepare() throws IOException {
        CorpusFiles corpus = CorpusFiles.aligned(trainSource, trainTarget);
        HeldOutSplit none = new HeldOutSplit(seed, 1e-9);
        List<SentencePair> pairs = new ArrayList<>();
        CorpusPass.run(corpus, null, none, CleaningOptions.DEFAULTS, pairs::add, p -> {});
        Path dir = Files.createTempDirectory("tolk-bench-train");
        Path vocabFile = dir.resolve("tokenizer.json");
        try {
            Vocabulary.learn(corpus, null, none, vocabSize, vocabFile);
            try (SubwordTokenizer tokenizer = SubwordTokenizer.load(vocabFile)) {
                List<int[]> sources =
                        tokenizer.encodeAllWithEnd(
                                pairs.stream().map(SentencePair::source).toList());
                List<int[]> targets =
                        tokenizer.encodeAllWithEnd(
                                pairs.stream().map(SentencePair::target).toList());
                List<TokenBatch> batches =
                        new TokenBatcher(batchTokens, tokenizer.padId(), tokenizer.bosId())
                                .batches(sources, targets, seed);
                TransformerConfig config =
                        TransformerConfig.preset(preset, tokenizer.vocabSize()).toBuilder()
                                .padId(tokenizer.padId())
                                .build();
                return new Prepared(batches, config);
            }
        } finally {
            Files.deleteIfExists(vocabFile);
            Files.deleteIfExists(dir);
        }
    }

    /** The timed steps' figures: milliseconds each, by phase, and the work done. */
    private static final class Timings {
        final double[] millis;
        final double[] phaseMillis = new double[3]; // forward + loss, backward, update
        long targetTokens;
        double flops;

        Timings(int steps) {
            millis = new double[steps];
        }
    }

    /** {@code warmupSteps} untimed updates, then {@code steps} timed ones (profiled if asked). */
    private void timeSteps(
            TrainingLoop loop, List<TokenBatch> batches, TransformerConfig config, Timings t) {
        for (int i = 0; i < warmupSteps + steps; i++) {
            if (profile != null && i == warmupSteps) {
                JniUtils.startProfile(false, false, false);
            }
            TokenBatch batch = batches.get(i % batches.size());
            long start = System.nanoTime();
            var result = loop.step(List.of(batch));
            double ms = (System.nanoTime() - start) / 1e6;
            if (i >= warmupSteps) {
                t.millis[i - warmupSteps] = ms;
                t.phaseMillis[0] += result.forwardNanos() / 1e6 / steps;
                t.phaseMillis[1] += result.backwardNanos() / 1e6 / steps;
                t.phaseMillis[2] += result.updateNanos() / 1e6 / steps;
                t.targetTokens += result.targetTokens();
                t.flops += 3 * forwardFlops(batch, config);
            }
        }
        if (profile != null) {
            JniUtils.stopProfile(profile.toAbsolutePath().toString());
        }
    }

    private void print(
            double tokensPerSecond,
            double meanMs,
            double medianMs,
            double achieved,
            double peak,
            double flopsPerToken,
            double[] phaseMillis)
            throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        double rss = ProcessMemory.peakResidentMib();
        if (!json) {
            out.printf(
                    Locale.ROOT,
                    "%s: %.0f target tokens/s, %.1f ms/step (median %.1f; forward+loss %.1f, backward %.1f, update %.1f), %.1f GFLOP/s = %.0f%% of matmul peak %.0f GFLOP/s, peak RSS %.0f MiB%n",
                    preset,
                    tokensPerSecond,
                    meanMs,
                    medianMs,
                    phaseMillis[0],
                    phaseMillis[1],
                    phaseMillis[2],
                    achieved,
                    100 * achieved / peak,
                    peak,
                    rss);
        }
        out.println(
                new JsonLine()
                        .put("preset", preset)
                        .put("threads", JsonLine.threads())
                        .put("timed_steps", steps)
                        .put("tgt_tokens_per_s", tokensPerSecond, 1)
                        .put("ms_per_step", meanMs, 1)
                        .put("ms_per_step_median", medianMs, 1)
                        .put("forward_ms", phaseMillis[0], 1)
                        .put("backward_ms", phaseMillis[1], 1)
                        .put("update_ms", phaseMillis[2], 1)
                        .put("train_flops_per_tgt_token_M", flopsPerToken / 1e6, 2)
                        .put("achieved_GFLOPs", achieved, 1)
                        .put("matmul_peak_GFLOPs", peak, 1)
                        .put("fraction_of_peak", achieved / peak, 3)
                        .put("peak_rss_mib", rss, 1)
                        .line());
        out.flush();
    }

    /** Matrix-product FLOPs of one forward pass on the padded batch (the peer's accounting). */
    static double forwardFlops(TokenBatch batch, TransformerConfig c) {
        double b = batch.size();
        double s = batch.sourceLength();
        double t = batch.targetLength();
        double d = c.modelDim();
        double f = c.ffnDim();
        double v = c.vocabSize();
        double enc =
                c.encoderLayerCount()
                        * b
                        * (2 * s * d * 3 * d + 4 * s * s * d + 2 * s * d * d + 4 * s * d * f);
        double dec =
                c.decoderLayerCount()
                        * b
                        * (2 * t * d * 3 * d
                                + 4 * t * t * d
                                + 2 * t * d * d
                                + 2 * t * d * d
                                + 2 * s * d * 2 * d
                                + 4 * t * s * d
                                + 2 * t * d * d
                                + 4 * t * d * f);
        return enc + dec + 2 * b * t * d * v;
    }

    /** fp32 GFLOP/s of a 1024×1024 matrix product through DJL on this machine now. */
    private static double matmulPeakGflops() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomNormal(new Shape(1024, 1024));
            NDArray b = manager.randomNormal(new Shape(1024, 1024));
            double best = 0;
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0); // wait for the result
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                best = Math.max(best, 2.0 * 1024 * 1024 * 1024 / seconds / 1e9);
            }
            return best;
        }
    }
}
