package dev.tolk.translate;

import dev.tolk.modelstore.ModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Which model serves a request: the one named, else the default (or only, or newest) model of the
 * language pair, else the only model there is. Errors say what exists.
 */
@Component
public class ModelChoice {

    private final ModelStore store;
    private final LanguageDetection detection;

    ModelChoice(ModelStore store, LanguageDetection detection) {
        this.store = store;
        this.detection = detection;
    }

    /** The model and, when the source was detected, the detection. */
    public record Choice(ModelStore.Entry model, LanguageDetection.Detected detected) {}

    /**
     * @param id a model id, or null
     * @param source a language code ({@link LanguageCodes}), {@code auto}, or null
     * @param target a language code, or null
     * @param text what to detect the language of when source is {@code auto}
     */
    public Choice choose(String id, String source, String target, String text) {
        List<ModelStore.Entry> all = store.list();
        if (all.isEmpty()) {
            throw new NoModelException("");
        }
        Set<String> served = new TreeSet<>();
        all.forEach(
                e -> {
                    served.add(e.manifest().sourceLang());
                    served.add(e.manifest().targetLang());
                });
        if (source != null && source.equalsIgnoreCase("auto")) {
            source = "auto";
        }
        source = LanguageCodes.resolve(source, served);
        target = LanguageCodes.resolve(target, served);
        if (id != null && !id.isBlank()) {
            return new Choice(named(id, source, target), null);
        }
        LanguageDetection.Detected detected = null;
        if ("auto".equals(source)) {
            detected = detect(text, target, all);
            source = detected.language();
        }
        if (source == null && target == null) {
            if (all.size() == 1) {
                return new Choice(all.get(0), null);
            }
            throw new InvalidTranslationRequestException(
                    "missing-languages",
                    "several models are served ("
                            + pairs(all).keySet()
                            + "): name source and target, or a model id");
        }
        if (source == null || target == null) {
            throw new InvalidTranslationRequestException(
                    "missing-languages", "name both source and target (or a model id)");
        }
        String src = source;
        String tgt = target;
        return new Choice(
                store.forPair(src, tgt).orElseThrow(() -> unknownPair(src, tgt, all)), detected);
    }

    /** The model {@code id}, which must translate the languages named (if any). */
    private ModelStore.Entry named(String id, String source, String target) {
        ModelStore.Entry entry = find(id);
        boolean sourceOk =
                source == null
                        || source.equals("auto")
                        || source.equals(entry.manifest().sourceLang());
        boolean targetOk = target == null || target.equals(entry.manifest().targetLang());
        if (!sourceOk || !targetOk) {
            throw new InvalidTranslationRequestException(
                    "language-mismatch",
                    "model "
                            + id
                            + " translates "
                            + entry.pair()
                            + ", not "
                            + source
                            + "-"
                            + target);
        }
        return entry;
    }

    /** The most likely source language of {@code text} among those with a model into target. */
    private LanguageDetection.Detected detect(
            String text, String target, List<ModelStore.Entry> all) {
        if (target == null) {
            throw new InvalidTranslationRequestException(
                    "missing-target", "source \"auto\" needs a target language");
        }
        Set<String> sources = new TreeSet<>();
        all.stream()
                .filter(e -> e.manifest().targetLang().equals(target))
                .forEach(e -> sources.add(e.manifest().sourceLang()));
        if (sources.isEmpty()) {
            throw unknownPair("?", target, all);
        }
        Set<String> universe = new TreeSet<>();
        all.forEach(e -> universe.add(e.manifest().sourceLang()));
        List<LanguageDetection.Detected> candidates = detection.detect(text, sources, universe);
        if (candidates.isEmpty()) {
            throw new InvalidTranslationRequestException(
                    "language-not-detected",
                    "could not tell which of " + sources + " the text is in; name the source");
        }
        return candidates.get(0);
    }

    /** The model {@code id}; a {@link ModelNotFoundException} names the models that exist. */
    public ModelStore.Entry find(String id) {
        try {
            return store.find(id)
                    .orElseThrow(
                            () ->
                                    new ModelNotFoundException(
                                            id,
                                            store.list().stream()
                                                    .map(ModelStore.Entry::id)
                                                    .toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PairNotServedException unknownPair(
            String source, String target, List<ModelStore.Entry> all) {
        return new PairNotServedException(source, target, pairs(all).keySet());
    }

    static Map<String, List<String>> pairs(List<ModelStore.Entry> all) {
        Map<String, List<String>> pairs = new TreeMap<>();
        for (ModelStore.Entry e : all) {
            pairs.computeIfAbsent(e.pair(), k -> new java.util.ArrayList<>()).add(e.id());
        }
        return pairs;
    }
}
