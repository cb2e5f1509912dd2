package dev.tolk.translate;

import dev.tolk.TolkProperties;
import dev.tolk.decode.SearchSettings;
import dev.tolk.decode.Translator;
import dev.tolk.modelstore.ModelStore;
import dev.tolk.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.TextNode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeType;

/**
 * {@code POST /translate} in Tolk's shape and in LibreTranslate's ({@code q}, {@code source},
 * {@code target}, {@code format}, {@code alternatives}; JSON or form-encoded), {@code GET
 * /languages} and {@code POST /detect} as LibreTranslate has them.
 */
@RestController
public class TranslateController {

    /** How long a request waits for its batch at most. */
    private static final long TIMEOUT_SECONDS = 300;

    private static final int DEFAULT_NO_REPEAT = SearchSettings.DEFAULT_NO_REPEAT_NGRAM;

    private final TranslationService service;
    private final ModelChoice choice;
    private final ModelStore store;
    private final LanguageDetection detection;
    private final TolkProperties.Translate limits;

    TranslateController(
            TranslationService service,
            ModelChoice choice,
            ModelStore store,
            LanguageDetection detection,
            TolkProperties properties) {
        this.service = service;
        this.choice = choice;
        this.store = store;
        this.detection = detection;
        this.limits = properties.translate();
    }

    @Operation(
            summary = "Translate text",
            description =
                    "Tolk's shape: {\"text\": \"...\"} or {\"texts\": [...]}, optional model,"
                            + " source, target (or source \"auto\"), beamSize, nBest, maxLength,"
                            + " noRepeatNgram, attention. LibreTranslate's shape (a body with q) is answered as"
                            + " LibreTranslate does.")
    @PostMapping(path = "/translate", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> translateJson(@RequestBody JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.badRequest(
                    "malformed-body", "send a JSON object, e.g. {\"text\": \"Hello\"}");
        }
        if (body.has("q")) {
            return libre(
                    body.get("q"),
                    text(body, "source"),
                    text(body, "target"),
                    text(body, "format"),
                    integer(body, "alternatives"));
        }
        return tolk(body);
    }

    @Operation(summary = "Translate text (LibreTranslate's form-encoded request)")
    @PostMapping(
            path = "/translate",
            consumes = {
                MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                MediaType.MULTIPART_FORM_DATA_VALUE
            })
    public Map<String, Object> translateForm(@RequestParam MultiValueMap<String, String> form) {
        List<String> q = form.get("q");
        if (q == null) {
            throw ApiException.badRequest("missing-text", "the form has no q field: the text");
        }
        var node = tools.jackson.databind.node.JsonNodeFactory.instance;
        JsonNode texts =
                q.size() == 1
                        ? node.stringNode(q.get(0))
                        : node.arrayNode().addAll(q.stream().map(node::stringNode).toList());
        String alternatives = form.getFirst("alternatives");
        return libre(
                texts,
                form.getFirst("source"),
                form.getFirst("target"),
                form.getFirst("format"),
                alternatives == null ? null : parseInt("alternatives", alternatives));
    }

    @Operation(summary = "The languages the models translate from, each with its targets")
    @GetMapping("/languages")
    public List<Map<String, Object>> languages() {
        Map<String, Set<String>> targets = new TreeMap<>();
        for (ModelStore.Entry e : store.list()) {
            targets.computeIfAbsent(e.manifest().sourceLang(), k -> new TreeSet<>())
                    .add(e.manifest().targetLang());
            targets.computeIfAbsent(e.manifest().targetLang(), k -> new TreeSet<>());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        targets.forEach(
                (code, to) -> {
                    Map<String, Object> language = new LinkedHashMap<>();
                    language.put("code", code);
                    language.put(
                            "name", Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH));
                    language.put("targets", List.copyOf(to));
                    out.add(language);
                });
        return out;
    }

    @Operation(summary = "Detect the language of q among the languages the models translate from")
    @PostMapping(path = "/detect", consumes = MediaType.APPLICATION_JSON_VALUE)
    public List<LanguageDetection.Detected> detectJson(@RequestBody JsonNode body) {
        JsonNode q = body.get("q");
        return detect(q == null || q.isNull() ? null : stringOf(q, "q"));
    }

    @Operation(summary = "Detect the language of q (LibreTranslate's form-encoded request)")
    @PostMapping(
            path = "/detect",
            consumes = {
                MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                MediaType.MULTIPART_FORM_DATA_VALUE
            })
    public List<LanguageDetection.Detected> detectForm(
            @RequestParam(name = "q", required = false) String q) {
        return detect(q);
    }

    private List<LanguageDetection.Detected> detect(String q) {
        if (q == null || q.isBlank()) {
            throw ApiException.badRequest("empty-text", "q is empty: send the text to detect");
        }
        Set<String> sources = new TreeSet<>();
        store.list().forEach(e -> sources.add(e.manifest().sourceLang()));
        if (sources.isEmpty()) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "no-model",
                    "no model has been trained yet, so no language can be detected: POST /train");
        }
        return detection.detect(q, sources, sources);
    }

    private Map<String, Object> tolk(JsonNode body) {
        List<String> texts;
        if (body.has("texts")) {
            texts = strings(body.get("texts"), "texts");
        } else if (body.has("text")) {
            if (!body.get("text").isString()) {
                throw ApiException.badRequest("malformed-body", "text must be a string");
            }
            texts = List.of(body.get("text").asString());
        } else {
            throw ApiException.badRequest(
                    "missing-text", "send {\"text\": \"...\"} or {\"texts\": [\"...\", ...]}");
        }
        checkTexts(texts);
        int beam = integerOr(body, "beamSize", limits.defaultBeam());
        int nBest = integerOr(body, "nBest", 1);
        Integer maxLength = integer(body, "maxLength");
        int noRepeat = integerOr(body, "noRepeatNgram", DEFAULT_NO_REPEAT);
        boolean attention = body.has("attention") && body.get("attention").asBoolean();
        SearchSettings search = search(beam, nBest, attention, maxLength, noRepeat);
        ModelChoice.Choice chosen =
                choice.choose(
                        text(body, "model"),
                        text(body, "source"),
                        text(body, "target"),
                        texts.get(0));
        List<Translator.Translation> translations = run(chosen.model(), texts, search);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Translator.Translation t : translations) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("text", t.text());
            item.put("score", t.score());
            if (nBest > 1) {
                item.put("nBest", t.nBest());
            }
            if (t.sentences() > 1) {
                item.put("sentences", t.sentences());
            }
            if (attention && t.attention() != null) {
                item.put("sourceTokens", t.sourceTokens());
                item.put("targetTokens", t.targetTokens());
                item.put("attention", t.attention());
            }
            items.add(item);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ModelStore.Entry model = chosen.model();
        out.put("model", model.id());
        out.put("source", model.manifest().sourceLang());
        out.put("target", model.manifest().targetLang());
        if (chosen.detected() != null) {
            out.put("detectedLanguage", chosen.detected());
        }
        out.put("search", search.describe());
        out.put("translations", items);
        out.put("modelScores", model.manifest().metrics());
        return out;
    }

    private Map<String, Object> libre(
            JsonNode q, String source, String target, String format, Integer alternatives) {
        boolean list = q.isArray();
        List<String> texts = list ? strings(q, "q") : List.of(stringOf(q, "q"));
        checkTexts(texts);
        boolean html = "html".equals(format);
        if (format != null && !html && !"text".equals(format)) {
            throw ApiException.badRequest(
                    "invalid-format",
                    "format must be \"text\" or \"html\", not \"" + format + "\"");
        }
        int extra = alternatives == null ? 0 : alternatives;
        if (extra < 0 || extra + 1 > limits.maxBeam()) {
            throw ApiException.badRequest(
                    "invalid-alternatives",
                    "alternatives must be between 0 and " + (limits.maxBeam() - 1));
        }
        int beam = Math.max(limits.defaultBeam(), extra + 1);
        SearchSettings search = search(beam, extra + 1, false, null, DEFAULT_NO_REPEAT);
        // With source "auto", every text is detected on its own and goes to its language's model.
        String from = source == null ? "auto" : source;
        List<ModelChoice.Choice> choices = new ArrayList<>();
        if (from.equals("auto")) {
            for (String text : texts) {
                choices.add(choice.choose(null, from, target, text));
            }
        } else {
            ModelChoice.Choice one = choice.choose(null, from, target, texts.get(0));
            texts.forEach(t -> choices.add(one));
        }
        Map<String, List<Integer>> byModel = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            byModel.computeIfAbsent(choices.get(i).model().id(), k -> new ArrayList<>()).add(i);
        }
        String[] translated = new String[texts.size()];
        List<List<String>> alternativeLists = new ArrayList<>();
        texts.forEach(t -> alternativeLists.add(List.of()));
        for (List<Integer> indexes : byModel.values()) {
            ModelStore.Entry model = choices.get(indexes.get(0)).model();
            if (html) {
                for (int i : indexes) {
                    translated[i] = translateHtml(model, texts.get(i), search);
                }
            } else {
                List<Translator.Translation> done =
                        run(model, indexes.stream().map(texts::get).toList(), search);
                for (int k = 0; k < indexes.size(); k++) {
                    Translator.Translation t = done.get(k);
                    translated[indexes.get(k)] = t.text();
                    alternativeLists.set(
                            indexes.get(k),
                            t.nBest().stream().skip(1).map(Translator.Alternative::text).toList());
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (extra > 0) {
            out.put("alternatives", list ? alternativeLists : alternativeLists.get(0));
        }
        if (from.equals("auto")) {
            List<LanguageDetection.Detected> detected =
                    choices.stream().map(ModelChoice.Choice::detected).toList();
            out.put("detectedLanguage", list ? detected : detected.get(0));
        }
        out.put("translatedText", list ? List.of(translated) : translated[0]);
        return out;
    }

    /** Translates the text nodes of an HTML fragment; tags and attributes stay as they are. */
    private String translateHtml(ModelStore.Entry model, String html, SearchSettings search) {
        Document doc = Jsoup.parseBodyFragment(html);
        doc.outputSettings().prettyPrint(false);
        List<TextNode> nodes = new ArrayList<>();
        doc.body()
                .traverse(
                        (node, depth) -> {
                            if (node instanceof TextNode t && !t.isBlank()) {
                                nodes.add(t);
                            }
                        });
        if (nodes.isEmpty()) {
            return html;
        }
        List<String> texts = nodes.stream().map(TextNode::text).toList();
        List<Translator.Translation> translations = run(model, texts, search);
        for (int i = 0; i < nodes.size(); i++) {
            String original = nodes.get(i).getWholeText();
            String lead =
                    original.substring(0, original.length() - original.stripLeading().length());
            String trail = original.substring(original.stripTrailing().length());
            nodes.get(i).text(lead + translations.get(i).text() + trail);
        }
        return doc.body().html();
    }

    private List<Translator.Translation> run(
            ModelStore.Entry model, List<String> texts, SearchSettings search) {
        try {
            return service.translate(model, texts, search).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "busy",
                    "the translation did not finish within " + TIMEOUT_SECONDS + " s; retry later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private SearchSettings search(
            int beam, int nBest, boolean attention, Integer maxLength, int noRepeat) {
        if (beam < 1 || beam > limits.maxBeam()) {
            throw ApiException.badRequest(
                    "invalid-beam", "beamSize must be between 1 and " + limits.maxBeam());
        }
        if (nBest < 1 || nBest > beam) {
            throw ApiException.badRequest(
                    "invalid-n-best", "nBest must be between 1 and beamSize (" + beam + ")");
        }
        if (noRepeat < 0) {
            throw ApiException.badRequest(
                    "invalid-no-repeat-ngram",
                    "noRepeatNgram must be 0 (off) or an n-gram size in subword tokens, e.g. 3");
        }
        SearchSettings s =
                SearchSettings.defaults(beam)
                        .withNBest(nBest)
                        .withNoRepeatNgram(noRepeat)
                        .withAttention(attention);
        if (maxLength != null) {
            if (maxLength < 1) {
                throw ApiException.badRequest(
                        "invalid-max-length", "maxLength must be at least 1 (subword tokens)");
            }
            s = s.withMaxLength(maxLength);
        }
        return s;
    }

    private void checkTexts(List<String> texts) {
        if (texts.isEmpty()) {
            throw ApiException.badRequest("empty-text", "no text given: send at least one");
        }
        if (texts.size() > limits.maxTexts()) {
            throw new ApiException(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "too-many-texts",
                    texts.size()
                            + " texts in one request; send at most "
                            + limits.maxTexts()
                            + " (tolk.translate.max-texts)");
        }
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text.isBlank()) {
                throw ApiException.badRequest(
                        "empty-text",
                        (texts.size() == 1 ? "the text" : "text " + (i + 1))
                                + " is empty: send something to translate");
            }
            if (text.length() > limits.maxChars()) {
                throw new ApiException(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "text-too-long",
                        (texts.size() == 1 ? "the text" : "text " + (i + 1))
                                + " has "
                                + text.length()
                                + " characters; the limit is "
                                + limits.maxChars()
                                + " (tolk.translate.max-chars): split it");
            }
        }
    }

    private static List<String> strings(JsonNode node, String name) {
        if (!node.isArray()) {
            throw ApiException.badRequest("malformed-body", name + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            out.add(stringOf(item, name));
        }
        return out;
    }

    private static String stringOf(JsonNode node, String name) {
        if (node.getNodeType() != JsonNodeType.STRING) {
            throw ApiException.badRequest(
                    "malformed-body", name + " must hold strings, not " + node.getNodeType());
        }
        return node.asString();
    }

    private static String text(JsonNode body, String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Integer integer(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            if (value.isString()) {
                return parseInt(name, value.asString());
            }
            throw ApiException.badRequest("malformed-body", name + " must be an integer");
        }
        return value.asInt();
    }

    private static int integerOr(JsonNode body, String name, int fallback) {
        Integer value = integer(body, name);
        return value == null ? fallback : value;
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "malformed-body", name + " must be an integer, not \"" + value + "\"");
        }
    }
}
