package dev.tolk.translate;

import ai.djl.Device;
import dev.tolk.modelstore.LoadedModel;
import dev.tolk.modelstore.ModelStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Loaded models, least recently used first out. A caller {@link #acquire acquires} a lease and
 * closes it when done; a model evicted (or deleted) while leased is closed when its last lease is,
 * so a model swapped out never drops a request that is using it.
 *
 * <p>A model is loaded outside the cache's lock, once however many requests ask for it at once: the
 * first loads, the others wait for that load, and requests for models already loaded are served
 * meanwhile. A model that fails to load is remembered with its error for {@code retryFailedLoad}
 * (requests for it are refused at once with a {@link ModelUnusableException}, {@link
 * #failedLoads()} reports it); after that, or when its directory is replaced or the model {@link
 * #invalidate invalidated}, the next request tries again.
 */
public final class ModelCache implements AutoCloseable {

    /** Loads a model directory; {@link LoadedModel#load} but for tests. */
    @FunctionalInterface
    public interface Loader {
        LoadedModel load(Path dir, Device device) throws IOException;
    }

    /**
     * A model that failed to load.
     *
     * @param error why, without server paths
     * @param failedAt when (ISO-8601)
     * @param retryAfter when the next request for it loads it again (ISO-8601)
     */
    public record FailedLoad(String error, String failedAt, String retryAfter) {}

    /** {@code tolk.models.retry-failed-load-seconds}'s default. */
    public static final Duration DEFAULT_RETRY_FAILED_LOAD = Duration.ofSeconds(60);

    private final int capacity;
    private final Supplier<Device> device;
    private final Duration retryFailedLoad;
    private final Loader loader;
    // all three guarded by this
    private final Map<String, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Loading> loading = new HashMap<>();
    private final Map<String, Failed> failed = new HashMap<>();
    private boolean closed;

    /** A loaded model and how many leases hold it. */
    private static final class Slot {
        final LoadedModel model;
        final String createdAt;
        int leases;
        boolean retired;

        Slot(LoadedModel model, String createdAt) {
            this.model = model;
            this.createdAt = createdAt;
        }
    }

    /**
     * A load under way; {@code done} completes when it has ended, normally when its outcome (a slot
     * or a remembered failure) is in the maps, exceptionally when it failed for a reason that is
     * not the model's (the engine did not load).
     */
    private static final class Loading {
        final String createdAt;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        boolean invalidated;

        Loading(String createdAt) {
            this.createdAt = createdAt;
        }
    }

    private record Failed(
            String createdAt, Exception error, String message, Instant at, long retryAtNanos) {

        FailedLoad report(Duration retry) {
            return new FailedLoad(message, at.toString(), at.plus(retry).toString());
        }
    }

    /** A model in use; close it to give it back. */
    public final class Lease implements AutoCloseable {
        private final Slot slot;
        private boolean closed;

        private Lease(Slot slot) {
            this.slot = slot;
        }

        public LoadedModel model() {
            return slot.model;
        }

        @Override
        public void close() {
            synchronized (ModelCache.this) {
                if (closed) {
                    return;
                }
                closed = true;
                slot.leases--;
                if (slot.retired && slot.leases == 0) {
                    slot.model.close();
                }
            }
        }
    }

    /**
     * A cache that loads with {@link LoadedModel#load} and remembers a failed load for {@link
     * #DEFAULT_RETRY_FAILED_LOAD}.
     *
     * @param capacity models kept loaded
     * @param device where models are loaded (asked on first load: the engine may still be loading
     *     when the cache is made)
     */
    public ModelCache(int capacity, Supplier<Device> device) {
        this(capacity, device, DEFAULT_RETRY_FAILED_LOAD, LoadedModel::load);
    }

    /**
     * @param retryFailedLoad how long a model that failed to load is refused without loading it
     *     again ({@code tolk.models.retry-failed-load-seconds})
     * @param loader loads a model directory
     */
    public ModelCache(
            int capacity, Supplier<Device> device, Duration retryFailedLoad, Loader loader) {
        if (capacity < 1) {
            throw new IllegalArgumentException(
                    "tolk.models.cache-size (" + capacity + ") must be at least 1");
        }
        if (retryFailedLoad.isNegative()) {
            throw new IllegalArgumentException(
                    "tolk.models.retry-failed-load-seconds ("
                            + retryFailedLoad.toSeconds()
                            + ") must be 0 or more");
        }
        this.capacity = capacity;
        this.device = device;
        this.retryFailedLoad = retryFailedLoad;
        this.loader = loader;
    }

    /**
     * The model of {@code entry}, loaded now if it is not in the cache (or if its directory was
     * replaced since it was loaded). Waits while another request loads it; never holds the cache's
     * lock while loading.
     *
     * @throws ModelUnusableException when the model failed to load, now or within the retry period
     */
    public Lease acquire(ModelStore.Entry entry) throws IOException {
        String id = entry.id();
        String createdAt = String.valueOf(entry.manifest().createdAt());
        while (true) {
            Loading theirs;
            Loading mine = null;
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the model cache is closed");
                }
                Slot slot = slots.get(id);
                if (slot != null && !slot.createdAt.equals(createdAt)) {
                    retire(slots.remove(id));
                    slot = null;
                }
                if (slot != null) {
                    slot.leases++;
                    return new Lease(slot);
                }
                Failed failure = failed.get(id);
                if (failure != null
                        && failure.createdAt().equals(createdAt)
                        && System.nanoTime() - failure.retryAtNanos() < 0) {
                    throw refusal(id, failure);
                }
                theirs = loading.get(id);
                if (theirs == null) {
                    mine = new Loading(createdAt);
                    loading.put(id, mine);
                }
            }
            if (mine != null) {
                return load(entry, mine);
            }
            awaitLoad(id, theirs); // then look again: loaded, failed, or another version
        }
    }

    /** Loads the model, outside the lock, and publishes the outcome to those waiting for it. */
    private Lease load(ModelStore.Entry entry, Loading mine) throws IOException {
        String id = entry.id();
        LoadedModel model;
        try {
            Device on = device.get(); // the engine's failure, not the model's: not remembered
            try {
                model = loader.load(entry.dir(), on);
            } catch (IOException | RuntimeException e) {
                Failed failure = remember(entry, mine, e);
                if (failure != null) {
                    throw refusal(id, failure);
                }
                throw e;
            }
        } catch (ModelUnusableException e) {
            finishLoad(id, mine);
            mine.done.complete(null);
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            finishLoad(id, mine);
            mine.done.completeExceptionally(e);
            throw e;
        }
        synchronized (this) {
            finishLoad(id, mine);
            failed.remove(id);
            Slot slot = new Slot(model, mine.createdAt);
            if (mine.invalidated || closed) {
                slot.retired = true; // serves this request, then is closed
            } else {
                slots.put(id, slot);
                evictOverCapacity(slot);
            }
            slot.leases++;
            mine.done.complete(null);
            return new Lease(slot);
        }
    }

    /** Records a failed load (unless the model was invalidated meanwhile). */
    private synchronized Failed remember(ModelStore.Entry entry, Loading mine, Exception e) {
        if (mine.invalidated || closed) {
            return null;
        }
        Failed failure =
                new Failed(
                        mine.createdAt,
                        e,
                        describe(e, entry),
                        Instant.now(),
                        System.nanoTime() + retryFailedLoad.toNanos());
        failed.put(entry.id(), failure);
        return failure;
    }

    private synchronized void finishLoad(String id, Loading mine) {
        loading.remove(id, mine);
    }

    private static void awaitLoad(String id, Loading theirs) throws IOException {
        try {
            theirs.done.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new IOException(io.getMessage(), io);
            }
            throw new IllegalStateException(
                    "model " + id + " could not be loaded: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted =
                    new InterruptedIOException("interrupted while model " + id + " loads");
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    private ModelUnusableException refusal(String id, Failed failure) {
        return ModelUnusableException.failedToLoad(
                id,
                failure.message(),
                failure.at().plus(retryFailedLoad),
                retryFailedLoad,
                failure.error());
    }

    /** The error's message with the model's directory named by its id: no server paths. */
    private static String describe(Exception e, ModelStore.Entry entry) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String id = entry.id();
        Path dir = entry.dir();
        message = message.replace(dir.toAbsolutePath().normalize().toString(), id);
        message = message.replace(dir.toString(), id);
        return message;
    }

    /** Unloads {@code id} (when its last lease closes), e.g. because it was deleted or replaced. */
    public synchronized void invalidate(String id) {
        Slot slot = slots.remove(id);
        if (slot != null) {
            retire(slot);
        }
        failed.remove(id);
        Loading pending = loading.get(id);
        if (pending != null) {
            pending.invalidated = true;
        }
    }

    /** Ids of the loaded models, least recently used first. */
    public synchronized List<String> loaded() {
        return new ArrayList<>(slots.keySet());
    }

    /** Models that failed to load and are not tried again yet (or not asked for since), by id. */
    public synchronized Map<String, FailedLoad> failedLoads() {
        Map<String, FailedLoad> out = new TreeMap<>();
        failed.forEach((id, failure) -> out.put(id, failure.report(retryFailedLoad)));
        return out;
    }

    private void evictOverCapacity(Slot keep) {
        Iterator<Map.Entry<String, Slot>> it = slots.entrySet().iterator();
        while (slots.size() > capacity && it.hasNext()) {
            Slot slot = it.next().getValue();
            if (slot != keep) {
                it.remove();
                retire(slot);
            }
        }
    }

    private static void retire(Slot slot) {
        slot.retired = true;
        if (slot.leases == 0) {
            slot.model.close();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Slot slot : slots.values()) {
            retire(slot);
        }
        slots.clear();
        failed.clear();
    }
}
