package dev.tolk.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON on one line, written by Jackson, as the commands print it with {@code --json}: {@link
 * #of(Object)} for a value, or fields put one by one (the bench commands' figures), which keep the
 * order they are put in.
 */
final class JsonLine {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** {@code name: value}; Jackson writes numbers, strings, lists and maps as they are. */
    JsonLine put(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    /** {@code name: value} with {@code decimals} places, as the text line shows it. */
    JsonLine put(String name, double value, int decimals) {
        return put(name, rounded(value, decimals));
    }

    /** The object on one line. */
    String line() {
        return of(fields);
    }

    /** {@code value} (a record, map, list, ...) as JSON on one line. */
    static String of(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** {@code value} with {@code decimals} places; null (JSON null) for NaN and infinities. */
    static BigDecimal rounded(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return null;
        }
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
    }

    /**
     * The PyTorch threads asked for with {@code -Dai.djl.pytorch.num_threads}, or null when none
     * were (PyTorch's default).
     */
    static Integer threads() {
        return Integer.getInteger("ai.djl.pytorch.num_threads");
    }
}
