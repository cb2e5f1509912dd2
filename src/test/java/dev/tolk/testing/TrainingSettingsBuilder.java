package dev.tolk.testing;

import dev.tolk.training.TrainingSettings;

/**
 * Test data: {@link TrainingSettings} by name instead of 33 positional arguments. Starts from a
 * pair ({@code en}→{@code de}) and a training file; everything else is left out (the preset's
 * defaults) until set.
 */
public final class TrainingSettingsBuilder {

    private String sourceLang;
    private String targetLang;
    private String trainSource;
    private String trainTarget;
    private String validSource;
    private String validTarget;
    private String testSource;
    private String testTarget;
    private String preset;
    private Integer vocabSize;
    private Float dropout;
    private Integer maxEpochs;
    private Double maxMinutes;
    private Integer maxSteps;
    private Integer batchTokens;
    private Integer accumulate;
    private Float learningRate;
    private Integer warmupSteps;
    private Float coolDown;
    private Float labelSmoothing;
    private Float clipNorm;
    private Integer evalEverySteps;
    private Integer patience;
    private Integer averageLast;
    private Integer logEverySteps;
    private Long seed;
    private Double heldOutFraction;
    private Integer maxHeldOut;
    private Integer beamSize;
    private Float lengthPenalty;
    private Integer finalBeamSize;
    private String baseModel;
    private Float mixBaseShare;

    private TrainingSettingsBuilder() {}

    /** {@code en}→{@code de} trained on {@code trainSource}, every other setting left out. */
    public static TrainingSettingsBuilder settings(String trainSource) {
        return new TrainingSettingsBuilder()
                .sourceLang("en")
                .targetLang("de")
                .trainSource(trainSource);
    }

    public TrainingSettingsBuilder sourceLang(String value) {
        this.sourceLang = value;
        return this;
    }

    public TrainingSettingsBuilder targetLang(String value) {
        this.targetLang = value;
        return this;
    }

    public TrainingSettingsBuilder trainSource(String value) {
        this.trainSource = value;
        return this;
    }

    public TrainingSettingsBuilder trainTarget(String value) {
        this.trainTarget = value;
        return this;
    }

    public TrainingSettingsBuilder validSource(String value) {
        this.validSource = value;
        return this;
    }

    public TrainingSettingsBuilder validTarget(String value) {
        this.validTarget = value;
        return this;
    }

    public TrainingSettingsBuilder testSource(String value) {
        this.testSource = value;
        return this;
    }

    public TrainingSettingsBuilder testTarget(String value) {
        this.testTarget = value;
        return this;
    }

    public TrainingSettingsBuilder preset(String value) {
        this.preset = value;
        return this;
    }

    public TrainingSettingsBuilder vocabSize(Integer value) {
        this.vocabSize = value;
        return this;
    }

    public TrainingSettingsBuilder dropout(Float value) {
        this.dropout = value;
        return this;
    }

    public TrainingSettingsBuilder maxEpochs(Integer value) {
        this.maxEpochs = value;
        return this;
    }

    public TrainingSettingsBuilder maxMinutes(Double value) {
        this.maxMinutes = value;
        return this;
    }

    public TrainingSettingsBuilder maxSteps(Integer value) {
        this.maxSteps = value;
        return this;
    }

    public TrainingSettingsBuilder batchTokens(Integer value) {
        this.batchTokens = value;
        return this;
    }

    public TrainingSettingsBuilder accumulate(Integer value) {
        this.accumulate = value;
        return this;
    }

    public TrainingSettingsBuilder learningRate(Float value) {
        this.learningRate = value;
        return this;
    }

    public TrainingSettingsBuilder warmupSteps(Integer value) {
        this.warmupSteps = value;
        return this;
    }

    public TrainingSettingsBuilder coolDown(Float value) {
        this.coolDown = value;
        return this;
    }

    public TrainingSettingsBuilder labelSmoothing(Float value) {
        this.labelSmoothing = value;
        return this;
    }

    public TrainingSettingsBuilder clipNorm(Float value) {
        this.clipNorm = value;
        return this;
    }

    public TrainingSettingsBuilder evalEverySteps(Integer value) {
        this.evalEverySteps = value;
        return this;
    }

    public TrainingSettingsBuilder patience(Integer value) {
        this.patience = value;
        return this;
    }

    public TrainingSettingsBuilder averageLast(Integer value) {
        this.averageLast = value;
        return this;
    }

    public TrainingSettingsBuilder logEverySteps(Integer value) {
        this.logEverySteps = value;
        return this;
    }

    public TrainingSettingsBuilder seed(Long value) {
        this.seed = value;
        return this;
    }

    public TrainingSettingsBuilder heldOutFraction(Double value) {
        this.heldOutFraction = value;
        return this;
    }

    public TrainingSettingsBuilder maxHeldOut(Integer value) {
        this.maxHeldOut = value;
        return this;
    }

    public TrainingSettingsBuilder beamSize(Integer value) {
        this.beamSize = value;
        return this;
    }

    public TrainingSettingsBuilder lengthPenalty(Float value) {
        this.lengthPenalty = value;
        return this;
    }

    public TrainingSettingsBuilder finalBeamSize(Integer value) {
        this.finalBeamSize = value;
        return this;
    }

    public TrainingSettingsBuilder baseModel(String value) {
        this.baseModel = value;
        return this;
    }

    public TrainingSettingsBuilder mixBaseShare(Float value) {
        this.mixBaseShare = value;
        return this;
    }

    /** The settings, validated and completed with defaults as any request's are. */
    public TrainingSettings build() {
        return new TrainingSettings(
                sourceLang,
                targetLang,
                trainSource,
                trainTarget,
                validSource,
                validTarget,
                testSource,
                testTarget,
                preset,
                vocabSize,
                dropout,
                maxEpochs,
                maxMinutes,
                maxSteps,
                batchTokens,
                accumulate,
                learningRate,
                warmupSteps,
                coolDown,
                labelSmoothing,
                clipNorm,
                evalEverySteps,
                patience,
                averageLast,
                logEverySteps,
                seed,
                heldOutFraction,
                maxHeldOut,
                beamSize,
                lengthPenalty,
                finalBeamSize,
                baseModel,
                mixBaseShare);
    }
}
