package dev.tolk.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.tolk.decode.SearchSettings;
import dev.tolk.decode.Translator;
import dev.tolk.modelstore.LoadedModel;
import dev.tolk.modelstore.ModelStore;
import dev.tolk.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LRU cache of loaded models: eviction never pulls a model from under a request. */
@Tag("slow") // trains a model
class ModelCacheTest {

    @TempDir static Path dir;

    private static ModelStore store;

    @BeforeAll
    static void models() throws IOException {
        Path a = TinyModels.train(dir.resolve("models").resolve("a"), "en", "de", 20);
        Path b = dir.resolve("models").resolve("b");
        Files.createDirectories(b);
        for (String name : new String[] {"model.json", "tokenizer.json", "parameters.params"}) {
            Files.copy(a.resolve(name), b.resolve(name));
        }
        store = new ModelStore(dir.resolve("models"));
    }

    private static String translate(LoadedModel model) {
        return new Translator(model.model(), model.tokenizer())
                .translate(List.of("w1 w2"), SearchSettings.GREEDY, 8, model.manager())
                .get(0)
                .text();
    }

    @Test
    void anEvictedModelServesItsLeaseThenIsClosed() throws IOException {
        try (ModelCache cache = new ModelCache(1, Device::cpu)) {
            ModelCache.Lease a = cache.acquire(store.find("a").orElseThrow());
            String before = translate(a.model());

            try (ModelCache.Lease b = cache.acquire(store.find("b").orElseThrow())) {
                assertThat(cache.loaded()).containsExactly("b");
                assertThat(translate(b.model())).isEqualTo(before);
                // a was evicted but is still leased: it still translates
                assertThat(translate(a.model())).isEqualTo(before);
            }
            LoadedModel evicted = a.model();
            a.close();
            assertThatThrownBy(() -> translate(evicted)).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void aCachedModelIsLoadedOnceAndAnInvalidatedOneReloaded() throws IOException {
        try (ModelCache cache = new ModelCache(2, Device::cpu)) {
            ModelStore.Entry a = store.find("a").orElseThrow();
            LoadedModel first;
            try (ModelCache.Lease lease = cache.acquire(a)) {
                first = lease.model();
            }
            try (ModelCache.Lease lease = cache.acquire(a)) {
                assertThat(lease.model()).isSameAs(first);
                cache.invalidate("a");
                assertThat(cache.loaded()).isEmpty();
                assertThat(translate(lease.model())).isNotBlank(); // still leased
            }
            try (ModelCache.Lease lease = cache.acquire(a)) {
                assertThat(lease.model()).isNotSameAs(first);
            }
        }
    }
}
