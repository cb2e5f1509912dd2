package dev.tolk.translate;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Detects which of a set of languages a text is in, with Lingua (n-gram models of 75 languages,
 * offline). Only the candidate languages' models are loaded; the detector is rebuilt when the set
 * changes (a model for a new language appears).
 */
public final class LanguageDetection {

    /** A candidate language and Lingua's confidence in it, 0–100 as LibreTranslate reports it. */
    public record Detected(String language, double confidence) {}

    private Set<String> languages = Set.of();
    private LanguageDetector detector;

    /** Whether Lingua knows the ISO 639-1 code {@code code}. */
    public static boolean supports(String code) {
        return lingua(code) != null;
    }

    private static Language lingua(String code) {
        try {
            Language language =
                    Language.getByIsoCode639_1(IsoCode639_1.valueOf(code.toUpperCase(Locale.ROOT)));
            return language == Language.UNKNOWN ? null : language;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The candidates that {@code text} may be in, most likely first (those with a confidence above
     * zero). With one candidate, that one at 100.
     *
     * @param candidates ISO 639-1 codes to choose from; codes Lingua does not know are ignored
     * @param universe every language the models serve (a superset of the candidates): the detector
     *     is built over it once, not again for every different candidate set
     */
    public synchronized List<Detected> detect(
            String text, Set<String> candidates, Set<String> universe) {
        Set<String> known = known(candidates);
        List<Detected> out = new ArrayList<>();
        if (known.size() == 1) {
            out.add(new Detected(known.iterator().next(), 100.0));
            return out;
        }
        if (known.isEmpty()) {
            return out;
        }
        Set<String> all = known(universe);
        all.addAll(known);
        if (!all.equals(languages)) {
            if (detector != null) {
                detector.unloadLanguageModels();
            }
            detector =
                    LanguageDetectorBuilder.fromLanguages(
                                    all.stream()
                                            .map(LanguageDetection::lingua)
                                            .toArray(Language[]::new))
                            .build();
            languages = all;
        }
        for (Map.Entry<Language, Double> e :
                detector.computeLanguageConfidenceValues(text).entrySet()) {
            String code = e.getKey().getIsoCode639_1().name().toLowerCase(Locale.ROOT);
            if (e.getValue() > 0 && known.contains(code)) {
                out.add(new Detected(code, Math.round(e.getValue() * 1000) / 10.0));
            }
        }
        return out;
    }

    private static Set<String> known(Set<String> codes) {
        Set<String> known = new TreeSet<>();
        for (String code : codes) {
            if (supports(code)) {
                known.add(code.toLowerCase(Locale.ROOT));
            }
        }
        return known;
    }
}
