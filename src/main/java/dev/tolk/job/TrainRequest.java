package dev.tolk.job;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code POST /train}: the training settings' fields ({@link
 * dev.tolk.training.TrainingSettings}, typed and checked by {@link
 * dev.tolk.training.SettingsFields} when the job is submitted), with the corpus as paths relative
 * to the data directory or as an uploaded dataset.
 *
 * @param dataset an uploaded dataset's id, instead of trainSource/trainTarget
 * @param makeDefault make the model the default of its pair when done, whatever its score
 * @param settings every other field: the training settings by name; {@code baseModel} there is a
 *     model's id (a directory of the models directory), resolved by {@link JobSettings}
 */
public record TrainRequest(
        String dataset, Boolean makeDefault, @JsonAnySetter Map<String, Object> settings) {

    public TrainRequest {
        settings = settings == null ? new LinkedHashMap<>() : new LinkedHashMap<>(settings);
    }
}
