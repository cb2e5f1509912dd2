package dev.tolk.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one mapping from settings fields to {@link TrainingSettings}: types, names, ranges. */
class SettingsFieldsTest {

    private static Map<String, Object> minimal() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sourceLang", "en");
        fields.put("targetLang", "de");
        fields.put("trainSource", "train.tsv");
        return fields;
    }

    @Test
    void fieldsBecomeSettingsWithTheRecipesDefaults() {
        Map<String, Object> fields = minimal();
        fields.put("maxEpochs", 3);
        fields.put("maxMinutes", 1.5);
        fields.put("dropout", null);

        TrainingSettings settings = SettingsFields.toSettings(fields);

        assertThat(settings.maxEpochs()).isEqualTo(3);
        assertThat(settings.maxMinutes()).isEqualTo(1.5);
        assertThat(settings.preset()).isEqualTo(TrainingSettings.DEFAULT_PRESET);
        assertThat(settings.vocabSize()).isEqualTo(8000);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "maxEpochs  | 3000000000 | maxEpochs",
                "maxEpochs  | many       | maxEpochs",
                "maxEpochs  | 2.5        | maxEpochs",
                "maxEpochs  | 0          | maxEpochs",
                "seed       | x          | seed",
                "dropout    | 1.5        | dropout",
                "preset     | huge       | preset",
            })
    void aBadValueNamesItsField(String field, String value, String named) {
        Map<String, Object> fields = minimal();
        Object parsed = value;
        if (value.matches("-?\\d+")) {
            parsed = Long.parseLong(value);
        } else if (value.matches("-?\\d+\\.\\d+")) {
            parsed = Double.parseDouble(value);
        }
        fields.put(field, parsed);

        assertThatThrownBy(() -> SettingsFields.toSettings(fields))
                .isInstanceOfSatisfying(
                        InvalidSettingsException.class,
                        e -> {
                            assertThat(e.field()).isEqualTo(named);
                            assertThat(e.getMessage()).contains(named);
                        });
    }

    @Test
    void anUnknownFieldIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> SettingsFields.checkNames(List.of("maxEpoch"), List.of("dataset")))
                .isInstanceOfSatisfying(
                        InvalidSettingsException.class,
                        e -> {
                            assertThat(e.field()).isEqualTo("maxEpoch");
                            assertThat(e.getMessage()).contains("dataset").contains("maxEpochs");
                        });
        Map<String, Object> fields = minimal();
        fields.put("epochs", 3);
        assertThatThrownBy(() -> SettingsFields.toSettings(fields))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("epochs");
    }

    @Test
    void namesAreTheRecordsComponents() {
        assertThat(SettingsFields.NAMES)
                .hasSize(TrainingSettings.class.getRecordComponents().length)
                .contains("sourceLang", "maxMinutes", "finalBeamSize");
    }
}
