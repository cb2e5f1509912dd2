package dev.tolk.training;

import dev.tolk.decode.SearchSettings;
import dev.tolk.model.TransformerConfig;

/**
 * Everything a training run is told: the corpus, the model preset and the recipe. The command line
 * ({@code train}, flags or {@code --config FILE}) and {@code POST /train} accept this same record;
 * fields left out (null) take the defaults below.
 *
 * @param sourceLang source language code, e.g. {@code en}
 * @param targetLang target language code
 * @param trainSource training source file (or the TSV / JSON Lines file when trainTarget is null)
 * @param trainTarget training target file
 * @param validSource held-out source file; without one a seeded split is held out
 * @param validTarget held-out target file
 * @param testSource test source file, scored once at the end
 * @param testTarget test target file
 * @param preset tiny, small, multi30k (default) or base
 * @param vocabSize joint BPE vocabulary size (10,000 for multi30k, 8,000 otherwise)
 * @param dropout overrides the preset's dropout
 * @param maxEpochs epochs at most (100 for multi30k, 20 otherwise)
 * @param maxMinutes wall-clock limit over all sessions of the run (none)
 * @param maxSteps updates at most (none)
 * @param batchTokens padded source + target tokens per batch (4,096)
 * @param accumulate batches per update (1)
 * @param learningRate peak learning rate (5e-3 for multi30k; the paper's d^-0.5 · warmup^-0.5
 *     otherwise)
 * @param warmupSteps linear warm-up updates (2,000 for multi30k, 4,000 otherwise)
 * @param labelSmoothing ε of the loss (0.1)
 * @param clipNorm global gradient norm limit, 0 for none (0, as the paper and the peer)
 * @param evalEverySteps evaluate every N updates; 0 evaluates at the end of every epoch (0)
 * @param patience evaluations without a better held-out BLEU before stopping (10 for multi30k, 5
 *     otherwise)
 * @param averageLast average the parameters of the last N evaluations' checkpoints at the end; 0
 *     keeps the best (10 for multi30k, 0 otherwise)
 * @param logEverySteps a progress line every N updates (50)
 * @param seed seeds model initialization, batching, dropout and the held-out split (1)
 * @param heldOutFraction share held out when no validation set is given (0.02)
 * @param maxHeldOut held-out pairs at most when splitting (1,000)
 * @param beamSize beam size for the evaluations during training (1: greedy, fast)
 * @param lengthPenalty GNMT α for beam search (0.6)
 * @param finalBeamSize beam size for the final held-out and test scores (5)
 */
public record TrainingSettings(
        String sourceLang,
        String targetLang,
        String trainSource,
        String trainTarget,
        String validSource,
        String validTarget,
        String testSource,
        String testTarget,
        String preset,
        Integer vocabSize,
        Float dropout,
        Integer maxEpochs,
        Double maxMinutes,
        Integer maxSteps,
        Integer batchTokens,
        Integer accumulate,
        Float learningRate,
        Integer warmupSteps,
        Float labelSmoothing,
        Float clipNorm,
        Integer evalEverySteps,
        Integer patience,
        Integer averageLast,
        Integer logEverySteps,
        Long seed,
        Double heldOutFraction,
        Integer maxHeldOut,
        Integer beamSize,
        Float lengthPenalty,
        Integer finalBeamSize) {

    /**
     * The default preset, the recipe for corpora of Multi30k's size (tens of thousands of pairs).
     */
    public static final String DEFAULT_PRESET = "multi30k";

    public TrainingSettings {
        require(sourceLang != null && !sourceLang.isBlank(), "sourceLang is required (e.g. en)");
        require(targetLang != null && !targetLang.isBlank(), "targetLang is required (e.g. de)");
        require(trainSource != null, "trainSource is required: the training corpus");
        require(
                (validSource == null) == (validTarget == null),
                "give both validSource and validTarget, or neither");
        require(
                (testSource == null) == (testTarget == null),
                "give both testSource and testTarget, or neither");
        preset = preset == null ? DEFAULT_PRESET : preset;
        TransformerConfig.preset(preset, 8000); // validates the name
        boolean multi30k = preset.equals("multi30k");
        vocabSize = orDefault(vocabSize, multi30k ? 10_000 : 8000);
        maxEpochs = orDefault(maxEpochs, multi30k ? 100 : 20);
        batchTokens = orDefault(batchTokens, 4096);
        accumulate = orDefault(accumulate, 1);
        warmupSteps = orDefault(warmupSteps, multi30k ? 2000 : 4000);
        learningRate = learningRate == null && multi30k ? Float.valueOf(5e-3f) : learningRate;
        labelSmoothing = labelSmoothing == null ? 0.1f : labelSmoothing;
        clipNorm = clipNorm == null ? 0f : clipNorm;
        evalEverySteps = orDefault(evalEverySteps, 0);
        patience = orDefault(patience, multi30k ? 10 : 5);
        averageLast = orDefault(averageLast, multi30k ? 10 : 0);
        logEverySteps = orDefault(logEverySteps, 50);
        seed = seed == null ? 1L : seed;
        heldOutFraction = heldOutFraction == null ? 0.02 : heldOutFraction;
        maxHeldOut = orDefault(maxHeldOut, 1000);
        beamSize = orDefault(beamSize, 1);
        lengthPenalty = lengthPenalty == null ? 0.6f : lengthPenalty;
        finalBeamSize = orDefault(finalBeamSize, 5);
        require(beamSize >= 1, "beamSize (" + beamSize + ") must be at least 1 (1 is greedy)");
        require(
                finalBeamSize >= 1,
                "finalBeamSize (" + finalBeamSize + ") must be at least 1 (1 is greedy)");
        require(lengthPenalty >= 0, "lengthPenalty (" + lengthPenalty + ") must be 0 or more");
        require(vocabSize > 260, "vocabSize (" + vocabSize + ") must exceed 260");
        require(maxEpochs >= 1, "maxEpochs (" + maxEpochs + ") must be at least 1");
        require(batchTokens >= 16, "batchTokens (" + batchTokens + ") must be at least 16");
        require(accumulate >= 1, "accumulate (" + accumulate + ") must be at least 1");
        require(warmupSteps >= 1, "warmupSteps (" + warmupSteps + ") must be at least 1");
        require(
                labelSmoothing >= 0 && labelSmoothing < 1,
                "labelSmoothing (" + labelSmoothing + ") must be in [0, 1)");
        require(clipNorm >= 0, "clipNorm (" + clipNorm + ") must be 0 (off) or positive");
        require(patience >= 1, "patience (" + patience + ") must be at least 1");
        require(averageLast >= 0, "averageLast (" + averageLast + ") must be 0 or more");
        require(logEverySteps >= 1, "logEverySteps (" + logEverySteps + ") must be at least 1");
        require(
                maxMinutes == null || maxMinutes > 0,
                "maxMinutes (" + maxMinutes + ") must be positive");
        require(maxSteps == null || maxSteps > 0, "maxSteps (" + maxSteps + ") must be positive");
        require(
                learningRate == null || learningRate > 0,
                "learningRate (" + learningRate + ") must be positive");
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The model this recipe trains, for a vocabulary of {@code vocab} tokens padded with id {@code
     * padId}.
     */
    public TransformerConfig modelConfig(int vocab, int padId) {
        TransformerConfig config =
                TransformerConfig.preset(preset, vocab).toBuilder().padId(padId).build();
        return dropout == null ? config : config.withDropout(dropout);
    }

    /** How the held-out set is decoded for the evaluations during training. */
    public SearchSettings search() {
        return search(beamSize);
    }

    /** How the held-out and test sets are decoded for the final scores. */
    public SearchSettings finalSearch() {
        return search(finalBeamSize);
    }

    private SearchSettings search(int beam) {
        return beam == 1
                ? SearchSettings.GREEDY
                : SearchSettings.beam(beam).withLengthPenalty(lengthPenalty);
    }

    /** The peak learning rate for a model of width {@code modelDim}. */
    public float peakLearningRate(int modelDim) {
        return learningRate != null
                ? learningRate
                : InverseSqrtSchedule.paperPeak(modelDim, warmupSteps);
    }
}
