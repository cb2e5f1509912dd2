package dev.tolk.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON object a {@code bench} command prints with {@code --json}, on one line, written by
 * Jackson so that any tool can read it. Fields keep the order they are put in.
 */
final class BenchJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** {@code name: value}; Jackson writes numbers, strings, lists and maps as they are. */
    BenchJson put(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    /** {@code name: value} with {@code decimals} places, as the text line shows it. */
    BenchJson put(String name, double value, int decimals) {
        return put(name, rounded(value, decimals));
    }

    /** The object on one line. */
    String line() {
        return JSON.writeValueAsString(fields);
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
