package dev.tolk.training;

import dev.tolk.FeatureException;

/** Training settings that cannot be used, naming the field and what it must be. */
public class InvalidSettingsException extends FeatureException {

    private final String field;

    /**
     * @param field the setting at fault, or null when the fault spans several
     * @param message what is wrong and what is allowed
     */
    public InvalidSettingsException(String field, String message) {
        super(Failure.INVALID, "invalid-settings", "invalid training settings: " + message);
        this.field = field;
    }

    /** The setting at fault, or null. */
    public String field() {
        return field;
    }
}
