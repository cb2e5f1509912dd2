package dev.tolk.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import ai.djl.Device;
import dev.tolk.FeatureException;
import dev.tolk.modelstore.LoadedModel;
import dev.tolk.modelstore.ModelManifest;
import dev.tolk.modelstore.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * How the cache loads: outside its lock, once per model however many ask, and a model that fails to
 * load is refused at once (and reported) until the retry period ends. Loads are counted through the
 * cache's {@link ModelCache.Loader}; no model is trained.
 */
class ModelCacheLoadingTest {

    @TempDir Path models;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<Path, AtomicInteger> loads = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private ModelStore.Entry entry(String id, String createdAt) {
        ModelManifest manifest =
                new ModelManifest(
                        id, "en", "de", null, null, null, null, null, null, null, createdAt, null);
        return new ModelStore.Entry(id, models.resolve(id), manifest, 0);
    }

    private int loads(String id) {
        AtomicInteger n = loads.get(models.resolve(id));
        return n == null ? 0 : n.get();
    }

    /** Counts loads, then lets {@code load} do the work. */
    private ModelCache.Loader counting(ModelCache.Loader load) {
        return (dir, device) -> {
            loads.computeIfAbsent(dir, d -> new AtomicInteger()).incrementAndGet();
            return load.load(dir, device);
        };
    }

    /** Waits for the test to let a load finish. */
    private static void hold(CountDownLatch release) throws IOException {
        try {
            release.await();
        } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
        }
    }

    private static ModelCache cache(Duration retry, ModelCache.Loader loader) {
        return new ModelCache(2, Device::cpu, retry, loader);
    }

    @Test
    void concurrentAcquiresOfOneModelLoadItOnce() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ModelCache cache =
                cache(
                        Duration.ofSeconds(60),
                        counting(
                                (dir, device) -> {
                                    entered.countDown();
                                    hold(release);
                                    return mock(LoadedModel.class);
                                }));
        ModelStore.Entry a = entry("a", "t1");

        List<Future<ModelCache.Lease>> leases = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            leases.add(threads.submit(() -> cache.acquire(a)));
        }
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200); // the other seven are waiting for the same load meanwhile
        assertThat(cache.loaded()).isEmpty(); // the cache answers while a load is under way
        release.countDown();

        LoadedModel first = leases.get(0).get(10, TimeUnit.SECONDS).model();
        for (Future<ModelCache.Lease> lease : leases) {
            assertThat(lease.get(10, TimeUnit.SECONDS).model()).isSameAs(first);
        }
        assertThat(loads("a")).isEqualTo(1);
        assertThat(cache.loaded()).containsExactly("a");
    }

    @Test
    void aLoadThatBlocksDoesNotBlockAcquiringAnotherLoadedModel() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ModelCache cache =
                cache(
                        Duration.ofSeconds(60),
                        counting(
                                (dir, device) -> {
                                    if (dir.endsWith("slow")) {
                                        entered.countDown();
                                        hold(release);
                                    }
                                    return mock(LoadedModel.class);
                                }));
        ModelStore.Entry loaded = entry("loaded", "t1");
        cache.acquire(loaded).close();

        Future<ModelCache.Lease> slow = threads.submit(() -> cache.acquire(entry("slow", "t1")));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        Future<ModelCache.Lease> other = threads.submit(() -> cache.acquire(loaded));
        try (ModelCache.Lease lease = other.get(2, TimeUnit.SECONDS)) {
            assertThat(lease.model()).isNotNull();
        }
        assertThat(slow).isNotDone();
        release.countDown();
        slow.get(10, TimeUnit.SECONDS).close();
        assertThat(loads("loaded")).isEqualTo(1);
        assertThat(loads("slow")).isEqualTo(1);
    }

    @Test
    void aBrokenModelDirectoryIsLoadedOnceWithinTheRetryWindowAndReported() throws Exception {
        Path broken = Files.createDirectories(models.resolve("broken"));
        Files.writeString(broken.resolve("model.json"), "{ not json");
        ModelCache cache = cache(Duration.ofSeconds(60), counting(LoadedModel::load));
        ModelStore.Entry entry = entry("broken", "t1");

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> cache.acquire(entry))
                    .isInstanceOfSatisfying(
                            ModelUnusableException.class,
                            e -> {
                                assertThat(e.failure())
                                        .isEqualTo(FeatureException.Failure.CONFLICT);
                                assertThat(e.type()).isEqualTo("model-unusable");
                            })
                    .hasMessageContaining("model broken could not be loaded")
                    .hasMessageContaining("tolk.models.retry-failed-load-seconds")
                    .hasMessageNotContaining(models.toString());
        }
        assertThat(loads("broken")).isEqualTo(1);

        assertThat(cache.failedLoads()).containsOnlyKeys("broken");
        ModelCache.FailedLoad failure = cache.failedLoads().get("broken");
        assertThat(failure.error()).isNotBlank().doesNotContain(models.toString());
        Health health = new ModelsHealthIndicator(cache).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP); // never makes the service DOWN
        assertThat(health.getDetails()).containsKey("failed");
        assertThat(health.getDetails().get("failed").toString()).contains("broken");

        // a replaced directory is tried at once; an invalidated model too
        assertThatThrownBy(() -> cache.acquire(entry("broken", "t2")))
                .isInstanceOf(ModelUnusableException.class);
        assertThat(loads("broken")).isEqualTo(2);
        cache.invalidate("broken");
        assertThat(cache.failedLoads()).isEmpty();
        assertThatThrownBy(() -> cache.acquire(entry("broken", "t2")))
                .isInstanceOf(ModelUnusableException.class);
        assertThat(loads("broken")).isEqualTo(3);
    }

    @Test
    void aFailedLoadIsTriedAgainOnceTheRetryPeriodHasPassed() throws Exception {
        AtomicInteger attempt = new AtomicInteger();
        ModelCache cache =
                cache(
                        Duration.ZERO,
                        counting(
                                (dir, device) -> {
                                    if (attempt.incrementAndGet() == 1) {
                                        throw new IOException(dir + "/parameters.params: cut");
                                    }
                                    return mock(LoadedModel.class);
                                }));
        ModelStore.Entry entry = entry("flaky", "t1");

        assertThatThrownBy(() -> cache.acquire(entry))
                .isInstanceOf(ModelUnusableException.class)
                .hasMessageContaining("flaky/parameters.params: cut")
                .hasMessageNotContaining(models.toString());
        assertThat(cache.failedLoads()).containsOnlyKeys("flaky");
        cache.acquire(entry).close();
        assertThat(loads("flaky")).isEqualTo(2);
        assertThat(cache.failedLoads()).isEmpty();
        assertThat(new ModelsHealthIndicator(cache).health().getDetails())
                .doesNotContainKey("failed");
    }
}
