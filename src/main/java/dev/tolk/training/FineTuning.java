package dev.tolk.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The fine-tuning recipe: the defaults of a run that continues a finished model ({@link
 * TrainingSettings#baseModel}) on a new corpus, for the fields a request leaves out. Every value
 * can still be given.
 *
 * <ul>
 *   <li>The architecture and vocabulary are the base model's: {@code preset} and {@code vocabSize}
 *       are taken from its recipe, and refused when given otherwise (the run could not use them).
 *   <li>The shape of an update is the base's: {@code batchTokens}, {@code accumulate}, {@code
 *       labelSmoothing} and {@code clipNorm} from its recipe.
 *   <li>A lower peak learning rate, {@link #RATE_SHARE} of the base's, after a short warm-up, a
 *       {@link #WARMUP_DIVISOR tenth} of the base's (then the inverse square root decay): the
 *       parameters start trained, a full rate would undo much of what they learned. A base that was
 *       itself fine-tuned passes its own rate and warm-up on, so a chain of fine-tunings does not
 *       shrink them each time.
 *   <li>No cool-down, early stopping after {@link #PATIENCE} evaluations without a better BLEU on
 *       the new held-out set, and the best checkpoint kept ({@code averageLast} 0): a run stops
 *       when it stops improving, never continues into a cool-down. The run also evaluates the base
 *       model before its first update, so its final model is never one that scores below its
 *       starting point on the new held-out set.
 *   <li>The languages are the base's when left out; other languages are refused.
 * </ul>
 */
public final class FineTuning {

    /** The peak learning rate as a share of the base's. */
    public static final float RATE_SHARE = 0.25f;

    /** The warm-up as a share of the base's: a tenth. */
    public static final int WARMUP_DIVISOR = 10;

    /** Evaluations without a better held-out BLEU before the run stops. */
    public static final int PATIENCE = 3;

    private FineTuning() {}

    /**
     * {@code given} completed with the fine-tuning defaults of the base model it names ({@code
     * baseModel}: a model directory), its languages checked.
     *
     * @throws InvalidSettingsException naming {@code baseModel} when it is no finished model or
     *     translates another pair, {@code preset} or {@code vocabSize} when they differ from the
     *     base's, {@code mixBaseShare} when the base's corpus cannot be read again
     */
    public static Map<String, Object> withBaseDefaults(Map<String, ?> given) {
        Map<String, Object> fields = new LinkedHashMap<>(given);
        if (!(fields.get("baseModel") instanceof String path)) {
            throw new InvalidSettingsException(
                    "baseModel", "baseModel must name a model directory (a string)");
        }
        BaseModel base = BaseModel.read(path);
        putIfAbsent(fields, "sourceLang", base.manifest().sourceLang());
        putIfAbsent(fields, "targetLang", base.manifest().targetLang());
        base.checkLanguages(
                String.valueOf(fields.get("sourceLang")), String.valueOf(fields.get("targetLang")));
        Optional<TrainingSettings> recipe = base.recipe();
        refuseOther(fields, "preset", recipe.map(TrainingSettings::preset).orElse(null), base);
        refuseVocabSize(fields, recipe, base);
        for (Map.Entry<String, Object> entry : defaults(base).entrySet()) {
            putIfAbsent(fields, entry.getKey(), entry.getValue());
        }
        Object share = fields.get("mixBaseShare");
        if (share instanceof Number n && n.doubleValue() > 0) {
            base.corpusProblem()
                    .ifPresent(
                            problem -> {
                                throw new InvalidSettingsException(
                                        "mixBaseShare",
                                        "mixBaseShare mixes in the base model's training corpus,"
                                                + " but "
                                                + problem
                                                + ": leave mixBaseShare out");
                            });
        }
        return fields;
    }

    /** The recipe's values for a run from {@code base}, by field name. */
    static Map<String, Object> defaults(BaseModel base) {
        Optional<TrainingSettings> recipe = base.recipe();
        Map<String, Object> out = new LinkedHashMap<>();
        recipe.ifPresent(
                r -> {
                    out.put("preset", r.preset());
                    out.put("vocabSize", r.vocabSize());
                    out.put("batchTokens", r.batchTokens());
                    out.put("accumulate", r.accumulate());
                    out.put("labelSmoothing", r.labelSmoothing());
                    out.put("clipNorm", r.clipNorm());
                });
        TrainingSettings.Recipe fallback =
                TrainingSettings.Recipe.of(TrainingSettings.DEFAULT_PRESET);
        int modelDim = base.manifest().config().modelDim();
        if (base.isFineTuned()) {
            out.put("learningRate", recipe.get().peakLearningRate(modelDim));
            out.put("warmupSteps", recipe.get().warmupSteps());
        } else {
            float peak =
                    recipe.map(r -> r.peakLearningRate(modelDim)).orElse(fallback.learningRate());
            int warmup = recipe.map(TrainingSettings::warmupSteps).orElse(fallback.warmupSteps());
            out.put("learningRate", peak * RATE_SHARE);
            out.put("warmupSteps", Math.max(1, warmup / WARMUP_DIVISOR));
        }
        out.put("coolDown", 0f);
        out.put("patience", PATIENCE);
        out.put("averageLast", 0);
        return out;
    }

    private static void refuseOther(
            Map<String, Object> fields, String name, Object basesValue, BaseModel base) {
        Object value = fields.get(name);
        if (value != null && !Objects.equals(String.valueOf(value), String.valueOf(basesValue))) {
            throw new InvalidSettingsException(
                    name,
                    name
                            + " ("
                            + value
                            + ") cannot change when fine-tuning: the run keeps baseModel "
                            + base.id()
                            + "'s architecture"
                            + (basesValue == null ? "" : " (preset " + basesValue + ")")
                            + "; leave "
                            + name
                            + " out");
        }
    }

    private static void refuseVocabSize(
            Map<String, Object> fields, Optional<TrainingSettings> recipe, BaseModel base) {
        Object value = fields.get("vocabSize");
        int tokens = base.manifest().config().vocabSize();
        boolean same =
                value instanceof Number n
                        && (n.intValue() == tokens
                                || recipe.map(r -> r.vocabSize() == n.intValue()).orElse(false));
        if (value != null && !same) {
            throw new InvalidSettingsException(
                    "vocabSize",
                    "vocabSize ("
                            + value
                            + ") cannot change when fine-tuning: the run keeps baseModel "
                            + base.id()
                            + "'s vocabulary ("
                            + tokens
                            + " tokens) and encodes the new corpus with it; leave vocabSize out");
        }
    }

    /** Sets {@code name} unless a value is given (a null value counts as left out). */
    private static void putIfAbsent(Map<String, Object> fields, String name, Object value) {
        if (fields.get(name) == null && value != null) {
            fields.put(name, value);
        }
    }
}
