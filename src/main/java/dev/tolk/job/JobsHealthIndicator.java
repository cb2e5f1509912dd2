package dev.tolk.job;

import dev.tolk.modelstore.ModelStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code jobs} health component: whether this instance runs training jobs (and if not, why:
 * disabled, or another process owns the models directory's job queue), and what is wrong with
 * {@code defaults.json} when it is damaged. Always UP: an instance that runs no jobs still serves
 * translations; not part of the readiness group.
 */
@Component
class JobsHealthIndicator implements HealthIndicator {

    private final JobService jobs;
    private final ModelStore models;

    JobsHealthIndicator(JobService jobs, ModelStore models) {
        this.jobs = jobs;
        this.models = models;
    }

    @Override
    public Health health() {
        JobService.QueueStatus status = jobs.queueStatus();
        Health.Builder health = Health.up().withDetail("runsJobs", status.runsJobs());
        if (status.reason() != null) {
            health.withDetail("reason", status.reason());
        }
        models.defaultsProblem().ifPresent(problem -> health.withDetail("defaults", problem));
        return health.build();
    }
}
