package dev.tolk.metrics;

import java.util.Locale;

/**
 * BLEU smoothing (Chen and Cherry, 2014), as sacreBLEU names them, with sacreBLEU's defaults for
 * the value.
 */
public enum Smoothing {
    /** Method 3, mteval-v13a's: each zero-match order n gets 1 / (2^k · total), k counting them. */
    EXP("exp", null),
    /** Method 1: a zero match count becomes {@code value} (default 0.1). */
    FLOOR("floor", 0.1),
    /** Method 2: {@code value} (default 1) added to matches and totals of orders 2 and up. */
    ADD_K("add-k", 1.0),
    /** None: a zero precision makes BLEU zero. */
    NONE("none", null);

    private final String signature;
    private final Double defaultValue;

    Smoothing(String signature, Double defaultValue) {
        this.signature = signature;
        this.defaultValue = defaultValue;
    }

    public String signature() {
        return signature;
    }

    /** The value used when none is given; null for methods without one. */
    public Double defaultValue() {
        return defaultValue;
    }

    public static Smoothing of(String name) {
        for (Smoothing smoothing : values()) {
            if (smoothing.signature.equals(name.toLowerCase(Locale.ROOT))) {
                return smoothing;
            }
        }
        throw new IllegalArgumentException(
                "smoothing '" + name + "' is not one of exp, floor, add-k, none");
    }
}
