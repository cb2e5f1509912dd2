package dev.tolk.translate;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * LibreTranslate's {@code q}: one text or a list of texts. The answer keeps the shape: a string for
 * a string, a list for a list.
 *
 * @param values the texts, at least one
 * @param list whether they came as a list
 */
public record Texts(List<String> values, boolean list) {

    public Texts {
        values = List.copyOf(values);
    }

    /** From JSON: a string, or a list of strings (no null, no other type). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Texts fromJson(JsonNode q) {
        if (q.isString()) {
            return new Texts(List.of(q.asString()), false);
        }
        if (!q.isArray()) {
            throw new IllegalArgumentException(
                    "q must be a string or a list of strings, not " + describe(q));
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < q.size(); i++) {
            if (!q.get(i).isString()) {
                throw new IllegalArgumentException(
                        "q[" + i + "] must be a string, not " + describe(q.get(i)));
            }
            values.add(q.get(i).asString());
        }
        return new Texts(values, true);
    }

    /** From a form: one value is one text, several are a list. */
    static Texts fromForm(List<String> q) {
        return new Texts(q, q.size() != 1);
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case NULL -> "null";
            case OBJECT, POJO -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case ARRAY -> "a list";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
