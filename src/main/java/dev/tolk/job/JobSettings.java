package dev.tolk.job;

import dev.tolk.data.CorpusFiles;
import dev.tolk.modelstore.IncompatibleModelException;
import dev.tolk.modelstore.ModelStore;
import dev.tolk.training.InvalidSettingsException;
import dev.tolk.training.SettingsFields;
import dev.tolk.training.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's training settings as the run needs them: its paths resolved inside the data directory, an
 * uploaded dataset's files and languages filled in, a {@code baseModel} id resolved to the model's
 * directory, then mapped by {@link SettingsFields} as the command line maps its flags.
 */
final class JobSettings {

    private static final List<String> PATHS =
            List.of(
                    "trainSource",
                    "trainTarget",
                    "validSource",
                    "validTarget",
                    "testSource",
                    "testTarget");

    private final DatasetStore datasets;
    private final ModelStore models;

    JobSettings(DatasetStore datasets, ModelStore models) {
        this.datasets = datasets;
        this.models = models;
    }

    /**
     * The settings of {@code job}.
     *
     * @throws InvalidSettingsException naming the field at fault
     * @throws DatasetNotFoundException when the named dataset does not exist
     * @throws DatasetRejectedException when a path is outside the data directory or no file
     * @throws BaseModelNotFoundException when {@code baseModel} names no model
     */
    TrainingSettings of(Job job) {
        Map<String, Object> fields = new LinkedHashMap<>(job.settings);
        for (String field : PATHS) {
            Object value = fields.get(field);
            if (value == null) {
                continue;
            }
            if (!(value instanceof String path)) {
                throw new InvalidSettingsException(field, field + " must be a path (a string)");
            }
            fields.put(field, datasets.resolveInside(path, field).toString());
        }
        if (fields.get("baseModel") != null) {
            fields.put("baseModel", baseModelDirectory(fields.get("baseModel")).toString());
        }
        if (job.dataset != null) {
            useDataset(job.dataset, fields);
        } else if (fields.get("trainSource") == null) {
            throw new InvalidSettingsException(
                    "trainSource",
                    "name the corpus: dataset (an uploaded dataset's id) or trainSource (a path"
                            + " in the data directory)");
        }
        return SettingsFields.toSettings(fields);
    }

    /** The directory of the model a job fine-tunes, named by its id. */
    private Path baseModelDirectory(Object value) {
        if (!(value instanceof String id)) {
            throw new InvalidSettingsException(
                    "baseModel", "baseModel must be a model id (a string; GET /models lists them)");
        }
        try {
            return models.find(id)
                    .map(ModelStore.Entry::dir)
                    .orElseThrow(
                            () ->
                                    new BaseModelNotFoundException(
                                            id,
                                            models.list().stream()
                                                    .map(ModelStore.Entry::id)
                                                    .toList()));
        } catch (IOException | IncompatibleModelException e) {
            throw new InvalidSettingsException(
                    "baseModel", "baseModel " + id + " cannot be read: " + e.getMessage());
        }
    }

    /** The uploaded dataset's files as the corpus, its languages unless the request names them. */
    private void useDataset(String id, Map<String, Object> fields) {
        DatasetStore.Dataset dataset =
                datasets.find(id).orElseThrow(() -> DatasetNotFoundException.named(id));
        if (fields.get("trainSource") != null) {
            throw new InvalidSettingsException(
                    "dataset", "give a dataset or trainSource, not both");
        }
        CorpusFiles files = datasets.files(dataset);
        fields.put("trainSource", files.source().toString());
        fields.put("trainTarget", files.target() == null ? null : files.target().toString());
        if (fields.get("sourceLang") == null) {
            fields.put("sourceLang", dataset.sourceLang());
        }
        if (fields.get("targetLang") == null) {
            fields.put("targetLang", dataset.targetLang());
        }
    }
}
