package dev.tolk.translate;

import ai.djl.Device;
import dev.tolk.modelstore.LoadedModel;
import dev.tolk.modelstore.ModelStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Loaded models, least recently used first out. A caller {@link #acquire acquires} a lease and
 * closes it when done; a model evicted (or deleted) while leased is closed when its last lease is,
 * so a model swapped out never drops a request that is using it.
 */
public final class ModelCache implements AutoCloseable {

    private final int capacity;
    private final Supplier<Device> device;
    private final Map<String, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);

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
     * @param capacity models kept loaded
     * @param device where models are loaded (asked on first load: the engine may still be loading
     *     when the cache is made)
     */
    public ModelCache(int capacity, Supplier<Device> device) {
        if (capacity < 1) {
            throw new IllegalArgumentException(
                    "tolk.models.cache-size (" + capacity + ") must be at least 1");
        }
        this.capacity = capacity;
        this.device = device;
    }

    /**
     * The model of {@code entry}, loaded now if it is not in the cache (or if its directory was
     * replaced since it was loaded).
     */
    public synchronized Lease acquire(ModelStore.Entry entry) throws IOException {
        String createdAt = String.valueOf(entry.manifest().createdAt());
        Slot slot = slots.get(entry.id());
        if (slot != null && !slot.createdAt.equals(createdAt)) {
            retire(slots.remove(entry.id()));
            slot = null;
        }
        if (slot == null) {
            slot = new Slot(LoadedModel.load(entry.dir(), device.get()), createdAt);
            slots.put(entry.id(), slot);
            evictOverCapacity(slot);
        }
        slot.leases++;
        return new Lease(slot);
    }

    /** Unloads {@code id} (when its last lease closes), e.g. because it was deleted. */
    public synchronized void invalidate(String id) {
        Slot slot = slots.remove(id);
        if (slot != null) {
            retire(slot);
        }
    }

    /** Ids of the loaded models, least recently used first. */
    public synchronized List<String> loaded() {
        return new ArrayList<>(slots.keySet());
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
        for (Slot slot : slots.values()) {
            retire(slot);
        }
        slots.clear();
    }
}
