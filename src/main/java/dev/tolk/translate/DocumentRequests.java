package dev.tolk.translate;

import dev.tolk.TolkProperties;
import dev.tolk.decode.SearchSettings;
import dev.tolk.document.DocumentFile;
import dev.tolk.document.DocumentFormat;
import dev.tolk.document.DocumentLimits;
import dev.tolk.document.DocumentRejectedException;
import dev.tolk.document.DocumentText;
import dev.tolk.document.TranslatedFiles;
import dev.tolk.glossary.AppliedGlossary;
import dev.tolk.glossary.GlossaryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;

/**
 * LibreTranslate's {@code POST /translate_file}: a document read by its format's library ({@link
 * DocumentFile}), its sentences translated by the batcher, written back in place and kept for
 * download ({@link TranslatedFiles}). The sentences go to the batcher in chunks of {@code
 * tolk.translate.batch-sentences}, one after the other, so that a long document never holds up the
 * short requests queued behind it; a chunk the admission refuses while the document is under way is
 * tried again until the document's deadline. A glossary (the one named, or the pair's default) is
 * applied to each sentence as to a {@code /translate} text.
 */
@Service
public class DocumentRequests {

    /** How long a refused chunk waits before it is offered again. */
    private static final long RETRY_MILLIS = 200;

    /** Characters of the text that source {@code auto} is detected on. */
    private static final int DETECT_CHARS = 2000;

    /** Glossary misses listed in a document's answer at most (all are counted). */
    static final int MAX_MISSES_LISTED = 100;

    private final TranslationService service;
    private final ModelChoice choice;
    private final GlossaryStore glossaries;
    private final TolkProperties.Documents settings;
    private final DocumentLimits limits;
    private final TranslatedFiles files;
    private final int chunk;
    private final int beam;

    DocumentRequests(
            TranslationService service,
            ModelChoice choice,
            GlossaryStore glossaries,
            TolkProperties properties) {
        this.service = service;
        this.choice = choice;
        this.glossaries = glossaries;
        this.settings = properties.documents();
        this.limits =
                new DocumentLimits(
                        settings.maxBytes(), settings.maxUnzippedBytes(), settings.maxChars());
        this.files =
                new TranslatedFiles(
                        properties.dataDir().resolve("translated-files"),
                        Duration.ofMinutes(settings.keepMinutes()),
                        Clock.systemUTC());
        this.chunk = Math.max(1, properties.translate().batchSentences());
        this.beam = properties.translate().defaultBeam();
    }

    /** An uploaded document: its name as sent, its size and its bytes, read when needed. */
    public record Upload(String fileName, long size, Content content) {}

    /** The bytes of an upload. */
    @FunctionalInterface
    public interface Content {
        byte[] read() throws IOException;
    }

    /**
     * A translated document.
     *
     * @param name the name it is downloaded by
     * @param glossary what the glossary did (misses name the sentence by its index in the document,
     *     the first {@value #MAX_MISSES_LISTED} listed), or null when none applied
     */
    public record Translated(String name, AppliedGlossary.Report glossary) {}

    /** Whether documents are translated, and which extensions. */
    public List<String> supportedFormats() {
        return settings.enabled() ? DocumentFormat.allExtensions() : List.of();
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Bytes of an upload at most. */
    public long maxBytes() {
        return settings.maxBytes();
    }

    /**
     * Translates {@code upload} from {@code source} (or {@code auto}) into {@code target}: checked
     * and read at once (a refusal is thrown), translated in the background.
     *
     * @param glossary a glossary id, {@code none}, or null for the pair's default glossary
     */
    public CompletableFuture<Translated> translate(
            Upload upload, String source, String target, String glossary) {
        if (!settings.enabled()) {
            throw new FilesDisabledException();
        }
        if (upload == null || upload.fileName() == null || upload.fileName().isBlank()) {
            throw new InvalidTranslationRequestException(
                    "missing-file", "Invalid request: missing file parameter");
        }
        TranslationRequests.required(source, "source");
        TranslationRequests.required(target, "target");
        DocumentFormat format =
                DocumentFormat.of(upload.fileName())
                        .orElseThrow(
                                () -> DocumentRejectedException.unsupported(upload.fileName()));
        if (upload.size() > settings.maxBytes()) {
            throw DocumentRejectedException.tooLarge(
                    "has " + upload.size() + " bytes; at most",
                    settings.maxBytes(),
                    "tolk.documents.max-bytes");
        }
        boolean auto = source.equalsIgnoreCase("auto");
        DocumentFile document = DocumentFile.read(format, read(upload), limits);
        try {
            DocumentText text = new DocumentText(document.paragraphs(), auto ? null : source);
            if (text.chars() > settings.maxChars()) {
                throw DocumentRejectedException.tooLarge(
                        "has " + text.chars() + " characters of text; at most",
                        settings.maxChars(),
                        "tolk.documents.max-chars");
            }
            List<String> sentences = text.sentences();
            CompletableFuture<Chunks> translated;
            if (sentences.isEmpty()) {
                translated = CompletableFuture.completedFuture(null);
            } else {
                ModelChoice.Choice route = model(sentences, auto ? "auto" : source, target);
                translated =
                        inChunks(
                                route,
                                glossaries.forRequest(glossary, route.source(), route.target()),
                                sentences);
            }
            CompletableFuture<Translated> stored =
                    translated.thenApplyAsync(
                            done ->
                                    new Translated(
                                            store(
                                                    upload.fileName(),
                                                    document,
                                                    text,
                                                    done == null ? List.of() : done.out),
                                            done == null ? null : done.report()));
            stored.whenComplete((name, error) -> close(document));
            return stored;
        } catch (RuntimeException e) {
            close(document);
            throw e;
        }
    }

    private static byte[] read(Upload upload) {
        try {
            return upload.content().read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The model (or two, through a pivot) for the document: with source auto, the language of its
     * first sentences.
     */
    private ModelChoice.Choice model(List<String> sentences, String source, String target) {
        StringBuilder sample = new StringBuilder();
        for (String s : sentences) {
            if (sample.length() > DETECT_CHARS) {
                break;
            }
            sample.append(s).append(' ');
        }
        return choice.choose(null, source, target, sample.toString().strip());
    }

    /** The translated document written to the download store. */
    private String store(
            String fileName, DocumentFile document, DocumentText text, List<String> translations) {
        text.apply(translations);
        try {
            return files.store(fileName, document::write);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(DocumentFile document) {
        try {
            document.close();
        } catch (IOException e) {
            // only read from memory: nothing to lose
        }
    }

    /** The stored translated document {@code name}. */
    public TranslatedFiles.Stored download(String name) {
        Optional<TranslatedFiles.Stored> stored = files.find(name);
        return stored.orElseThrow(
                () -> new TranslatedFileNotFoundException(name, settings.keepMinutes()));
    }

    /** The sentences translated a chunk at a time, in order, under the document's deadline. */
    private CompletableFuture<Chunks> inChunks(
            ModelChoice.Choice model, Optional<GlossaryStore.Loaded> glossary, List<String> texts) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.deadlineSeconds());
        SearchSettings search = SearchSettings.defaults(beam);
        Chunks chunks = new Chunks(model, glossary.orElse(null), texts, search, deadline);
        return chunks.from(0, true).thenApply(v -> chunks);
    }

    /**
     * One document's chunks: the translations so far (with the glossary's results) and the chunk
     * being decoded.
     */
    private final class Chunks {
        final ModelChoice.Choice model;
        final GlossaryStore.Loaded glossary;
        final List<String> texts;
        final SearchSettings search;
        final long deadline;
        final List<String> out = new ArrayList<>();
        // what the glossary did: the terms found and those not placed (not the translations, whose
        // attention would be kept for the whole document)
        int terms;
        final List<AppliedGlossary.Miss> misses = new ArrayList<>();

        Chunks(
                ModelChoice.Choice model,
                GlossaryStore.Loaded glossary,
                List<String> texts,
                SearchSettings search,
                long deadline) {
            this.model = model;
            this.glossary = glossary;
            this.texts = texts;
            this.search = search;
            this.deadline = deadline;
        }

        /** What the glossary did to the whole document, or null without one. */
        AppliedGlossary.Report report() {
            if (glossary == null) {
                return null;
            }
            return new AppliedGlossary.Report(
                    glossary.glossary().id(),
                    terms,
                    terms - misses.size(),
                    List.copyOf(misses.subList(0, Math.min(misses.size(), MAX_MISSES_LISTED))));
        }

        /**
         * Chunk {@code start} and the ones after it. The first is offered once (a refusal is the
         * request's answer); a later one refused for overload waits and is offered again.
         */
        CompletableFuture<Void> from(int start, boolean first) {
            if (start >= texts.size()) {
                return CompletableFuture.completedFuture(null);
            }
            if (System.nanoTime() > deadline) {
                return CompletableFuture.failedFuture(
                        new TranslationTimeoutException(
                                settings.deadlineSeconds(), "tolk.documents.deadline-seconds"));
            }
            List<String> part = texts.subList(start, Math.min(texts.size(), start + chunk));
            AppliedGlossary applied =
                    glossary == null
                            ? AppliedGlossary.none()
                            : AppliedGlossary.of(glossary.glossary(), glossary.terms(), part);
            CompletableFuture<List<Legs>> decoded;
            try {
                decoded =
                        new RouteWork(service, deadline)
                                .submit(
                                        model,
                                        part,
                                        applied.needsAttention()
                                                ? search.withAttention(true)
                                                : search);
            } catch (OverloadedException e) {
                if (first) {
                    throw e;
                }
                return CompletableFuture.runAsync(
                                () -> {},
                                CompletableFuture.delayedExecutor(
                                        RETRY_MILLIS, TimeUnit.MILLISECONDS))
                        .thenCompose(v -> from(start, false));
            }
            return decoded.thenCompose(
                    done -> {
                        add(start, applied, done);
                        return from(start + part.size(), false);
                    });
        }

        /** A chunk's translations from sentence {@code start}, the glossary's terms put in. */
        private void add(int start, AppliedGlossary applied, List<Legs> done) {
            for (int i = 0; i < done.size(); i++) {
                Legs legs = done.get(i);
                AppliedGlossary.Result r = applied.apply(i, legs.chain(), legs.combined());
                out.add(r.translation().text());
                terms += r.terms();
                misses.addAll(r.renumbered(k -> start + k).misses());
            }
        }
    }
}
