package dev.tolk.translate;

import dev.tolk.FeatureException;
import java.util.List;

/** A request names a model that is not in the models directory. */
public class ModelNotFoundException extends FeatureException {

    private final String id;

    ModelNotFoundException(String id, List<String> known) {
        super(
                Failure.NOT_FOUND,
                "unknown-model",
                "no model " + id + "; GET /models lists them: " + known);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
