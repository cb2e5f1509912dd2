package dev.tolk.translate;

import dev.tolk.decode.SearchSettings;
import dev.tolk.decode.Translator;
import dev.tolk.modelstore.ModelStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The batcher requests of one piece of work (an HTTP request, or a chunk of a document) under one
 * deadline, along a route ({@link ModelChoice.Choice}): one model, or two through a pivot.
 * Cancelling the answer ({@link #then}) cancels them all, so the batcher drops what it has not
 * decoded yet; so does a failure or a refusal of one of them.
 */
final class RouteWork {

    private final TranslationService service;
    private final long deadlineNanos;
    // a pivot's second leg is submitted from a batcher thread
    private final List<CompletableFuture<?>> submitted = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    RouteWork(TranslationService service, long deadlineNanos) {
        this.service = service;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * {@code texts} along {@code route}; through a pivot, the second model translates the first
     * one's translations (its best only) once they are done, under the same deadline.
     */
    CompletableFuture<List<Legs>> submit(
            ModelChoice.Choice route, List<String> texts, SearchSettings search) {
        if (route.then() == null) {
            return submit(route.model(), texts, search)
                    .thenApply(done -> done.stream().map(t -> new Legs(t, null)).toList());
        }
        return submit(route.model(), texts, search.withNBest(1))
                .thenCompose(
                        first ->
                                submit(
                                                route.then(),
                                                first.stream()
                                                        .map(Translator.Translation::text)
                                                        .toList(),
                                                search)
                                        .thenApply(second -> legs(first, second)));
    }

    private static List<Legs> legs(
            List<Translator.Translation> first, List<Translator.Translation> second) {
        List<Legs> legs = new ArrayList<>(first.size());
        for (int i = 0; i < first.size(); i++) {
            legs.add(new Legs(first.get(i), second.get(i)));
        }
        return legs;
    }

    private CompletableFuture<List<Translator.Translation>> submit(
            ModelStore.Entry model, List<String> texts, SearchSettings search) {
        if (cancelled) {
            return CompletableFuture.failedFuture(new CancellationException());
        }
        try {
            var future = service.translate(model, texts, search, deadlineNanos);
            submitted.add(future);
            // One part failed: the answer is an error, so the other parts are not decoded.
            future.whenComplete(
                    (v, e) -> {
                        if (e != null) {
                            cancel();
                        }
                    });
            return future;
        } catch (RuntimeException e) {
            cancel(); // refused: what was admitted before is dropped too
            throw e;
        }
    }

    /** {@code answer} once {@code done} completes; cancelling it cancels the work. */
    <T> CompletableFuture<T> then(CompletableFuture<?> done, Supplier<T> answer) {
        CompletableFuture<T> result = done.thenApply(v -> answer.get());
        result.whenComplete(
                (v, e) -> {
                    if (result.isCancelled()) {
                        cancel();
                    }
                });
        return result;
    }

    private void cancel() {
        cancelled = true;
        submitted.forEach(f -> f.cancel(false));
    }
}
