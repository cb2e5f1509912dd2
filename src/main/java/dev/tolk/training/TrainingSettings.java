package dev.tolk.training;

import dev.tolk.decode.SearchSettings;
import dev.tolk.model.TransformerConfig;

/**
 * Everything a training run is told: the corpus, the model preset and the recipe. The command line
 * ({@code train}, flags or {@code --config FILE}) and {@code POST /train} accept this same record;
 * fields left out (null) take the defaults below. Every number has a range, upper bounds included
 * (the {@code MAX_} constants: 30 days, 100 million steps, beams of 64, ...); a value outside it,
 * Infinity or NaN is refused with a message that starts with the field's name.
 *
 * @param sourceLang source language code, e.g. {@code en}
 * @param targetLang target language code
 * @param trainSource training source file (or the TSV / JSON Lines file when trainTarget is null)
 * @param trainTarget training target file
 * @param validSource held-out source file; without one a seeded split is held out
 * @param validTarget held-out target file
 * @param testSource test source file, scored once at the end
 * @param testTarget test target file
 * @param preset small (default), multi30k, base or tiny; the recipe's other defaults follow it (see
 *     {@link Recipe#of})
 * @param vocabSize joint BPE vocabulary size (8,000; multi30k 10,000; base 32,000)
 * @param dropout overrides the preset's dropout
 * @param maxEpochs epochs at most (small 50, multi30k 100, base and tiny 20)
 * @param maxMinutes wall-clock limit over all sessions of the run (none)
 * @param maxSteps updates at most (none)
 * @param batchTokens padded source + target tokens per batch (4,096; base 8,192)
 * @param accumulate batches per update (1; base 6)
 * @param learningRate peak learning rate (small 1e-3, multi30k 5e-3; base and tiny the paper's
 *     d^-0.5 · warmup^-0.5)
 * @param warmupSteps linear warm-up updates (small 400, multi30k 2,000, base and tiny 4,000)
 * @param coolDown share of the run's budget (the nearest of maxMinutes, maxSteps and maxEpochs)
 *     over which the learning rate falls linearly to zero at the end (small 0.2; the others 0, as
 *     published)
 * @param labelSmoothing ε of the loss (0.1)
 * @param clipNorm global gradient norm limit, 0 for none (0, as the paper and the peer)
 * @param evalEverySteps evaluate every N updates; 0 evaluates at the end of every epoch (0)
 * @param patience evaluations without a better held-out BLEU before stopping (10; tiny 5); with a
 *     cool-down, before the cool-down starts at once, the run stopping when it ends
 * @param averageLast average the parameters of the last N evaluations' checkpoints at the end, kept
 *     if it beats the best single checkpoint on held-out data; 0 keeps the best (small and base 5,
 *     multi30k 10, tiny 0)
 * @param logEverySteps a progress line every N updates (50)
 * @param seed seeds model initialization, batching, dropout and the held-out split (1)
 * @param heldOutFraction share held out when no validation set is given (0.02)
 * @param maxHeldOut held-out pairs at most, about, when splitting (1,000): a corpus of more than
 *     maxHeldOut / heldOutFraction pairs holds out that share of its pairs instead (see {@link
 *     dev.tolk.data.HeldOutSplit#capped}); unused with a validation set
 * @param beamSize beam size for the evaluations during training (1: greedy, fast)
 * @param lengthPenalty GNMT α for beam search (1.5: chosen on Multi30k en→de val, see {@link
 *     SearchSettings#DEFAULT_LENGTH_PENALTY})
 * @param finalBeamSize beam size for the final held-out and test scores (5)
 * @param baseModel a finished model's directory to fine-tune: the run starts from its parameters,
 *     architecture and vocabulary instead of learning new ones, and the fields left out take the
 *     fine-tuning recipe's defaults ({@link FineTuning}; applied by {@link SettingsFields}); none:
 *     trained from scratch
 * @param mixBaseShare share of the training pairs drawn from the base model's own training corpus
 *     (its held-out pairs excluded), so that the old domain is not forgotten: 0 (default) to 0.9;
 *     only with a baseModel whose recipe names corpus files that are still there
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
        Float coolDown,
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
        Integer finalBeamSize,
        String baseModel,
        Float mixBaseShare) {

    /** The largest {@link #mixBaseShare}: a fine-tuning run trains mostly on its new corpus. */
    public static final float MAX_MIX_BASE_SHARE = 0.9f;

    /**
     * The default preset: the recipe for corpora of Multi30k's size (tens of thousands of pairs).
     */
    public static final String DEFAULT_PRESET = "small";

    /**
     * A preset's defaults for the settings a request leaves out.
     *
     * @param learningRate peak rate, or null for the paper's d^-0.5 · warmup^-0.5
     */
    record Recipe(
            int vocabSize,
            int maxEpochs,
            int batchTokens,
            int accumulate,
            int warmupSteps,
            Float learningRate,
            float coolDown,
            int patience,
            int averageLast) {

        /**
         * small: the default, chosen for corpora of tens of thousands of pairs trained for about an
         * hour on a CPU (d 256 learns fastest per minute; short warm-up, peak 1e-3, cooled down to
         * zero over the last fifth of the budget). multi30k: the published Transformer-tiny recipe
         * for long runs on Multi30k. base: the paper's base model and schedule (about 50k tokens
         * per update), for more than ~1M pairs. tiny: tests and toy tasks.
         */
        static Recipe of(String preset) {
            return switch (preset) {
                case "small" -> new Recipe(8000, 50, 4096, 1, 400, 1e-3f, 0.2f, 10, 5);
                case "multi30k" -> new Recipe(10_000, 100, 4096, 1, 2000, 5e-3f, 0f, 10, 10);
                case "base" -> new Recipe(32_000, 20, 8192, 6, 4000, null, 0f, 10, 5);
                default -> new Recipe(8000, 20, 4096, 1, 4000, null, 0f, 5, 0);
            };
        }
    }

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
        Recipe recipe = Recipe.of(preset);
        vocabSize = orDefault(vocabSize, recipe.vocabSize());
        maxEpochs = orDefault(maxEpochs, recipe.maxEpochs());
        batchTokens = orDefault(batchTokens, recipe.batchTokens());
        accumulate = orDefault(accumulate, recipe.accumulate());
        warmupSteps = orDefault(warmupSteps, recipe.warmupSteps());
        learningRate = learningRate == null ? recipe.learningRate() : learningRate;
        coolDown = coolDown == null ? recipe.coolDown() : coolDown;
        labelSmoothing = labelSmoothing == null ? 0.1f : labelSmoothing;
        clipNorm = clipNorm == null ? 0f : clipNorm;
        evalEverySteps = orDefault(evalEverySteps, 0);
        patience = orDefault(patience, recipe.patience());
        averageLast = orDefault(averageLast, recipe.averageLast());
        logEverySteps = orDefault(logEverySteps, 50);
        seed = seed == null ? 1L : seed;
        heldOutFraction = heldOutFraction == null ? 0.02 : heldOutFraction;
        maxHeldOut = orDefault(maxHeldOut, 1000);
        beamSize = orDefault(beamSize, 1);
        lengthPenalty =
                lengthPenalty == null ? SearchSettings.DEFAULT_LENGTH_PENALTY : lengthPenalty;
        finalBeamSize = orDefault(finalBeamSize, 5);
        require(
                baseModel == null || !baseModel.isBlank(),
                "baseModel must name a model (its directory), or be left out");
        mixBaseShare = mixBaseShare == null ? 0f : mixBaseShare;
        require(
                mixBaseShare >= 0 && mixBaseShare <= MAX_MIX_BASE_SHARE,
                "mixBaseShare ("
                        + mixBaseShare
                        + ") must be between 0 and "
                        + MAX_MIX_BASE_SHARE
                        + " (the share of training pairs drawn from the base model's corpus)");
        require(
                mixBaseShare == 0 || baseModel != null,
                "mixBaseShare ("
                        + mixBaseShare
                        + ") needs a baseModel: it mixes in the base model's training corpus");
        requireInt("beamSize", beamSize, 1, MAX_BEAM, " (1 is greedy)");
        requireInt("finalBeamSize", finalBeamSize, 1, MAX_BEAM, " (1 is greedy)");
        require(
                lengthPenalty >= 0 && lengthPenalty <= 10,
                "lengthPenalty (" + lengthPenalty + ") must be between 0 and 10");
        require(
                vocabSize > 260 && vocabSize <= MAX_VOCAB,
                "vocabSize (" + vocabSize + ") must exceed 260 and be at most " + MAX_VOCAB);
        requireInt("maxEpochs", maxEpochs, 1, MAX_EPOCHS, "");
        requireInt("batchTokens", batchTokens, 16, MAX_BATCH_TOKENS, "");
        requireInt("accumulate", accumulate, 1, MAX_ACCUMULATE, "");
        requireInt("warmupSteps", warmupSteps, 1, MAX_WARMUP_STEPS, "");
        require(
                labelSmoothing >= 0 && labelSmoothing < 1,
                "labelSmoothing (" + labelSmoothing + ") must be in [0, 1)");
        require(coolDown >= 0 && coolDown < 1, "coolDown (" + coolDown + ") must be in [0, 1)");
        require(
                clipNorm >= 0 && clipNorm <= MAX_CLIP_NORM,
                "clipNorm ("
                        + clipNorm
                        + ") must be 0 (off) or positive, at most "
                        + (int) MAX_CLIP_NORM);
        requireInt("patience", patience, 1, MAX_PATIENCE, "");
        requireInt(
                "averageLast",
                averageLast,
                0,
                MAX_AVERAGE_LAST,
                " (each is a checkpoint kept on disk; 0 keeps the best)");
        requireInt("logEverySteps", logEverySteps, 1, MAX_STEPS, "");
        require(
                dropout == null || (dropout >= 0 && dropout < 1),
                "dropout (" + dropout + ") must be in [0, 1)");
        require(
                heldOutFraction > 0 && heldOutFraction < 1,
                "heldOutFraction (" + heldOutFraction + ") must be between 0 and 1");
        requireInt("maxHeldOut", maxHeldOut, 1, MAX_HELD_OUT, "");
        requireInt("evalEverySteps", evalEverySteps, 0, MAX_STEPS, " (0: every epoch)");
        // Infinity (JSON's 1e400 reads as it) and NaN fail both comparisons.
        require(
                maxMinutes == null || (maxMinutes > 0 && maxMinutes <= MAX_MINUTES),
                "maxMinutes ("
                        + maxMinutes
                        + ") must be positive and at most "
                        + (int) MAX_MINUTES
                        + " (30 days)");
        require(
                maxSteps == null || (maxSteps > 0 && maxSteps <= MAX_STEPS),
                "maxSteps (" + maxSteps + ") must be positive and at most " + MAX_STEPS);
        require(
                learningRate == null || (learningRate > 0 && learningRate <= MAX_LEARNING_RATE),
                "learningRate ("
                        + learningRate
                        + ") must be positive and at most "
                        + (int) MAX_LEARNING_RATE);
    }

    /** Upper bounds: beyond them a value is a mistake (or an attack), not a recipe. */
    public static final double MAX_MINUTES = 30 * 24 * 60;

    public static final int MAX_EPOCHS = 100_000;
    public static final int MAX_STEPS = 100_000_000;
    public static final int MAX_WARMUP_STEPS = 10_000_000;
    public static final int MAX_BATCH_TOKENS = 1_000_000;
    public static final int MAX_ACCUMULATE = 1024;
    public static final int MAX_VOCAB = 1_000_000;
    public static final int MAX_BEAM = 64;
    public static final int MAX_PATIENCE = 100_000;
    public static final int MAX_AVERAGE_LAST = 100;
    public static final int MAX_HELD_OUT = 1_000_000;
    public static final double MAX_LEARNING_RATE = 1;
    public static final double MAX_CLIP_NORM = 1_000_000;

    private static void requireInt(String name, int value, int min, int max, String note) {
        require(
                value >= min && value <= max,
                name + " (" + value + ") must be between " + min + " and " + max + note);
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

    /**
     * How the held-out and test sets are decoded for the final scores: as {@code evaluate} and the
     * service decode by default ({@link SearchSettings#DEFAULT_NO_REPEAT_NGRAM}).
     */
    public SearchSettings finalSearch() {
        return search(finalBeamSize).withNoRepeatNgram(SearchSettings.DEFAULT_NO_REPEAT_NGRAM);
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
