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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Detects which of a set of languages a text is in, with Lingua (n-gram models of 75 languages,
 * offline). Only the candidate languages' models are loaded; the detector is rebuilt when the set
 * changes (a model for a new language appears).
 *
 * <p>Thread-safe without a global lock: Lingua's detector is safe for concurrent detection, and the
 * detector with its language set is one immutable {@link Built} swapped atomically. A rebuild
 * (serialized with other rebuilds only) never blocks detections, which go on with the detector they
 * read; the old detector's models are left to Lingua (they are shared between detectors), not
 * unloaded under a detection that still uses them.
 */
public final class LanguageDetection {

    /** A candidate language and Lingua's confidence in it, 0–100 as LibreTranslate reports it. */
    public record Detected(String language, double confidence) {}

    /** A detector and the languages it was built over. */
    private record Built(Set<String> languages, LanguageDetector detector) {}

    /**
     * Common languages a text is also weighed against when only one language is served, so that the
     * confidence says whether the text looks like that language at all.
     */
    static final Set<String> REFERENCE =
            Set.of("ar", "de", "en", "es", "fr", "it", "ja", "nl", "pt", "ru", "zh");

    private final AtomicReference<Built> current = new AtomicReference<>(new Built(Set.of(), null));

    /** The detector over the one served language and {@link #REFERENCE} (trigram models only). */
    private final AtomicReference<Built> wide = new AtomicReference<>(new Built(Set.of(), null));

    private final Object rebuild = new Object();

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
     * zero). With one candidate, that one always, with Lingua's confidence in it against it and the
     * common languages of {@link #REFERENCE} (low-accuracy trigram models, to keep memory small):
     * an English text is not said to be 100 % German because only German is served.
     *
     * @param candidates ISO 639-1 codes to choose from; codes Lingua does not know are ignored
     * @param universe every language the models serve (a superset of the candidates): the detector
     *     is built over it once, not again for every different candidate set
     */
    public List<Detected> detect(String text, Set<String> candidates, Set<String> universe) {
        Set<String> known = known(candidates);
        List<Detected> out = new ArrayList<>();
        if (known.size() == 1) {
            String only = known.iterator().next();
            Set<String> languages = new TreeSet<>(REFERENCE);
            languages.add(only);
            Map<Language, Double> values =
                    detector(languages, wide, true).computeLanguageConfidenceValues(text);
            out.add(new Detected(only, Math.round(share(values, lingua(only)) * 1000) / 10.0));
            return out;
        }
        if (known.isEmpty()) {
            return out;
        }
        Set<String> all = known(universe);
        all.addAll(known);
        LanguageDetector detector = detector(all, current, false);
        for (Map.Entry<Language, Double> e :
                detector.computeLanguageConfidenceValues(text).entrySet()) {
            String code = e.getKey().getIsoCode639_1().name().toLowerCase(Locale.ROOT);
            if (e.getValue() > 0 && known.contains(code)) {
                out.add(new Detected(code, Math.round(e.getValue() * 1000) / 10.0));
            }
        }
        return out;
    }

    /** The detector over {@code languages}, built once when the set changes. */
    private LanguageDetector detector(
            Set<String> languages, AtomicReference<Built> current, boolean lowAccuracy) {
        Built built = current.get();
        if (built.languages().equals(languages)) {
            return built.detector();
        }
        synchronized (rebuild) {
            built = current.get();
            if (!built.languages().equals(languages)) {
                built = new Built(Set.copyOf(languages), builder(languages, lowAccuracy).build());
                current.set(built);
            }
            return built.detector();
        }
    }

    /**
     * {@code language}'s share of Lingua's confidence values, which are relative (the most likely
     * language 1.0, the others how likely compared with it): a softmax at temperature {@link
     * #TEMPERATURE}, so that a language clearly ahead of the rest gets most of the share (an
     * English sentence about 90 %), one behind another gets little (a German sentence, for English,
     * under 1 %), and a short text that several languages fit gets a middling share. Nothing
     * detected (no values) is 0.
     */
    static double share(Map<Language, Double> values, Language language) {
        Double mine = values.get(language);
        if (mine == null || mine <= 0) {
            return 0;
        }
        double sum = 0;
        for (double v : values.values()) {
            sum += Math.exp((v - 1) / TEMPERATURE);
        }
        return Math.exp((mine - 1) / TEMPERATURE) / sum;
    }

    /** How sharply {@link #share} favours the most likely language. */
    static final double TEMPERATURE = 0.1;

    private static LanguageDetectorBuilder builder(Set<String> languages, boolean lowAccuracy) {
        LanguageDetectorBuilder builder =
                LanguageDetectorBuilder.fromLanguages(
                        languages.stream().map(LanguageDetection::lingua).toArray(Language[]::new));
        return lowAccuracy ? builder.withLowAccuracyMode() : builder;
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
