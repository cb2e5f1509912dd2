package dev.tolk.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tolk.testing.FakeModels;
import dev.tolk.testing.TrainingSettingsBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fine-tuning recipe's defaults, read from the base model's {@code model.json}, and the
 * settings a base model refuses: no training here (the base models have no trained parameters).
 */
class FineTuningTest {

    @TempDir Path dir;

    /** A base model trained (so its model.json says) en→de with the small preset's recipe. */
    private Path smallBase() throws Exception {
        Path corpus = Files.writeString(dir.resolve("old.tsv"), "a\tb\n");
        return FakeModels.withRecipe(
                dir.resolve("models"),
                "en-de-base",
                TrainingSettingsBuilder.settings(corpus.toString())
                        .preset("small")
                        .batchTokens(2048)
                        .accumulate(2)
                        .labelSmoothing(0.2f)
                        .build());
    }

    private static Map<String, Object> fields(Path base, Object... more) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("baseModel", base.toString());
        fields.put("trainSource", "new.tsv");
        for (int i = 0; i < more.length; i += 2) {
            fields.put((String) more[i], more[i + 1]);
        }
        return fields;
    }

    @Test
    void theDefaultsBecomeTheFineTuningRecipeOfTheBase() throws Exception {
        TrainingSettings settings = SettingsFields.toSettings(fields(smallBase()));

        assertThat(settings.sourceLang()).isEqualTo("en");
        assertThat(settings.targetLang()).isEqualTo("de");
        // A quarter of small's peak of 1e-3, a tenth of its warm-up of 400.
        assertThat(settings.learningRate()).isCloseTo(2.5e-4f, within(1e-9f));
        assertThat(settings.warmupSteps()).isEqualTo(40);
        assertThat(settings.coolDown()).isZero();
        assertThat(settings.patience()).isEqualTo(FineTuning.PATIENCE);
        assertThat(settings.averageLast()).isZero();
        // The base's architecture and update shape.
        assertThat(settings.preset()).isEqualTo("small");
        assertThat(settings.vocabSize()).isEqualTo(8000);
        assertThat(settings.batchTokens()).isEqualTo(2048);
        assertThat(settings.accumulate()).isEqualTo(2);
        assertThat(settings.labelSmoothing()).isEqualTo(0.2f);
    }

    @Test
    void everyValueCanStillBeGiven() throws Exception {
        TrainingSettings settings =
                SettingsFields.toSettings(
                        fields(
                                smallBase(),
                                "learningRate",
                                1e-4,
                                "warmupSteps",
                                5,
                                "patience",
                                7,
                                "coolDown",
                                0.1,
                                "averageLast",
                                2,
                                "batchTokens",
                                512,
                                "dropout",
                                0.3));

        assertThat(settings.learningRate()).isEqualTo(1e-4f);
        assertThat(settings.warmupSteps()).isEqualTo(5);
        assertThat(settings.patience()).isEqualTo(7);
        assertThat(settings.coolDown()).isEqualTo(0.1f);
        assertThat(settings.averageLast()).isEqualTo(2);
        assertThat(settings.batchTokens()).isEqualTo(512);
        assertThat(settings.dropout()).isEqualTo(0.3f);
    }

    @Test
    void aBaseOnThePapersScheduleGivesAQuarterOfItsPeak() throws Exception {
        Path base =
                FakeModels.withRecipe(
                        dir.resolve("models"),
                        "en-de-tiny",
                        TrainingSettingsBuilder.settings("old.tsv").preset("tiny").build());

        TrainingSettings settings = SettingsFields.toSettings(fields(base));

        assertThat(settings.learningRate())
                .isCloseTo(InverseSqrtSchedule.paperPeak(64, 4000) / 4, within(1e-9f));
        assertThat(settings.warmupSteps()).isEqualTo(400);
    }

    @Test
    void aFineTunedBasePassesItsRateAndWarmUpOnInsteadOfShrinkingThem() throws Exception {
        Path first = smallBase();
        TrainingSettings once = SettingsFields.toSettings(fields(first));
        Path tuned = FakeModels.withRecipe(dir.resolve("models"), "en-de-tuned", once);

        TrainingSettings twice = SettingsFields.toSettings(fields(tuned));

        assertThat(twice.learningRate()).isEqualTo(once.learningRate());
        assertThat(twice.warmupSteps()).isEqualTo(once.warmupSteps());
    }

    @Test
    void anotherLanguagePairIsRefusedNamingTheBaseModel() throws Exception {
        Path base = smallBase();
        assertThatThrownBy(() -> SettingsFields.toSettings(fields(base, "sourceLang", "fr")))
                .isInstanceOfSatisfying(
                        InvalidSettingsException.class,
                        e -> assertThat(e.field()).isEqualTo("baseModel"))
                .hasMessageContaining("en→de")
                .hasMessageContaining("fr→de");
    }

    @Test
    void anotherArchitectureOrVocabularyIsRefusedNamingTheField() throws Exception {
        Path base = smallBase();
        assertThatThrownBy(() -> SettingsFields.toSettings(fields(base, "preset", "base")))
                .isInstanceOfSatisfying(
                        InvalidSettingsException.class,
                        e -> assertThat(e.field()).isEqualTo("preset"))
                .hasMessageContaining("leave preset out");
        assertThatThrownBy(() -> SettingsFields.toSettings(fields(base, "vocabSize", 16000)))
                .isInstanceOfSatisfying(
                        InvalidSettingsException.class,
                        e -> assertThat(e.field()).isEqualTo("vocabSize"))
                .hasMessageContaining("8000 tokens");
        // The base's own values change nothing and are taken.
        assertThat(
                        SettingsFields.toSettings(
                                        fields(base, "vocabSize", 8000, "preset", "small"))
                                .vocabSize())
                .isEqualTo(8000);
    }

    @Test
    void aDirectoryWithoutAFinishedModelIsRefusedNamingTheBaseModel() throws Exception {
        Path unfinished = Files.createDirectories(dir.resolve("models/en-de-running"));
        assertThatThrownBy(() -> SettingsFields.toSettings(fields(unfinished)))
                .isInstanceOfSatisfying(
                        InvalidSettingsException.class,
                        e -> assertThat(e.field()).isEqualTo("baseModel"))
                .hasMessageContaining("en-de-running is not a finished model");
    }

    @Test
    void mixingInTheBasesCorpusNeedsItsFilesAndABaseModel() throws Exception {
        Path base = smallBase();
        assertThat(SettingsFields.toSettings(fields(base, "mixBaseShare", 0.3)).mixBaseShare())
                .isEqualTo(0.3f);

        Files.delete(dir.resolve("old.tsv"));
        assertThatThrownBy(() -> SettingsFields.toSettings(fields(base, "mixBaseShare", 0.3)))
                .isInstanceOfSatisfying(
                        InvalidSettingsException.class,
                        e -> assertThat(e.field()).isEqualTo("mixBaseShare"))
                .hasMessageContaining("old.tsv is not there any more");
        assertThatThrownBy(
                        () ->
                                SettingsFields.toSettings(
                                        Map.of(
                                                "sourceLang",
                                                "en",
                                                "targetLang",
                                                "de",
                                                "trainSource",
                                                "t.tsv",
                                                "mixBaseShare",
                                                0.3)))
                .isInstanceOfSatisfying(
                        InvalidSettingsException.class,
                        e -> assertThat(e.field()).isEqualTo("mixBaseShare"))
                .hasMessageContaining("needs a baseModel");
    }
}
