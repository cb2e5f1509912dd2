package dev.tolk.translate;

import dev.tolk.modelstore.ModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Which model serves a request: the one named, else the default (or only, or newest) model of the
 * language pair, else two models chained through a third language (a pivot: fr→en then en→de for
 * fr→de), else the only model there is. A model named is used as it is, never through a pivot; a
 * direct model always wins over a pivot. Errors say what exists.
 */
@Component
public class ModelChoice {

    private final ModelStore store;
    private final LanguageDetection detection;

    ModelChoice(ModelStore store, LanguageDetection detection) {
        this.store = store;
        this.detection = detection;
    }

    /**
     * The model and, when the source was detected, the detection; through a pivot, the second model
     * and the pivot language.
     *
     * @param model the model, or the first of two
     * @param detected the detection when the source was {@code auto}, else null
     * @param then the second model, which translates {@code model}'s output, or null
     * @param pivot the language between the two, or null
     */
    public record Choice(
            ModelStore.Entry model,
            LanguageDetection.Detected detected,
            ModelStore.Entry then,
            String pivot) {

        /** One model. */
        public Choice(ModelStore.Entry model, LanguageDetection.Detected detected) {
            this(model, detected, null, null);
        }

        /** The id of the model, or {@code first+second} through a pivot. */
        public String id() {
            return then == null ? model.id() : model.id() + "+" + then.id();
        }

        public String source() {
            return model.manifest().sourceLang();
        }

        public String target() {
            return (then == null ? model : then).manifest().targetLang();
        }
    }

    /**
     * How a pair is reached through a pivot.
     *
     * @param pivot the language between
     * @param first the default model from the source into the pivot
     * @param second the default model from the pivot into the target
     */
    public record Pivot(String pivot, ModelStore.Entry first, ModelStore.Entry second) {}

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
        Optional<ModelStore.Entry> direct = store.forPair(src, tgt);
        if (direct.isPresent()) {
            return new Choice(direct.get(), detected);
        }
        Pivot pivot = pivots(all).get(src + "-" + tgt);
        if (pivot == null) {
            throw unknownPair(src, tgt, all);
        }
        return new Choice(pivot.first(), detected, pivot.second(), pivot.pivot());
    }

    /**
     * The pairs no model serves that two models chain through a third language, by pair ({@code
     * fr-de}): the default models of both legs ({@link ModelStore#forPair}); of several pivot
     * languages, the first in alphabetical order.
     */
    public Map<String, Pivot> pivots(List<ModelStore.Entry> all) {
        Map<String, Set<String>> targets = new TreeMap<>();
        for (ModelStore.Entry e : all) {
            targets.computeIfAbsent(e.manifest().sourceLang(), k -> new TreeSet<>())
                    .add(e.manifest().targetLang());
        }
        Map<String, Pivot> out = new TreeMap<>();
        targets.forEach(
                (source, direct) -> {
                    for (String pivot : direct) {
                        for (String target : targets.getOrDefault(pivot, Set.of())) {
                            String pair = source + "-" + target;
                            if (target.equals(source)
                                    || direct.contains(target)
                                    || out.containsKey(pair)) {
                                continue;
                            }
                            Optional<ModelStore.Entry> first = store.forPair(source, pivot);
                            Optional<ModelStore.Entry> second = store.forPair(pivot, target);
                            if (first.isPresent() && second.isPresent()) {
                                out.put(pair, new Pivot(pivot, first.get(), second.get()));
                            }
                        }
                    }
                });
        return out;
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
        pivots(all).values().stream()
                .filter(p -> p.second().manifest().targetLang().equals(target))
                .forEach(p -> sources.add(p.first().manifest().sourceLang()));
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
