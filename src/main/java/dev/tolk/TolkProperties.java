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
 * @param security API keys, rate limits, who may use the admin endpoints
 * @param datasets limits of uploaded corpora
 * @param cors which web origins may call the translation endpoints from a browser
 * @param documents {@code POST /translate_file}: on or off, limits, how long results are kept
 * @param suggestions {@code POST /suggest}: whether users' corrections are taken
 */
@ConfigurationProperties("tolk")
public record TolkProperties(
        @DefaultValue("models") Path modelsDir,
        @DefaultValue("data") Path dataDir,
        @DefaultValue("auto") DeviceChoice device,
        @DefaultValue Translate translate,
        @DefaultValue Models models,
        @DefaultValue Jobs jobs,
        @DefaultValue Security security,
        @DefaultValue Datasets datasets,
        @DefaultValue Cors cors,
        @DefaultValue Documents documents,
        @DefaultValue Suggestions suggestions) {

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
     * @param maxQueuedTexts texts waiting to be decoded at most, over all requests; a request that
     *     would exceed it is answered 503 at once
     * @param maxQueuedChars characters of the texts waiting to be decoded at most (the same)
     * @param maxQueueSeconds seconds of decoding waiting at most, at the rate measured so far (the
     *     same): what keeps admitted requests' latency bounded whatever the hardware
     * @param deadlineSeconds how long a request may wait for its translations; work whose deadline
     *     has passed is dropped before it is decoded, and the request answered 503
     * @param maxBodyBytes largest JSON body of the translation endpoints ({@code /translate},
     *     {@code /detect}, {@code /evaluate})
     * @param cacheMaxChars characters (texts and their translations) the translation cache keeps at
     *     most; 0 turns it off
     * @param cacheMinutes how long a cached translation is kept
     */
    public record Translate(
            @DefaultValue("5000") int maxChars,
            @DefaultValue("100") int maxTexts,
            @DefaultValue("8") int maxBeam,
            @DefaultValue("4") int defaultBeam,
            @DefaultValue("5") int batchWaitMs,
            @DefaultValue("64") int batchSentences,
            @DefaultValue("0") int streams,
            @DefaultValue("2000") int maxQueuedTexts,
            @DefaultValue("1000000") long maxQueuedChars,
            @DefaultValue("2") double maxQueueSeconds,
            @DefaultValue("60") int deadlineSeconds,
            @DefaultValue("2097152") long maxBodyBytes,
            @DefaultValue("5000000") long cacheMaxChars,
            @DefaultValue("60") int cacheMinutes) {}

    /**
     * {@code tolk.models.*}.
     *
     * @param cacheSize models kept loaded at once (least recently used ones are unloaded)
     * @param retryFailedLoadSeconds a model that failed to load is not loaded again for this long;
     *     requests for it are answered with the failure meanwhile
     */
    public record Models(
            @DefaultValue("2") int cacheSize, @DefaultValue("60") int retryFailedLoadSeconds) {}

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
     * @param openAdmin with no keys set, whether clients other than the local host may use the
     *     admin endpoints (training, uploads, model changes); false: only local clients
     */
    public record Security(
            @DefaultValue("") List<String> apiKeys,
            @DefaultValue("60") int requestsPerMinute,
            @DefaultValue("false") boolean openAdmin) {}

    /**
     * {@code tolk.datasets.*}: what an upload may be.
     *
     * @param maxUncompressedBytes bytes of an uploaded file once decompressed, at most
     * @param maxLineChars characters of one line of a corpus, at most
     */
    public record Datasets(
            @DefaultValue("4294967296") long maxUncompressedBytes,
            @DefaultValue("100000") int maxLineChars) {}

    /**
     * {@code tolk.cors.*}: cross-origin requests from browsers (web front ends, extensions,
     * userscripts) to the translation endpoints ({@code /translate}, {@code /detect}, {@code
     * /languages}, {@code /frontend/settings}, {@code /health}), as LibreTranslate allows them.
     *
     * @param allowedOrigins origins allowed ({@code *}: any, as LibreTranslate; patterns such as
     *     {@code https://*.example.org} work; empty: no cross-origin access)
     */
    public record Cors(@DefaultValue("*") List<String> allowedOrigins) {}

    /**
     * {@code tolk.documents.*}: translated documents ({@code POST /translate_file}, {@code GET
     * /download_file/{name}}).
     *
     * @param enabled whether documents are translated (LibreTranslate's {@code filesTranslation})
     * @param maxBytes bytes of an uploaded document, at most
     * @param maxUnzippedBytes bytes of a .docx, .pptx or .odt once unzipped, at most
     * @param maxChars characters of a document's text, at most
     * @param keepMinutes how long a translated document can be downloaded
     * @param deadlineSeconds how long a document may take to translate; then it is answered 503
     */
    public record Documents(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10485760") long maxBytes,
            @DefaultValue("209715200") long maxUnzippedBytes,
            @DefaultValue("200000") long maxChars,
            @DefaultValue("30") int keepMinutes,
            @DefaultValue("600") int deadlineSeconds) {}

    /**
     * {@code tolk.suggestions.*}: users' corrections ({@code POST /suggest}), kept per language
     * pair as a dataset that training jobs can use.
     *
     * @param enabled whether suggestions are taken (off, as in LibreTranslate: 403)
     */
    public record Suggestions(@DefaultValue("false") boolean enabled) {}
}
