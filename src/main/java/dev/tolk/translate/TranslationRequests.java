package dev.tolk.translate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tolk.TolkProperties;
import dev.tolk.decode.SearchSettings;
import dev.tolk.decode.TranslationJson;
import dev.tolk.decode.Translator;
import dev.tolk.glossary.AppliedGlossary;
import dev.tolk.glossary.GlossaryStore;
import dev.tolk.modelstore.ModelStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Translation requests in Tolk's and LibreTranslate's shapes, {@code /languages} and {@code
 * /detect}: checks a request against the configured limits, chooses the model, sends the texts to
 * the batcher ({@link TranslationService}) and shapes the answer. Refusals are {@link
 * dev.tolk.FeatureException}s.
 */
@Service
public class TranslationRequests {

    private final TranslationService service;
    private final GlossaryStore glossaries;
    private final ModelChoice choice;
    private final ModelStore store;
    private final LanguageDetection detection;
    private final TolkProperties.Translate limits;

    TranslationRequests(
            TranslationService service,
            ModelChoice choice,
            ModelStore store,
            LanguageDetection detection,
            GlossaryStore glossaries,
            TolkProperties properties) {
        this.service = service;
        this.glossaries = glossaries;
        this.choice = choice;
        this.store = store;
        this.detection = detection;
        this.limits = properties.translate();
    }

    /**
     * A language with the languages it translates into, as LibreTranslate lists them; {@code
     * pivots} (Tolk's addition) names, for each target reached through a pivot, the language
     * between, and is left out when there is none.
     */
    public record Language(
            String code,
            String name,
            List<String> targets,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> pivots) {}

    /**
     * Tolk's {@code POST /translate}: checked and admitted at once (a refusal is thrown),
     * translated in the background. Cancelling the result drops the work not yet decoded.
     */
    public CompletableFuture<TranslateResponse> translate(TranslateRequest request) {
        List<String> texts = texts(request);
        checkTexts(texts);
        SearchSettings search = search(request);
        ModelChoice.Choice chosen =
                choice.choose(request.model(), request.source(), request.target(), texts.get(0));
        AppliedGlossary glossary = glossary(request.glossary(), chosen, texts);
        RouteWork work = new RouteWork(service, deadlineNanos());
        CompletableFuture<List<AppliedGlossary.Result>> results =
                work.submit(chosen, texts, decodeSearch(search, glossary))
                        .thenApply(done -> applied(glossary, done));
        return work.then(
                results,
                () -> {
                    List<AppliedGlossary.Result> done = results.join();
                    return new TranslateResponse(
                            chosen.id(),
                            chosen.source(),
                            chosen.target(),
                            chosen.pivot(),
                            chosen.detected(),
                            search.describe(),
                            done.stream()
                                    .map(r -> TranslationJson.of(r.translation(), search))
                                    .toList(),
                            glossary.glossary() == null
                                    ? null
                                    : AppliedGlossary.Report.of(glossary.glossary().id(), done),
                            modelScores(chosen));
                });
    }

    /**
     * The glossary of a request translating along {@code route}: the one named (which must be of
     * the route's pair), none for {@code none}, else the pair's default if it has one.
     */
    private AppliedGlossary glossary(
            String requested, ModelChoice.Choice route, List<String> texts) {
        return glossaries
                .forRequest(requested, route.source(), route.target())
                .map(l -> AppliedGlossary.of(l.glossary(), l.terms(), texts))
                .orElse(AppliedGlossary.none());
    }

    /** The search to decode with: with attention when a glossary's terms are to be placed. */
    private static SearchSettings decodeSearch(SearchSettings search, AppliedGlossary glossary) {
        return glossary.needsAttention() ? search.withAttention(true) : search;
    }

    private static List<AppliedGlossary.Result> applied(AppliedGlossary glossary, List<Legs> done) {
        List<AppliedGlossary.Result> out = new ArrayList<>(done.size());
        for (int i = 0; i < done.size(); i++) {
            out.add(glossary.apply(i, done.get(i).chain(), done.get(i).combined()));
        }
        return out;
    }

    /** The model's scores; through a pivot, a list of both models'. */
    private static JsonNode modelScores(ModelChoice.Choice chosen) {
        if (chosen.then() == null) {
            return chosen.model().manifest().metrics();
        }
        ArrayNode both = JsonNodeFactory.instance.arrayNode();
        both.add(chosen.model().manifest().metrics());
        both.add(chosen.then().manifest().metrics());
        return both;
    }

    private static List<String> texts(TranslateRequest request) {
        if (request.texts() != null) {
            return request.texts();
        }
        if (request.text() != null) {
            return List.of(request.text());
        }
        throw new InvalidTranslationRequestException(
                "missing-text", "send {\"text\": \"...\"} or {\"texts\": [\"...\", ...]}");
    }

    /** The search a Tolk request asks for, within the configured beam limit. */
    private SearchSettings search(TranslateRequest request) {
        int beam = request.beamSize() == null ? limits.defaultBeam() : request.beamSize();
        if (beam < 1 || beam > limits.maxBeam()) {
            throw new InvalidTranslationRequestException(
                    "invalid-beam", "beamSize must be between 1 and " + limits.maxBeam());
        }
        int nBest = request.nBest() == null ? 1 : request.nBest();
        if (nBest > beam) {
            throw new InvalidTranslationRequestException(
                    "invalid-n-best", "nBest must be between 1 and beamSize (" + beam + ")");
        }
        SearchSettings search =
                SearchSettings.defaults(beam)
                        .withNBest(nBest)
                        .withAttention(Boolean.TRUE.equals(request.attention()));
        if (request.noRepeatNgram() != null) {
            search = search.withNoRepeatNgram(request.noRepeatNgram());
        }
        return request.maxLength() == null ? search : search.withMaxLength(request.maxLength());
    }

    /**
     * LibreTranslate's {@code POST /translate}, answered in its shape: checked and admitted at
     * once, translated in the background, one request to the batcher per model (an html request's
     * text nodes included), all under one deadline.
     */
    public CompletableFuture<LibreTranslateResponse> translate(LibreTranslateRequest request) {
        List<String> texts = request.q().values();
        if (texts.stream().allMatch(String::isBlank)) {
            checkTexts(texts); // as LibreTranslate: no text is refused before a missing language
        }
        required(request.source(), "source");
        required(request.target(), "target");
        checkTexts(texts);
        boolean html = isHtml(request.format());
        int extra = request.alternatives() == null ? 0 : request.alternatives();
        SearchSettings search = libreSearch(extra);
        String from = request.source().equalsIgnoreCase("auto") ? "auto" : request.source();
        List<ModelChoice.Choice> choices = choose(from, request.target(), texts);
        LibreAnswer answer = new LibreAnswer(texts.size());
        RouteWork work = new RouteWork(service, deadlineNanos());
        List<CompletableFuture<?>> parts = new ArrayList<>();
        for (List<Integer> indexes : byModel(choices).values()) {
            ModelChoice.Choice route = choices.get(indexes.get(0));
            indexes.forEach(i -> answer.pivot(i, route.pivot()));
            List<String> mine = indexes.stream().map(texts::get).toList();
            HtmlFragments fragments = html ? new HtmlFragments(mine) : null;
            List<String> sent = html ? fragments.texts() : mine;
            AppliedGlossary glossary = glossary(request.glossary(), route, sent);
            IntUnaryOperator textOf =
                    html ? k -> indexes.get(fragments.fragmentOf(k)) : indexes::get;
            parts.add(
                    work.submit(route, sent, decodeSearch(search, glossary))
                            .thenAccept(
                                    done -> {
                                        List<AppliedGlossary.Result> results =
                                                applied(glossary, done);
                                        List<Translator.Translation> translations =
                                                results.stream()
                                                        .map(AppliedGlossary.Result::translation)
                                                        .toList();
                                        if (html) {
                                            answer.html(indexes, fragments, translations);
                                        } else {
                                            answer.text(indexes, translations);
                                        }
                                        answer.glossary(glossary, results, textOf);
                                    }));
        }
        List<LanguageDetection.Detected> detected =
                from.equals("auto")
                        ? choices.stream().map(ModelChoice.Choice::detected).toList()
                        : null;
        return work.then(
                CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)),
                () -> answer.response(request.q().list(), extra > 0, detected));
    }

    /** {@code text} (also absent or empty, as LibreTranslate) or {@code html}. */
    private static boolean isHtml(String format) {
        if (format == null || format.isEmpty() || format.equals("text")) {
            return false;
        }
        if (format.equals("html")) {
            return true;
        }
        throw new InvalidTranslationRequestException(
                "invalid-format", "format must be \"text\" or \"html\", not \"" + format + "\"");
    }

    /** The search LibreTranslate's requests get: the default beam, wide enough for the n best. */
    private SearchSettings libreSearch(int alternatives) {
        if (alternatives < 0 || alternatives + 1 > limits.maxBeam()) {
            throw new InvalidTranslationRequestException(
                    "invalid-alternatives",
                    "alternatives must be between 0 and " + (limits.maxBeam() - 1));
        }
        return SearchSettings.defaults(Math.max(limits.defaultBeam(), alternatives + 1))
                .withNBest(alternatives + 1);
    }

    /**
     * A LibreTranslate answer filled in by the parts of a request (one per model, each writing its
     * own indexes) and shaped as {@code q} was: single values or lists.
     */
    private static final class LibreAnswer {
        private final String[] translated;
        private final List<List<String>> alternatives;
        private final Double[] confidence;
        private final String[] pivots;
        private final Set<String> glossaryIds = new TreeSet<>(); // guarded by this
        private final List<AppliedGlossary.Result> glossed = new ArrayList<>(); // guarded by this

        LibreAnswer(int texts) {
            this.translated = new String[texts];
            this.alternatives = new ArrayList<>(Collections.nCopies(texts, List.of()));
            this.confidence = new Double[texts];
            this.pivots = new String[texts];
        }

        void pivot(int index, String pivot) {
            pivots[index] = pivot;
        }

        /** A part's glossary results; {@code textOf} maps a part's text to its index in q. */
        synchronized void glossary(
                AppliedGlossary glossary,
                List<AppliedGlossary.Result> results,
                IntUnaryOperator textOf) {
            if (glossary.glossary() == null) {
                return;
            }
            glossaryIds.add(glossary.glossary().id());
            for (AppliedGlossary.Result r : results) {
                glossed.add(r.renumbered(textOf));
            }
        }

        private synchronized AppliedGlossary.Report glossaryReport() {
            if (glossaryIds.isEmpty()) {
                return null;
            }
            AppliedGlossary.Report all =
                    AppliedGlossary.Report.of(String.join(",", glossaryIds), glossed);
            List<AppliedGlossary.Miss> misses = new ArrayList<>(all.misses());
            misses.sort(Comparator.comparingInt(AppliedGlossary.Miss::text));
            return new AppliedGlossary.Report(
                    all.id(), all.terms(), all.applied(), List.copyOf(misses));
        }

        void text(List<Integer> indexes, List<Translator.Translation> done) {
            for (int k = 0; k < indexes.size(); k++) {
                Translator.Translation t = done.get(k);
                translated[indexes.get(k)] = t.text();
                alternatives.set(indexes.get(k), distinct(t));
                confidence[indexes.get(k)] = t.confidence();
            }
        }

        void html(
                List<Integer> indexes, HtmlFragments fragments, List<Translator.Translation> done) {
            List<String> rebuilt =
                    fragments.rebuild(done.stream().map(Translator.Translation::text).toList());
            int next = 0;
            for (int k = 0; k < indexes.size(); k++) {
                translated[indexes.get(k)] = rebuilt.get(k);
                int sentences = fragments.sentences(k);
                confidence[indexes.get(k)] = confidence(done.subList(next, next + sentences));
                next += sentences;
            }
        }

        LibreTranslateResponse response(
                boolean list, boolean withAlternatives, List<LanguageDetection.Detected> detected) {
            return new LibreTranslateResponse(
                    list ? List.of(translated) : translated[0],
                    !withAlternatives ? null : list ? alternatives : alternatives.get(0),
                    detected == null ? null : list ? detected : detected.get(0),
                    list ? List.of(confidence) : confidence[0],
                    Arrays.stream(pivots).allMatch(Objects::isNull)
                            ? null
                            : list ? Arrays.asList(pivots) : pivots[0],
                    glossaryReport());
        }
    }

    /**
     * The confidence of several translations taken as one text: {@code exp} of their mean
     * log-probability per output token (1 when there are none).
     */
    static double confidence(List<Translator.Translation> parts) {
        double logProb = 0;
        long tokens = 0;
        for (Translator.Translation t : parts) {
            logProb += t.score() * t.outputTokens();
            tokens += t.outputTokens();
        }
        return Translator.confidence(tokens == 0 ? 0 : logProb / tokens);
    }

    /**
     * A field LibreTranslate requires, refused as it refuses it (400, "Invalid request: missing
     * source parameter"): source has no default ({@code auto} must be asked for), nor has target.
     */
    static void required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new InvalidTranslationRequestException(
                    "missing-" + name, "Invalid request: missing " + name + " parameter");
        }
    }

    /**
     * A translation's alternatives as LibreTranslate gives them: none equal to the translation or
     * to another alternative.
     */
    static List<String> distinct(Translator.Translation t) {
        Set<String> seen = new java.util.LinkedHashSet<>();
        seen.add(t.text());
        t.nBest().stream().skip(1).map(Translator.Alternative::text).forEach(seen::add);
        return seen.stream().skip(1).toList();
    }

    /**
     * With source {@code auto}, every text is detected on its own and goes to its language's model.
     */
    private List<ModelChoice.Choice> choose(String from, String target, List<String> texts) {
        List<ModelChoice.Choice> choices = new ArrayList<>();
        if (from.equals("auto")) {
            for (String text : texts) {
                choices.add(choice.choose(null, from, target, text));
            }
        } else {
            ModelChoice.Choice one = choice.choose(null, from, target, texts.get(0));
            texts.forEach(t -> choices.add(one));
        }
        return choices;
    }

    /** The indexes of the texts each model (or pair of models) translates, in order. */
    private static Map<String, List<Integer>> byModel(List<ModelChoice.Choice> choices) {
        Map<String, List<Integer>> byModel = new LinkedHashMap<>();
        for (int i = 0; i < choices.size(); i++) {
            byModel.computeIfAbsent(choices.get(i).id(), k -> new ArrayList<>()).add(i);
        }
        return byModel;
    }

    /** The deadline of a request admitted now. */
    private long deadlineNanos() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(limits.deadlineSeconds());
    }

    private void checkTexts(List<String> texts) {
        if (texts.isEmpty()) {
            throw new InvalidTranslationRequestException(
                    "empty-text", "no text given: send at least one");
        }
        if (texts.size() > limits.maxTexts()) {
            throw TextLimitException.tooMany(texts.size(), limits.maxTexts());
        }
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            String which = texts.size() == 1 ? "the text" : "text " + (i + 1);
            if (text.isBlank()) {
                throw new InvalidTranslationRequestException(
                        "empty-text", which + " is empty: send something to translate");
            }
            if (text.length() > limits.maxChars()) {
                throw TextLimitException.tooLong(which, text.length(), limits.maxChars());
            }
        }
    }

    /**
     * The languages the models translate from, each with its targets (those reached through a pivot
     * included, and named in {@code pivots}); targets listed too.
     */
    public List<Language> languages() {
        List<ModelStore.Entry> all = store.list();
        Map<String, Set<String>> targets = new TreeMap<>();
        Map<String, Map<String, String>> pivots = new TreeMap<>();
        for (ModelStore.Entry e : all) {
            targets.computeIfAbsent(e.manifest().sourceLang(), k -> new TreeSet<>())
                    .add(e.manifest().targetLang());
            targets.computeIfAbsent(e.manifest().targetLang(), k -> new TreeSet<>());
        }
        choice.pivots(all)
                .forEach(
                        (pair, pivot) -> {
                            String source = pivot.first().manifest().sourceLang();
                            String target = pivot.second().manifest().targetLang();
                            targets.get(source).add(target);
                            pivots.computeIfAbsent(source, k -> new TreeMap<>())
                                    .put(target, pivot.pivot());
                        });
        List<Language> out = new ArrayList<>();
        targets.forEach(
                (code, to) ->
                        out.add(
                                new Language(
                                        code,
                                        Locale.forLanguageTag(code)
                                                .getDisplayLanguage(Locale.ENGLISH),
                                        List.copyOf(to),
                                        pivots.get(code))));
        return out;
    }

    /**
     * The languages {@code q} may be in, among those the models translate from, most likely first;
     * never empty (nothing detected: the likeliest source at confidence 0, as LibreTranslate
     * answers "en" at 0). For several texts one list, as LibreTranslate gives it: each language's
     * confidence averaged over the texts it was found in, ranked by that confidence weighted by the
     * length of those texts.
     */
    public List<LanguageDetection.Detected> detect(DetectRequest request) {
        if (request.q() == null) {
            throw new InvalidTranslationRequestException(
                    "missing-text", "Invalid request: missing q parameter");
        }
        List<String> texts = request.q().values();
        if (texts.isEmpty() || texts.stream().allMatch(String::isBlank)) {
            throw new InvalidTranslationRequestException(
                    "empty-text", "q is empty: send the text to detect");
        }
        if (texts.size() > limits.maxTexts()) {
            throw TextLimitException.tooMany(texts.size(), limits.maxTexts());
        }
        for (String q : texts) {
            if (q.length() > limits.maxChars()) {
                throw TextLimitException.tooLong("q", q.length(), limits.maxChars());
            }
        }
        Set<String> sources = new TreeSet<>();
        store.list().forEach(e -> sources.add(e.manifest().sourceLang()));
        if (sources.isEmpty()) {
            throw new NoModelException(", so no language can be detected");
        }
        return ranked(texts, sources);
    }

    /**
     * As LibreTranslate's detect_languages: each language's confidence averaged over the texts it
     * was found in, ranked by that confidence weighted by those texts' share of the characters;
     * never empty (nothing found: the likeliest source at 0).
     */
    private List<LanguageDetection.Detected> ranked(List<String> texts, Set<String> sources) {
        Map<String, double[]> found = new LinkedHashMap<>(); // confidence sum, texts, chars
        long chars = 0;
        for (String q : texts) {
            if (q.isBlank()) {
                continue;
            }
            for (LanguageDetection.Detected d : detection.detect(q, sources, sources)) {
                if (d.confidence() <= 0) {
                    continue;
                }
                double[] sums = found.computeIfAbsent(d.language(), k -> new double[3]);
                sums[0] += d.confidence();
                sums[1]++;
                sums[2] += q.length();
            }
            chars += q.length();
        }
        if (found.isEmpty()) {
            String likeliest = sources.contains("en") ? "en" : sources.iterator().next();
            return List.of(new LanguageDetection.Detected(likeliest, 0.0));
        }
        long total = chars;
        return found.entrySet().stream()
                .map(
                        e ->
                                Map.entry(
                                        new LanguageDetection.Detected(
                                                e.getKey(),
                                                Math.round(e.getValue()[0] / e.getValue()[1] * 10)
                                                        / 10.0),
                                        e.getValue()[0]
                                                / e.getValue()[1]
                                                * e.getValue()[2]
                                                / total))
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }
}
