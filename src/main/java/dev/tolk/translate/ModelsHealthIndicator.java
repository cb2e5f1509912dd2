package dev.tolk.translate;

import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code models} health component: the models loaded, and those that failed to load with their
 * errors and when they are tried again. Always UP, and not part of readiness: a broken model
 * concerns the requests for it, not the service.
 */
class ModelsHealthIndicator implements HealthIndicator {

    private final ModelCache cache;

    ModelsHealthIndicator(ModelCache cache) {
        this.cache = cache;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("loaded", cache.loaded());
        Map<String, ModelCache.FailedLoad> failed = cache.failedLoads();
        if (!failed.isEmpty()) {
            health.withDetail("failed", failed);
        }
        return health.build();
    }
}
