package dev.tolk.translate;

import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ModelStore;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code /models}: list, inspect, delete, and choose the default model of a language pair. */
@RestController
public class ModelsController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ModelStore store;
    private final ModelCache cache;
    private final ModelChoice choice;

    ModelsController(ModelStore store, ModelCache cache, ModelChoice choice) {
        this.store = store;
        this.cache = cache;
        this.choice = choice;
    }

    @Operation(summary = "Every model in the models directory")
    @GetMapping("/models")
    public List<Map<String, Object>> list() {
        Map<String, String> defaults = store.defaults();
        List<Map<String, Object>> out = new ArrayList<>();
        for (ModelStore.Entry e : store.list()) {
            out.add(summary(e, defaults));
        }
        return out;
    }

    @Operation(
            summary =
                    "One model: configuration, languages, scores with signatures, size, held-out"
                            + " evaluations during training, lineage (from scratch or fine-tuned"
                            + " from which model, on which corpora)")
    @GetMapping("/models/{id}")
    public Map<String, Object> get(@PathVariable String id) throws IOException {
        ModelStore.Entry e = choice.find(id);
        Map<String, Object> out = summary(e, store.defaults());
        out.put("config", e.manifest().config());
        out.put("recipe", withoutServerPaths(e.manifest().recipe()));
        out.put("corpus", withoutServerPaths(e.manifest().corpus()));
        out.put("versions", e.manifest().versions());
        out.put("lineage", withoutServerPaths(e.manifest().lineage()));
        out.put("evaluations", evaluations(e));
        return out;
    }

    /**
     * The held-out evaluations during the model's training ({@code metrics.jsonl}: step, losses,
     * BLEU, chrF), for comparing models on their curves; unreadable lines are left out.
     */
    private static List<JsonNode> evaluations(ModelStore.Entry e) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : new ModelDirectory(e.dir()).readMetricsLines()) {
            try {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            } catch (JacksonException broken) {
                // a line cut by a crash mid-write: the others still draw the curve
            }
        }
        return out;
    }

    @Operation(summary = "Delete a model (and unload it once requests using it are done)")
    @DeleteMapping("/models/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) throws IOException {
        ModelStore.Entry e = choice.find(id);
        store.delete(e);
        cache.invalidate(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Make a model the default of its language pair")
    @PostMapping("/models/{id}/default")
    public Map<String, Object> makeDefault(@PathVariable String id) throws IOException {
        ModelStore.Entry e = choice.find(id);
        store.setDefault(e);
        return summary(e, store.defaults());
    }

    /**
     * {@code json} with every string that holds a path (a corpus file of the recipe) cut to its
     * file name: public answers show no server paths.
     */
    static JsonNode withoutServerPaths(JsonNode json) {
        if (json == null) {
            return null;
        }
        JsonNode copy = json.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : List.copyOf(object.properties())) {
                JsonNode value = field.getValue();
                if (value.isString()) {
                    object.put(field.getKey(), fileName(value.asString()));
                } else {
                    strip(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isString()) {
                    array.set(i, fileName(value.asString()));
                } else {
                    strip(value);
                }
            }
        }
    }

    /**
     * The part after the last {@code /} or {@code \\}: a path's file name; other strings as they
     * are.
     */
    static String fileName(String value) {
        int cut = Math.max(value.lastIndexOf('/'), value.lastIndexOf('\\'));
        return cut < 0 ? value : value.substring(cut + 1);
    }

    static Map<String, Object> summary(ModelStore.Entry e, Map<String, String> defaults) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", e.id());
        out.put("source", e.manifest().sourceLang());
        out.put("target", e.manifest().targetLang());
        out.put("default", e.id().equals(defaults.get(e.pair())));
        out.put("createdAt", e.manifest().createdAt());
        out.put("bytes", e.bytes());
        out.put("parameters", e.manifest().config().parameterCount());
        out.put("metrics", e.manifest().metrics());
        JsonNode lineage = e.manifest().lineage();
        out.put(
                "baseModel",
                lineage != null && lineage.hasNonNull("baseModel")
                        ? lineage.get("baseModel").asString()
                        : null);
        return out;
    }
}
