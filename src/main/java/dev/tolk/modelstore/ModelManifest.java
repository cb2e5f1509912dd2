package dev.tolk.modelstore;

import dev.tolk.model.TransformerConfig;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code model.json}: what a model directory holds and how it was made. Loading builds the model
 * from {@link #config}, never from current settings.
 *
 * @param id the directory's name
 * @param sourceLang source language code
 * @param targetLang target language code
 * @param config the architecture
 * @param tokenizer the vocabulary file, relative to the directory
 * @param parameters the parameter file, relative to the directory
 * @param versions tolk, djl and pytorch versions that trained it
 * @param recipe the training settings
 * @param corpus the corpus and held-out reports
 * @param metrics final held-out (and test) scores with signatures
 * @param createdAt ISO-8601 instant the model was completed
 * @param lineage how it came to be: {@code recipe} ({@code "from scratch"} or {@code
 *     "fine-tuning"}), for a fine-tuned model {@code baseModel} (id), {@code baseDirectory}, {@code
 *     baseParametersSha256} and {@code baseLineage} (the base's own), and {@code datasets} (the
 *     corpora trained on); null in models written before lineage was recorded
 */
public record ModelManifest(
        String id,
        String sourceLang,
        String targetLang,
        TransformerConfig config,
        String tokenizer,
        String parameters,
        Map<String, String> versions,
        JsonNode recipe,
        JsonNode corpus,
        JsonNode metrics,
        String createdAt,
        JsonNode lineage) {}
