package dev.tolk.job;

import dev.tolk.FeatureException;
import java.util.List;

/**
 * A training request's {@code baseModel} names no model in the models directory: the same kind of
 * failure ({@code unknown-model}, not found) as a translation naming an unknown model, its message
 * naming the field.
 */
public class BaseModelNotFoundException extends FeatureException {

    private final String id;

    BaseModelNotFoundException(String id, List<String> known) {
        super(
                Failure.NOT_FOUND,
                "unknown-model",
                "baseModel: no model "
                        + id
                        + " to fine-tune; name one of the models GET /models lists: "
                        + known);
        this.id = id;
    }

    /** The id asked for. */
    public String id() {
        return id;
    }
}
