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
                "maxMinutes | 43201      | maxMinutes",
                "maxMinutes | NaN        | maxMinutes",
                "maxEpochs  | 100001     | maxEpochs",
                "maxSteps   | 100000001  | maxSteps",
                "batchTokens | 1000001   | batchTokens",
                "vocabSize  | 1000001    | vocabSize",
                "beamSize   | 65         | beamSize",
                "finalBeamSize | 65      | finalBeamSize",
                "warmupSteps | 10000001  | warmupSteps",
                "logEverySteps | 100000001 | logEverySteps",
                "evalEverySteps | 100000001 | evalEverySteps",
                "averageLast | 101       | averageLast",
                "accumulate | 1025       | accumulate",
                "patience   | 100001     | patience",
                "maxHeldOut | 1000001    | maxHeldOut",
                "learningRate | 2.0      | learningRate",
                "heldOutFraction | 1.0   | heldOutFraction",
            })
    void aBadValueNamesItsField(String field, String value, String named) {
        Map<String, Object> fields = minimal();
        Object parsed = value;
        if (value.matches("-?\\d+")) {
            parsed = Long.parseLong(value);
        } else if (value.matches("-?\\d+\\.\\d+") || value.equals("NaN")) {
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

    @Test
    void infinityFromJsonIsRefusedNamingTheField() {
        // Jackson reads 1e400 as Infinity: as a request body or a --config file would give it.
        Map<String, Object> fields = minimal();
        fields.putAll(
                tools.jackson.databind.json.JsonMapper.builder()
                        .build()
                        .readValue("{\"maxMinutes\": 1e400}", Map.class));
        assertThat(fields.get("maxMinutes")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> SettingsFields.toSettings(fields))
                .isInstanceOfSatisfying(
                        InvalidSettingsException.class,
                        e -> assertThat(e.field()).isEqualTo("maxMinutes"))
                .hasMessageContaining("maxMinutes (Infinity)")
                .hasMessageContaining("at most 43200 (30 days)");
        for (String field : List.of("learningRate", "clipNorm", "lengthPenalty", "dropout")) {
            Map<String, Object> other = minimal();
            other.put(field, Double.POSITIVE_INFINITY);
            assertThatThrownBy(() -> SettingsFields.toSettings(other))
                    .as(field)
                    .isInstanceOfSatisfying(
                            InvalidSettingsException.class,
                            e -> assertThat(e.field()).isEqualTo(field));
        }
    }
}
