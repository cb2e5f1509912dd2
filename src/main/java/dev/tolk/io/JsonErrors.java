package dev.tolk.io;

import java.util.List;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What was wrong with a JSON value Jackson refused, in words a user can act on: the field, by its
 * path ({@code beamSize}, {@code texts[2]}), and what it must be. Used wherever JSON is bound to a
 * record: request bodies and training settings.
 */
public final class JsonErrors {

    private JsonErrors() {}

    /**
     * A refused JSON value.
     *
     * @param field the field's path, e.g. {@code texts[2]}, or null when the error is not about one
     *     field (malformed JSON)
     * @param message what is wrong and what is allowed
     */
    public record Problem(String field, String message) {}

    /** Describes {@code e}; a problem raised by a record's own checks keeps its message. */
    public static Problem describe(JacksonException e) {
        String field = path(e.getPath());
        if (e instanceof UnrecognizedPropertyException u) {
            return new Problem(
                    field,
                    "unknown field \""
                            + u.getPropertyName()
                            + "\"; the fields are "
                            + new TreeSet<>(
                                    u.getKnownPropertyIds().stream()
                                            .map(String::valueOf)
                                            .toList()));
        }
        Class<?> target =
                e instanceof MismatchedInputException m
                        ? m.getTargetType()
                        : e instanceof InputCoercionException c ? c.getTargetType() : null;
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return new Problem(field, cause.getMessage());
        }
        if (field == null && e instanceof MismatchedInputException) {
            return new Problem(null, "the JSON must be " + expected(target) + got(e));
        }
        if (field == null) {
            return new Problem(
                    null, "the body is not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
        return new Problem(field, field + " must be " + expected(target) + got(e));
    }

    /** {@code a.b[2]} from Jackson's reference chain; null for the root. */
    static String path(List<JacksonException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference r : path) {
            if (r.getPropertyName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** The JSON a Java type takes, in words. */
    public static String expected(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Float.class
                || type == float.class
                || type == Double.class
                || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    /** What the value was, as far as the exception says. */
    private static String got(JacksonException e) {
        if (e instanceof InvalidFormatException f) {
            return ", not " + quoted(f.getValue());
        }
        if (e instanceof InputCoercionException) {
            return " (" + firstLine(e.getOriginalMessage()) + ")";
        }
        if (e instanceof MismatchedInputException m && m.getCurrentToken() != null) {
            return switch (m.getCurrentToken()) {
                case START_OBJECT -> ", not an object";
                case START_ARRAY -> ", not a list";
                case VALUE_STRING -> ", not a string";
                case VALUE_NUMBER_INT -> ", not an integer";
                case VALUE_NUMBER_FLOAT -> ", not a number with a fraction";
                case VALUE_TRUE, VALUE_FALSE -> ", not true or false";
                case VALUE_NULL -> ", not null";
                default -> "";
            };
        }
        return "";
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    /** The first line of Jackson's message, without its location in the input. */
    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.replaceAll("\\s*\\(start marker at \\[Source.*$", "")
                .replaceAll("\\s*at \\[Source.*$", "");
    }
}
