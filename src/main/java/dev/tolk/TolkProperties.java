package dev.tolk;

import dev.tolk.runtime.DeviceChoice;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's own settings ({@code tolk.*}; environment variables {@code TOLK_MODELS_DIR}, ...).
 *
 * @param modelsDir where model directories (and training job records) live
 * @param dataDir where corpora live; training jobs may read nothing outside it
 * @param device the compute device
 * @param translate limits and batching of {@code /translate}
 * @param models the loaded-model cache
 * @param jobs training jobs
 * @param security API keys and rate limits
 */
@ConfigurationProperties("tolk")
public record TolkProperties(
        @DefaultValue("models") Path modelsDir,
        @DefaultValue("data") Path dataDir,
        @DefaultValue("auto") DeviceChoice device,
        @DefaultValue Translate translate,
        @DefaultValue Models models,
        @DefaultValue Jobs jobs,
        @DefaultValue Security security) {

    /**
     * {@code tolk.translate.*}.
     *
     * @param maxChars characters per text at most (longer: 413)
     * @param maxTexts texts per request at most
     * @param maxBeam the largest beam a request may ask for
     * @param defaultBeam the beam when a request names none
     * @param batchWaitMs how long the batcher waits for more requests before decoding
     * @param batchSentences sentences decoded together at most
     * @param streams server-side batches decoded at once, the cores shared among them (0: one per
     *     core, at most 4, on CPU; 1 on a GPU)
     */
    public record Translate(
            @DefaultValue("5000") int maxChars,
            @DefaultValue("100") int maxTexts,
            @DefaultValue("8") int maxBeam,
            @DefaultValue("4") int defaultBeam,
            @DefaultValue("5") int batchWaitMs,
            @DefaultValue("64") int batchSentences,
            @DefaultValue("0") int streams) {}

    /**
     * {@code tolk.models.*}.
     *
     * @param cacheSize models kept loaded at once (least recently used ones are unloaded)
     */
    public record Models(@DefaultValue("2") int cacheSize) {}

    /**
     * {@code tolk.jobs.*}.
     *
     * @param concurrency training jobs run at once; more wait in the queue
     * @param enabled whether this instance trains; translation replicas that share a read-only
     *     models volume with one trainer set it to false (they list the trainer's jobs, and never
     *     change them)
     */
    public record Jobs(@DefaultValue("1") int concurrency, @DefaultValue("true") boolean enabled) {}

    /**
     * {@code tolk.security.*}.
     *
     * @param apiKeys when not empty, requests need a key: {@code KEY} (translation) or {@code
     *     KEY:admin} (also training, datasets and model changes)
     * @param requestsPerMinute requests per key and minute (0: no limit)
     */
    public record Security(
            @DefaultValue("") List<String> apiKeys, @DefaultValue("60") int requestsPerMinute) {}
}
