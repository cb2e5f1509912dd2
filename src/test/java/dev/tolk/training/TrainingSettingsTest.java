package dev.tolk.training;

import static dev.tolk.testing.TrainingSettingsBuilder.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The recipes: what a request that names nothing but the corpus trains with. */
class TrainingSettingsTest {

    private static TrainingSettings named(String preset) {
        return settings("train.tsv").preset(preset).build();
    }

    @Test
    void theDefaultRecipeIsSmallWithAShortWarmUpBeamFiveAndAveraging() {
        TrainingSettings s = named(null);
        assertThat(s.preset()).isEqualTo("small");
        assertThat(s.vocabSize()).isEqualTo(8000);
        assertThat(s.learningRate()).isEqualTo(1e-3f);
        assertThat(s.warmupSteps()).isEqualTo(400);
        assertThat(s.batchTokens()).isEqualTo(4096);
        assertThat(s.averageLast()).isEqualTo(5);
        assertThat(s.patience()).isEqualTo(10);
        assertThat(s.coolDown()).isEqualTo(0.2f);
        assertThat(s.labelSmoothing()).isEqualTo(0.1f);
        assertThat(s.search().beamSize()).isEqualTo(1);
        assertThat(s.finalSearch().beamSize()).isEqualTo(5);
        assertThat(s.finalSearch().lengthPenalty()).isEqualTo(1.5f);
        assertThat(s.finalSearch().noRepeatNgram()).isEqualTo(3);
        assertThat(s.search().noRepeatNgram()).isZero(); // held-out curve: plain greedy
        assertThat(s.modelConfig(8000, 0).modelDim()).isEqualTo(256);
        assertThat(s.heldOutFraction()).isEqualTo(0.02);
        assertThat(s.maxHeldOut()).isEqualTo(1000); // reached by corpora over 50,000 pairs
    }

    @Test
    void eachPresetBringsItsRecipe() {
        TrainingSettings tiny = named("multi30k");
        assertThat(tiny.vocabSize()).isEqualTo(10_000);
        assertThat(tiny.learningRate()).isEqualTo(5e-3f);
        assertThat(tiny.warmupSteps()).isEqualTo(2000);
        assertThat(tiny.averageLast()).isEqualTo(10);
        assertThat(tiny.coolDown()).isZero();
        assertThat(tiny.modelConfig(10_000, 0).dropout()).isEqualTo(0.3f);

        TrainingSettings base = named("base");
        assertThat(base.vocabSize()).isEqualTo(32_000);
        assertThat(base.batchTokens() * base.accumulate()).isEqualTo(49_152);
        assertThat(base.learningRate()).isNull();
        assertThat(base.coolDown()).isZero();
        // the paper's schedule: 512^-0.5 · 4000^-0.5
        assertThat(base.peakLearningRate(512))
                .isCloseTo(6.99e-4f, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void settingsGivenWinOverTheRecipe() {
        TrainingSettings s =
                settings("train.tsv")
                        .preset("small")
                        .vocabSize(500)
                        .learningRate(2e-4f)
                        .warmupSteps(50)
                        .coolDown(0f)
                        .averageLast(0)
                        .beamSize(4)
                        .finalBeamSize(1)
                        .build();
        assertThat(s.vocabSize()).isEqualTo(500);
        assertThat(s.learningRate()).isEqualTo(2e-4f);
        assertThat(s.warmupSteps()).isEqualTo(50);
        assertThat(s.coolDown()).isZero();
        assertThat(s.averageLast()).isZero();
        assertThat(s.search().beamSize()).isEqualTo(4);
        assertThat(s.finalSearch().beamSize()).isEqualTo(1);
    }

    @Test
    void anUnknownPresetIsRejectedByName() {
        assertThatThrownBy(() -> named("huge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("huge");
    }

    @Test
    void theUpperBoundsThemselvesAreAccepted() {
        TrainingSettings s =
                settings("train.tsv")
                        .maxMinutes(TrainingSettings.MAX_MINUTES)
                        .maxEpochs(TrainingSettings.MAX_EPOCHS)
                        .maxSteps(TrainingSettings.MAX_STEPS)
                        .batchTokens(TrainingSettings.MAX_BATCH_TOKENS)
                        .vocabSize(TrainingSettings.MAX_VOCAB)
                        .beamSize(TrainingSettings.MAX_BEAM)
                        .finalBeamSize(TrainingSettings.MAX_BEAM)
                        .warmupSteps(TrainingSettings.MAX_WARMUP_STEPS)
                        .build();
        assertThat(s.maxMinutes()).isEqualTo(43_200.0);
        assertThat(s.maxSteps()).isEqualTo(100_000_000);
    }

    @Test
    void aValueBeyondItsBoundSaysTheBound() {
        assertThatThrownBy(() -> settings("train.tsv").maxMinutes(1e9).build())
                .hasMessage("maxMinutes (1.0E9) must be positive and at most 43200 (30 days)");
        assertThatThrownBy(() -> settings("train.tsv").beamSize(1000).build())
                .hasMessage("beamSize (1000) must be between 1 and 64 (1 is greedy)");
        assertThatThrownBy(() -> settings("train.tsv").maxMinutes(Double.NaN).build())
                .hasMessageStartingWith("maxMinutes (NaN)");
    }
}
