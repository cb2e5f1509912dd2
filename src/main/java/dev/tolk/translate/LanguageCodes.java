package dev.tolk.translate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a language code in a request names a served language, the one place that decides it: as
 * LibreTranslate reads codes (case does not matter; its aliases {@code pb} = {@code pt-BR}, {@code
 * zh} = {@code zh-Hans}, {@code zt} = {@code zh-Hant} name the same language), then, when no model
 * uses the code, its primary subtag ({@code en-US} → {@code en}, {@code pt-BR} → {@code pt}).
 */
public final class LanguageCodes {

    /** LibreTranslate's short codes and the BCP 47 tags they stand for. */
    private static final Map<String, String> ALIASES =
            Map.of("pb", "pt-br", "zh", "zh-hans", "zt", "zh-hant");

    private LanguageCodes() {}

    /**
     * The served code that {@code code} names; {@code code} itself (null, blank or {@code auto}
     * unchanged) when none does, so that a refusal names what was asked.
     *
     * @param served the codes models use (compared without regard to case)
     */
    public static String resolve(String code, Collection<String> served) {
        if (code == null || code.isBlank() || code.equals("auto")) {
            return code;
        }
        Map<String, String> byLower = new LinkedHashMap<>();
        for (String s : served) {
            byLower.putIfAbsent(s.toLowerCase(Locale.ROOT), s);
        }
        for (String candidate : candidates(code)) {
            String found = byLower.get(candidate);
            if (found != null) {
                return found;
            }
        }
        return code;
    }

    /**
     * What {@code code} may be called, most exact first: itself lower-cased, its alias either way,
     * then their primary subtags ({@code pb} → {@code pt-br} → {@code pt}).
     */
    static List<String> candidates(String code) {
        String lower = code.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        List<String> out = new ArrayList<>();
        out.add(lower);
        String tag = ALIASES.get(lower);
        if (tag != null) {
            out.add(tag);
        }
        ALIASES.forEach(
                (alias, full) -> {
                    if (full.equals(lower)) {
                        out.add(alias);
                    }
                });
        for (String name : List.copyOf(out)) {
            int dash = name.indexOf('-');
            if (dash > 0 && !out.contains(name.substring(0, dash))) {
                out.add(name.substring(0, dash));
            }
        }
        return out;
    }
}
