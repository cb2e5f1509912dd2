package dev.tolk.job;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** A running job's Micrometer gauges: step, loss, latest held-out BLEU. */
final class JobGauges {

    private final MeterRegistry meters;

    JobGauges(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * The running job's gauges, tagged with its id (several jobs run at once with {@code
     * tolk.jobs.concurrency} above 1); removed when it ends.
     */
    List<Gauge> register(Job job) {
        return List.of(
                gauge(
                        "tolk.training.step",
                        "Updates done by a running training job",
                        job,
                        j -> j.progress.step()),
                gauge(
                        "tolk.training.loss",
                        "Training loss of a running job",
                        job,
                        j -> j.progress.loss()),
                gauge(
                        "tolk.training.bleu",
                        "Latest held-out BLEU of a running job",
                        job,
                        j ->
                                j.evaluations.isEmpty()
                                        ? Double.NaN
                                        : j.evaluations.get(j.evaluations.size() - 1).bleu()));
    }

    /** Removes the gauges {@link #register} made. */
    void remove(List<Gauge> gauges) {
        gauges.forEach(meters::remove);
    }

    private Gauge gauge(String name, String description, Job job, ToDoubleFunction<Job> figure) {
        return Gauge.builder(name, () -> read(job, figure))
                .description(description)
                .tag("job", job.id)
                .register(meters);
    }

    /** A figure of a running job, read as its listener writes it; NaN before its first report. */
    private static double read(Job job, ToDoubleFunction<Job> figure) {
        synchronized (job) {
            return job.progress == null ? Double.NaN : figure.applyAsDouble(job);
        }
    }
}
