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

/**
 * Translates requests in server-side batches: a worker takes the first waiting request, collects
 * whatever else arrives within {@code batchWait} (up to {@code batchSentences} texts or about 150
 * characters a text in all), and decodes the requests for the same model and search settings as one
 * batch. Thirty-two clients sending a sentence each thus cost about one batched decode, not
 * thirty-two. Several workers (decoding streams) each decode their own batch at once: a decoding
 * step is a chain of small operations that one batch cannot spread over all cores.
 *
 * <p>A request whose text the model rejects (a sentence over its length limit) fails alone: the
 * batch is then translated request by request.
 */
public final class TranslationService implements AutoCloseable {

    /** One request waiting to be translated. */
    private record Pending(
            ModelStore.Entry model,
            List<String> texts,
            SearchSettings search,
            long enqueuedNanos,
            CompletableFuture<List<Translator.Translation>> result) {}

    private final ModelCache cache;
    private final long batchWaitNanos;
    private final int batchSentences;
    private final long batchCharacters;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Timer queueWait;
    private final Timer decodeTime;
    private final DistributionSummary batchSize;
    private final Counter outputTokens;
    private volatile boolean running = true;

    public TranslationService(
            ModelCache cache, long batchWaitMillis, int batchSentences, MeterRegistry meters) {
        this(cache, batchWaitMillis, batchSentences, DecodeStreams.single(), meters);
    }

    /**
     * A service with {@code streams.streams()} workers, each decoding its own batch with {@code
     * streams.threadsPerStream()} intra-op threads.
     */
    public TranslationService(
            ModelCache cache,
            long batchWaitMillis,
            int batchSentences,
            DecodeStreams streams,
            MeterRegistry meters) {
        this.cache = cache;
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
        workers.forEach(Thread::start);
    }

    /** Queues {@code texts} for translation with {@code model}. */
    public CompletableFuture<List<Translator.Translation>> translate(
            ModelStore.Entry model, List<String> texts, SearchSettings search) {
        var result = new CompletableFuture<List<Translator.Translation>>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException("the service is stopping"));
            return result;
        }
        queue.add(new Pending(model, List.copyOf(texts), search, System.nanoTime(), result));
        if (!running) {
            failWaiting(); // closed meanwhile: nobody will take it
        }
        return result;
    }

    private void work() {
        while (running) {
            List<Pending> batch = new ArrayList<>();
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int texts = first.texts().size();
                long chars = characters(first);
                long deadline = System.nanoTime() + batchWaitNanos;
                while (texts < batchSentences && chars < batchCharacters) {
                    long left = deadline - System.nanoTime();
                    Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    texts += next.texts().size();
                    chars += characters(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(p -> p.result().completeExceptionally(e));
                return;
            }
            try {
                decode(batch);
            } catch (Throwable t) {
                // Never lose the worker: fail this batch's requests and go on.
                batch.forEach(p -> p.result().completeExceptionally(t));
            }
        }
    }

    private static long characters(Pending p) {
        long n = 0;
        for (String text : p.texts()) {
            n += text.length();
        }
        return n;
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
            translations =
                    translator.translate(texts, first.search(), batchSentences, loaded.manager());
            decodeTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
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
            p.result().completeExceptionally(new IllegalStateException("the service stopped"));
        }
    }
}
