package dev.tolk.web;

import dev.tolk.TolkProperties;
import dev.tolk.runtime.EngineInfo;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Loads the PyTorch engine in the background when the service starts and reports it as the {@code
 * engine} health component, part of the readiness group: the service is ready once the engine has
 * loaded on the configured device, and not before.
 */
@Component
public class EngineHealthIndicator implements HealthIndicator {

    private final CompletableFuture<EngineInfo> engine;

    EngineHealthIndicator(TolkProperties properties) {
        engine = new CompletableFuture<>();
        Thread loader =
                new Thread(
                        () -> {
                            try {
                                engine.complete(EngineInfo.load(properties.device()));
                            } catch (Throwable t) { // a missing native library is an Error
                                engine.completeExceptionally(t);
                            }
                        },
                        "engine-loader");
        loader.setDaemon(true);
        loader.start();
    }

    /**
     * The engine, waiting for it to load.
     *
     * @throws IllegalStateException when it could not load
     */
    public EngineInfo engine() {
        try {
            return engine.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "the PyTorch engine did not load: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the engine loads", e);
        }
    }

    @Override
    public Health health() {
        if (!engine.isDone()) {
            return Health.outOfService().withDetail("engine", "loading").build();
        }
        try {
            EngineInfo info = engine.get();
            return Health.up()
                    .withDetail("engine", info.engineName() + " " + info.engineVersion())
                    .withDetail("djl", info.djlVersion())
                    .withDetail("device", info.deviceDescription())
                    .build();
        } catch (ExecutionException e) {
            return Health.down().withDetail("error", String.valueOf(e.getCause())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        }
    }
}
