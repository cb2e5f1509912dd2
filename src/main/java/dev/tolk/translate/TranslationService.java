package dev.tolk.translate;

import dev.tolk.decode.DecodeStreams;
import dev.tolk.decode.SearchSettings;
import dev.tolk.decode.Translator;
import dev.tolk.modelstore.ModelStore;
import dev.tolk.runtime.IntraOpThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Translates requests in server-side batches: a worker takes the first waiting request, collects
 * whatever else arrives within {@code batchWait} (up to {@code batchSentences} texts or about 150
 * characters a text in all; no wait when every core is idle and nothing else waits), and decodes
 * the requests for the same model and search settings as one batch. Thirty-two clients sending a
 * sentence each thus cost about one batched decode, not thirty-two. Several workers (decoding
 * streams) each decode their own batch at once: a decoding step is a chain of small operations that
 * one batch cannot spread over all cores.
 *
 * <p>A request whose text the model rejects (a sentence over its length limit) fails alone: the
 * batch is then translated request by request.
 *
 * <p>Admission: at most {@code maxQueuedTexts} texts and {@code maxQueuedChars} characters wait at
 * once, and no more than {@code maxQueueSeconds} of decoding at the rate measured so far; a request
 * beyond that is refused at once ({@link OverloadedException}), before anything is decoded, so that
 * admitted requests keep their latency. Every request has a deadline: a worker drops work whose
 * deadline has passed or whose caller has given up (its future cancelled) instead of decoding it.
 */
public final class TranslationService implements AutoCloseable {

    /** One request waiting to be translated. */
    private record Pending(
            ModelStore.Entry model,
            List<String> texts,
            SearchSettings search,
            long enqueuedNanos,
            long deadlineNanos,
            long characters,
            CompletableFuture<List<Translator.Translation>> result) {

        /** Whether nobody waits for it any more: its caller gave up or its deadline passed. */
        boolean abandoned(long now) {
            return result.isDone() || now - deadlineNanos > 0;
        }
    }

    /** No deadline: {@code deadlineNanos} so far ahead that it never passes. */
    public static final long NO_DEADLINE = Long.MAX_VALUE / 4;

    private final ModelCache cache;
    private final long batchWaitNanos;
    private final int batchSentences;
    private final long batchCharacters;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Admission admission;

    private final Counter droppedExpired;
    private final Counter droppedCancelled;
    private final List<Thread> workers = new ArrayList<>();
    private final Timer queueWait;
    private final Timer decodeTime;
    private final Timer encodeStage;
    private final Timer searchStage;
    private final Timer assembleStage;
    private final DistributionSummary batchSize;
    private final Counter outputTokens;

    /** Workers decoding a batch now; a worker collecting requests is not counted. */
    private final AtomicInteger busyWorkers = new AtomicInteger();

    private volatile boolean running = true;
    private volatile TranslationCache translations = TranslationCache.off();

    public TranslationService(
            ModelCache cache, long batchWaitMillis, int batchSentences, MeterRegistry meters) {
        this(cache, batchWaitMillis, batchSentences, DecodeStreams.single(), meters);
    }

    /**
     * A started service with {@code streams.streams()} workers, each decoding its own batch with
     * {@code streams.threadsPerStream()} intra-op threads, admitting at most {@code maxQueuedTexts}
     * texts and {@code maxQueuedChars} characters of waiting work.
     */
    public static TranslationService start(
            ModelCache cache,
            long batchWaitMillis,
            int batchSentences,
            DecodeStreams streams,
            int maxQueuedTexts,
            long maxQueuedChars,
            double maxQueueSeconds,
            MeterRegistry meters) {
        return new TranslationService(
                        cache,
                        batchWaitMillis,
                        batchSentences,
                        streams,
                        maxQueuedTexts,
                        maxQueuedChars,
                        maxQueueSeconds,
                        meters)
                .start();
    }

    /** A service with {@code streams}' workers that admits any amount of waiting work. */
    public TranslationService(
            ModelCache cache,
            long batchWaitMillis,
            int batchSentences,
            DecodeStreams streams,
            MeterRegistry meters) {
        this(
                cache,
                batchWaitMillis,
                batchSentences,
                streams,
                Integer.MAX_VALUE,
                Long.MAX_VALUE,
                Double.POSITIVE_INFINITY,
                meters);
        start();
    }

    /** A service whose workers have not started: see {@link #start()}. */
    TranslationService(
            ModelCache cache,
            long batchWaitMillis,
            int batchSentences,
            DecodeStreams streams,
            int maxQueuedTexts,
            long maxQueuedChars,
            double maxQueueSeconds,
            MeterRegistry meters) {
        this.cache = cache;
        this.admission =
                new Admission(
                        maxQueuedTexts,
                        maxQueuedChars,
                        maxQueueSeconds,
                        batchSentences,
                        streams.streams(),
                        meters);
        this.droppedExpired =
                Counter.builder("tolk.translate.dropped")
                        .description("Requests dropped before decoding: nobody waits for them")
                        .tag("reason", "deadline")
                        .register(meters);
        this.droppedCancelled =
                Counter.builder("tolk.translate.dropped")
                        .description("Requests dropped before decoding: nobody waits for them")
                        .tag("reason", "cancelled")
                        .register(meters);
        this.batchWaitNanos = TimeUnit.MILLISECONDS.toNanos(batchWaitMillis);
        this.batchSentences = batchSentences;
        // A token budget too: long texts fill a batch sooner (about 150 characters a sentence).
        this.batchCharacters = 150L * batchSentences;
        this.queueWait =
                Timer.builder("tolk.translate.queue.wait")
                        .description("Time a request waits before its batch is decoded")
                        .register(meters);
        this.decodeTime =
                Timer.builder("tolk.translate.batch.time")
                        .description("Time to decode one server-side batch")
                        .register(meters);
        this.encodeStage = stage("encode", "Normalizing and encoding a batch's texts", meters);
        this.searchStage = stage("search", "The search (greedy or beam) of a batch", meters);
        this.assembleStage =
                stage("assemble", "Detokenizing a batch's outputs into its answers", meters);
        this.batchSize =
                DistributionSummary.builder("tolk.translate.batch.texts")
                        .description("Texts per server-side batch")
                        .register(meters);
        this.outputTokens =
                Counter.builder("tolk.translate.tokens")
                        .description("Subword tokens generated")
                        .register(meters);
        for (int i = 1; i <= streams.streams(); i++) {
            int threads = streams.threadsPerStream();
            Thread worker =
                    new Thread(
                            () -> {
                                IntraOpThreads.prepareForInference(threads);
                                work();
                            },
                            "translate-batcher-" + i);
            worker.setDaemon(true);
            workers.add(worker);
        }
    }

    private static Timer stage(String stage, String description, MeterRegistry meters) {
        return Timer.builder("tolk.translate.stage")
                .description(description + " (one of the steps of tolk.translate.batch.time)")
                .tag("stage", stage)
                .register(meters);
    }

    /** Starts the workers; until then requests only queue up (tests check admission so). */
    TranslationService start() {
        workers.forEach(Thread::start);
        return this;
    }

    /** Queues {@code texts} for translation with {@code model}, without a deadline. */
    public CompletableFuture<List<Translator.Translation>> translate(
            ModelStore.Entry model, List<String> texts, SearchSettings search) {
        return translate(model, texts, search, System.nanoTime() + NO_DEADLINE);
    }

    /** Answers repeated texts from {@code cache} from now on (set once, before requests arrive). */
    TranslationService withCache(TranslationCache cache) {
        this.translations = cache;
        return this;
    }

    /**
     * Queues {@code texts} for translation with {@code model}; texts translated before with the
     * same model and search settings are answered from the cache, and only the others are admitted
     * and queued. Cancelling the returned future drops the work if it has not been decoded yet.
     *
     * @param deadlineNanos the {@link System#nanoTime()} after which nobody waits for the result:
     *     the work is dropped if it is still waiting then
     * @throws OverloadedException when the waiting work would exceed the admitted amount
     */
    public CompletableFuture<List<Translator.Translation>> translate(
            ModelStore.Entry model, List<String> texts, SearchSettings search, long deadlineNanos) {
        TranslationCache cache = translations;
        Translator.Translation[] found = new Translator.Translation[texts.size()];
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            found[i] = cache.get(model, search, texts.get(i));
            if (found[i] == null) {
                missing.add(i);
            }
        }
        if (missing.isEmpty()) {
            return CompletableFuture.completedFuture(List.of(found));
        }
        List<String> decode =
                missing.size() == texts.size() ? texts : missing.stream().map(texts::get).toList();
        CompletableFuture<List<Translator.Translation>> decoded =
                enqueue(model, decode, search, deadlineNanos);
        CompletableFuture<List<Translator.Translation>> answer = new CompletableFuture<>();
        decoded.whenComplete(
                (done, error) -> {
                    if (error != null) {
                        answer.completeExceptionally(error);
                        return;
                    }
                    for (int k = 0; k < done.size(); k++) {
                        found[missing.get(k)] = done.get(k);
                        cache.put(model, search, decode.get(k), done.get(k));
                    }
                    answer.complete(List.of(found));
                });
        answer.whenComplete(
                (v, e) -> {
                    if (answer.isCancelled()) {
                        decoded.cancel(false); // the caller gave up: drop what is not decoded
                    }
                });
        return answer;
    }

    private CompletableFuture<List<Translator.Translation>> enqueue(
            ModelStore.Entry model, List<String> texts, SearchSettings search, long deadlineNanos) {
        var result = new CompletableFuture<List<Translator.Translation>>();
        if (!running) {
            result.completeExceptionally(new StoppingException());
            return result;
        }
        long chars = 0;
        for (String text : texts) {
            chars += text.length();
        }
        admission.admit(texts.size(), chars);
        queue.add(
                new Pending(
                        model,
                        List.copyOf(texts),
                        search,
                        System.nanoTime(),
                        deadlineNanos,
                        chars,
                        result));
        if (!running) {
            failWaiting(); // closed meanwhile: nobody will take it
        }
        return result;
    }

    /** Folds a decoded batch into the admission's rate estimate. */
    void measured(int texts, long nanos) {
        admission.measured(texts, nanos);
    }

    private void release(int texts, long chars) {
        admission.release(texts, chars);
    }

    /** Takes the next request still waited for; drops the abandoned ones on the way. */
    private Pending take(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            long left = end - System.nanoTime();
            Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                return null;
            }
            release(next.texts().size(), next.characters());
            long now = System.nanoTime();
            if (!next.abandoned(now)) {
                return next;
            }
            if (next.result().isDone()) {
                droppedCancelled.increment();
            } else {
                droppedExpired.increment();
                next.result()
                        .completeExceptionally(
                                new TranslationTimeoutException(
                                        TimeUnit.NANOSECONDS.toSeconds(
                                                next.deadlineNanos() - next.enqueuedNanos())));
            }
        }
    }

    private void work() {
        while (running) {
            List<Pending> batch = new ArrayList<>();
            try {
                Pending first = take(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int texts = first.texts().size();
                long chars = first.characters();
                long deadline = System.nanoTime() + collectNanos();
                while (texts < batchSentences && chars < batchCharacters) {
                    long left = deadline - System.nanoTime();
                    Pending next = take(Math.max(0, left), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    texts += next.texts().size();
                    chars += next.characters();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(p -> p.result().completeExceptionally(new StoppingException()));
                return;
            }
            busyWorkers.incrementAndGet();
            try {
                decode(batch);
            } catch (Throwable t) {
                // Never lose the worker: fail this batch's requests and go on.
                batch.forEach(p -> p.result().completeExceptionally(t));
            } finally {
                busyWorkers.decrementAndGet();
            }
        }
    }

    /**
     * How long a worker that has taken a request collects more before decoding. Nothing, when
     * nothing else waits and no other worker decodes: the cores are idle, so waiting for company
     * would only add latency (one client alone paid the whole {@code batchWait} on every request).
     * Otherwise {@code batchWait}: the cores are busy anyway, and requests that arrive meanwhile
     * share one decode.
     */
    private long collectNanos() {
        return queue.isEmpty() && busyWorkers.get() == 0 ? 0 : batchWaitNanos;
    }

    /** Decodes the collected requests, one decode per (model, search settings). */
    private void decode(List<Pending> batch) {
        Map<String, List<Pending>> groups = new LinkedHashMap<>();
        for (Pending p : batch) {
            String key = p.model().id() + "\u0000" + p.model().manifest().createdAt() + p.search();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        for (List<Pending> group : groups.values()) {
            try {
                decodeGroup(group);
            } catch (RuntimeException | Error e) {
                if (group.size() == 1) {
                    group.get(0).result().completeExceptionally(e);
                } else {
                    // Find the request that failed: the others still get their translations.
                    for (Pending p : group) {
                        try {
                            decodeGroup(List.of(p));
                        } catch (RuntimeException | Error single) {
                            p.result().completeExceptionally(single);
                        }
                    }
                }
            }
        }
    }

    private void decodeGroup(List<Pending> group) {
        long now = System.nanoTime();
        List<String> texts = new ArrayList<>();
        for (Pending p : group) {
            queueWait.record(now - p.enqueuedNanos(), TimeUnit.NANOSECONDS);
            texts.addAll(p.texts());
        }
        Pending first = group.get(0);
        List<Translator.Translation> translations;
        try (ModelCache.Lease lease = cache.acquire(first.model())) {
            var loaded = lease.model();
            Translator translator = loaded.translator();
            long start = System.nanoTime();
            Translator.Timed timed =
                    translator.translateTimed(
                            texts, first.search(), batchSentences, loaded.manager(), null);
            long nanos = System.nanoTime() - start;
            translations = timed.translations();
            encodeStage.record(timed.encodeNanos(), TimeUnit.NANOSECONDS);
            searchStage.record(timed.searchNanos(), TimeUnit.NANOSECONDS);
            assembleStage.record(timed.assembleNanos(), TimeUnit.NANOSECONDS);
            decodeTime.record(nanos, TimeUnit.NANOSECONDS);
            measured(texts.size(), nanos);
        } catch (java.io.IOException e) {
            throw new ModelUnusableException(first.model().id(), e);
        }
        batchSize.record(texts.size());
        int next = 0;
        for (Pending p : group) {
            List<Translator.Translation> mine = translations.subList(next, next + p.texts().size());
            next += p.texts().size();
            mine.forEach(t -> outputTokens.increment(t.outputTokens()));
            p.result().complete(List.copyOf(mine));
        }
    }

    @Override
    public void close() {
        running = false;
        workers.forEach(Thread::interrupt);
        failWaiting();
    }

    private void failWaiting() {
        Pending p;
        while ((p = queue.poll()) != null) {
            release(p.texts().size(), p.characters());
            p.result().completeExceptionally(new StoppingException());
        }
    }
}
