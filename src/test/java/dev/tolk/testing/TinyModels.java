package dev.tolk.testing;

import dev.tolk.runtime.DeviceChoice;
import dev.tolk.training.EvaluationRecord;
import dev.tolk.training.ProgressListener;
import dev.tolk.training.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A toy task (source words {@code wN} become target words {@code z(19-N)}) and tiny models trained
 * on it in seconds, for tests of the service and the command line.
 */
public final class TinyModels {

    private TinyModels() {}

    /** {@code pairs} lines of {@code source TAB target}. */
    public static String corpus(int pairs, long seed) {
        return slice(pairs, seed, 20);
    }

    /**
     * {@code pairs} lines of {@code source TAB target} that use only the first {@code words} source
     * words ({@code w0} to {@code w(words-1)}): a slice of the task, for fine-tuning.
     */
    public static String slice(int pairs, long seed, int words) {
        StringBuilder text = new StringBuilder();
        Random random = new Random(seed);
        for (int i = 0; i < pairs; i++) {
            StringBuilder source = new StringBuilder();
            StringBuilder target = new StringBuilder();
            for (int j = 0, n = 2 + random.nextInt(5); j < n; j++) {
                int word = random.nextInt(words);
                source.append(j == 0 ? "" : " ").append("w").append(word);
                target.append(j == 0 ? "" : " ").append("z").append(19 - word);
            }
            text.append(source).append('\t').append(target).append('\n');
        }
        return text.toString();
    }

    /** The toy task's answer for {@code source}: every {@code wN} becomes {@code z(19-N)}. */
    public static String answer(String source) {
        StringBuilder target = new StringBuilder();
        for (String word : source.strip().split("\\s+")) {
            int n = Integer.parseInt(word.substring(1));
            target.append(target.isEmpty() ? "" : " ").append("z").append(19 - n);
        }
        return target.toString();
    }

    /**
     * Trains a tiny model that has learned the toy task (600 updates without dropout, about 8 s on
     * two cores): its translations of short inputs are the task's {@link #answer answers}.
     */
    public static Path trainAccurate(Path dir, String sourceLang, String targetLang)
            throws IOException {
        return train(dir, sourceLang, targetLang, 600, 0f, 512, 30, false);
    }

    /**
     * {@link #trainAccurate} on the reverse task ({@code zN} becomes {@code w(19-N)}): chained
     * after a model of the toy task it gives back the source.
     */
    public static Path trainAccurateReversed(Path dir, String sourceLang, String targetLang)
            throws IOException {
        return train(dir, sourceLang, targetLang, 600, 0f, 512, 30, true);
    }

    /** Trains a tiny model for {@code steps} updates into {@code dir}. */
    public static Path train(Path dir, String sourceLang, String targetLang, int steps)
            throws IOException {
        return train(dir, sourceLang, targetLang, steps, 0.1f, 256, 10, false);
    }

    private static Path train(
            Path dir,
            String sourceLang,
            String targetLang,
            int steps,
            float dropout,
            int batchTokens,
            int warmupSteps,
            boolean reversed)
            throws IOException {
        Files.createDirectories(dir.getParent());
        String pairs = corpus(300, 1);
        if (reversed) {
            pairs =
                    pairs.lines()
                            .map(l -> l.replaceAll("^(.*)\t(.*)$", "$2\t$1") + "\n")
                            .reduce("", String::concat);
        }
        Path corpus = Files.writeString(dir.getParent().resolve(dir.getFileName() + ".tsv"), pairs);
        var settings =
                TrainingSettingsBuilder.settings(corpus.toString())
                        .sourceLang(sourceLang)
                        .targetLang(targetLang)
                        .preset("tiny")
                        .vocabSize(300)
                        .dropout(dropout)
                        .maxEpochs(500)
                        .maxSteps(steps)
                        .batchTokens(batchTokens)
                        .accumulate(1)
                        .learningRate(3e-3f)
                        .warmupSteps(warmupSteps)
                        .labelSmoothing(0.1f)
                        .clipNorm(1f)
                        .evalEverySteps(steps)
                        .patience(100)
                        .averageLast(0)
                        .logEverySteps(5)
                        .seed(3L)
                        .finalBeamSize(1)
                        .build();
        new TrainingRun(settings, dir, DeviceChoice.CPU, new Quiet()).run(false);
        Files.delete(corpus);
        return dir;
    }

    private static final class Quiet implements ProgressListener {
        @Override
        public void onProgress(Progress progress) {}

        @Override
        public void onEvaluation(EvaluationRecord evaluation) {}
    }
}
