package dev.tolk.training;

import dev.tolk.io.JsonErrors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one mapping from settings fields by name ({@code "maxEpochs": 20}) to {@link
 * TrainingSettings}, used by {@code train} (its {@code --config} file and flags) and by {@code POST
 * /train}: the record's components declare each field's type, its compact constructor the defaults
 * and ranges.
 */
public final class SettingsFields {

    /** The settings' field names, in the record's order. */
    public static final List<String> NAMES =
            Arrays.stream(TrainingSettings.class.getRecordComponents())
                    .map(c -> c.getName())
                    .toList();

    private static final JsonMapper JSON =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .build();

    private SettingsFields() {}

    /**
     * The settings the fields give, the others at their defaults: with a {@code baseModel}, the
     * fine-tuning recipe's ({@link FineTuning}).
     *
     * @param given values as JSON reads them (strings, numbers, booleans); null values are absent
     * @throws InvalidSettingsException naming the field that is unknown, of the wrong type or out
     *     of range, or that does not fit the base model
     */
    public static TrainingSettings toSettings(Map<String, ?> given) {
        Map<String, ?> fields =
                given.get("baseModel") != null ? FineTuning.withBaseDefaults(given) : given;
        try {
            return JSON.convertValue(fields, TrainingSettings.class);
        } catch (JacksonException e) {
            JsonErrors.Problem problem = JsonErrors.describe(e);
            String field = problem.field() != null ? problem.field() : fieldOf(problem.message());
            throw new InvalidSettingsException(field, problem.message());
        }
    }

    /**
     * Refuses a name that is not a setting, before anything else is checked.
     *
     * @param names the fields given
     * @param others names the caller takes besides the settings (listed in the message)
     * @throws InvalidSettingsException naming the first unknown field and the known ones
     */
    public static void checkNames(Collection<String> names, List<String> others) {
        for (String name : names) {
            if (!NAMES.contains(name) && !others.contains(name)) {
                List<String> known = new ArrayList<>(others);
                known.addAll(NAMES.stream().sorted().toList());
                throw new InvalidSettingsException(
                        name, "unknown field \"" + name + "\"; the training settings are " + known);
            }
        }
    }

    /** The field a check of the record names first in its message ("maxEpochs (0) must be ..."). */
    private static String fieldOf(String message) {
        String first = message.split("[ (]", 2)[0];
        return NAMES.contains(first) ? first : null;
    }
}
