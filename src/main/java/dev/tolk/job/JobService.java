package dev.tolk.job;

import dev.tolk.TolkProperties;
import dev.tolk.modelstore.Checkpoints;
import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ModelStore;
import dev.tolk.modelstore.ParameterFile;
import dev.tolk.training.InvalidSettingsException;
import dev.tolk.training.SettingsFields;
import dev.tolk.training.TrainingSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Service;

/**
 * Training jobs: validated on submission, run in a background executor ({@code
 * tolk.jobs.concurrency} at a time, the rest queued), recorded atomically in {@code
 * <models-dir>/.jobs/<id>.json} at every change. A job writes its model to {@code
 * <models-dir>/<id>/}, which becomes a served model when the job succeeds.
 *
 * <p>One process owns a models directory's job queue ({@link JobQueueLock}, {@code
 * <models-dir>/.jobs/.lock}, taken at start and held for the process's life): a second process on
 * the same directory (a rolling update, a replica without {@code tolk.jobs.enabled=false}) lists
 * the jobs but runs none, logs why, answers {@code POST /train} with {@code training-disabled} and
 * says so in the {@code jobs} health component.
 *
 * <p>Restarts lose nothing. On shutdown (SIGTERM: the context closing) running jobs are told to
 * stop at once, checkpoint and become INTERRUPTED by the shutdown; {@link #destroy} waits for them
 * at most {@link #SHUTDOWN_WAIT} from that moment, below compose's {@code stop_grace_period} of 120
 * s whatever the web server's drain ({@code spring.lifecycle.timeout-per-shutdown-phase}, 60 s)
 * takes meanwhile. On start, jobs INTERRUPTED by a shutdown are queued again first (they resume
 * from their checkpoint by themselves), then QUEUED jobs; a job still recorded as RUNNING died with
 * its process (killed, crashed, out of memory): it becomes INTERRUPTED by a crash and resumes only
 * on request, so that a job that kills the process does not do so at every start.
 */
@Service
public class JobService implements DisposableBean, ApplicationListener<ContextClosedEvent> {

    /** How long a shutdown waits for running jobs to checkpoint, from the shutdown signal. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(90);

    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final ModelStore models;
    private final JobRecords records;
    private final JobSettings settings;
    private final JobRunner runner;

    /** Whether this instance runs jobs: enabled, and the owner of the job queue. */
    private final boolean enabled;

    /**
     * Why this instance runs no jobs although enabled (another process owns the queue), or null.
     */
    private final String notOwner;

    private final JobQueueLock queue;
    private final ExecutorService executor;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    /** When the shutdown started ({@link System#nanoTime}), 0 before. */
    private long shutdownStarted;

    JobService(
            TolkProperties properties,
            ModelStore models,
            DatasetStore datasets,
            MeterRegistry meters) {
        int slots = properties.jobs().concurrency();
        if (slots < 1) {
            throw new IllegalArgumentException(
                    "tolk.jobs.concurrency (" + slots + ") must be at least 1");
        }
        this.models = models;
        this.records = new JobRecords(properties.modelsDir().resolve(".jobs"));
        this.settings = new JobSettings(datasets, models);
        this.runner =
                new JobRunner(
                        models, properties.device(), records, settings, new JobGauges(meters));
        Path jobsDir = properties.modelsDir().resolve(".jobs");
        JobQueueLock taken = null;
        if (properties.jobs().enabled()) {
            try {
                taken = JobQueueLock.tryTake(jobsDir).orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot take the job queue lock " + jobsDir.resolve(JobQueueLock.FILE), e);
            }
        }
        this.queue = taken;
        this.enabled = taken != null;
        if (properties.jobs().enabled() && taken == null) {
            String holder = JobQueueLock.holder(jobsDir);
            this.notOwner =
                    "another process ("
                            + holder
                            + ") owns this models directory's job queue: this instance serves"
                            + " translations and lists jobs but runs none; send training requests"
                            + " to that process (restart this one once it has stopped to take the"
                            + " queue over)";
            LOG.warn(
                    "training disabled: {} holds the job queue lock {}; this instance serves"
                            + " translations and lists jobs but runs none",
                    holder,
                    jobsDir.resolve(JobQueueLock.FILE));
        } else {
            this.notOwner = null;
        }
        AtomicInteger threads = new AtomicInteger();
        this.executor =
                Executors.newFixedThreadPool(
                        slots,
                        r -> {
                            Thread t = new Thread(r, "training-" + threads.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        if (enabled) {
            try {
                recover();
            } catch (RuntimeException e) {
                executor.shutdownNow();
                try {
                    taken.close(); // another start in this JVM may take the queue
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }
    }

    /**
     * Reads the job records: RUNNING ones died with their process (INTERRUPTED by a crash); those
     * INTERRUPTED by a shutdown are queued again, then the QUEUED ones, oldest first.
     */
    private void recover() {
        List<Job> resumed = new ArrayList<>();
        List<Job> queued = new ArrayList<>();
        for (Job job : records.readAll()) {
            jobs.put(job.id, job);
            if (job.state == JobState.RUNNING) {
                job.state = JobState.INTERRUPTED;
                job.interruptedBy = Job.BY_CRASH;
                job.finishedAt = Instant.now().toString();
                records.save(job);
            } else if (job.state == JobState.INTERRUPTED
                    && Job.BY_SHUTDOWN.equals(job.interruptedBy)) {
                job.state = JobState.QUEUED;
                job.interruptedBy = null;
                job.finishedAt = null;
                records.save(job);
                resumed.add(job);
            } else if (job.state == JobState.QUEUED) {
                queued.add(job);
            }
        }
        Comparator<Job> oldestFirst = Comparator.comparing(j -> String.valueOf(j.createdAt));
        resumed.sort(oldestFirst);
        queued.sort(oldestFirst);
        if (!resumed.isEmpty()) {
            LOG.info(
                    "resuming {} job(s) interrupted by the last shutdown: {}",
                    resumed.size(),
                    resumed.stream().map(j -> j.id).toList());
        }
        resumed.forEach(this::start);
        queued.forEach(this::start);
    }

    /** On an instance that does not train, the trainer's records as they are on disk now. */
    private Map<String, Job> view() {
        if (enabled) {
            return jobs;
        }
        Map<String, Job> current = new LinkedHashMap<>();
        records.readAll().forEach(job -> current.put(job.id, job));
        return current;
    }

    private void requireEnabled() {
        if (notOwner != null) {
            throw JobStateException.queueHeldElsewhere(notOwner);
        }
        if (!enabled) {
            throw JobStateException.disabled();
        }
    }

    /**
     * Whether this instance runs jobs, and why not: for the health endpoint.
     *
     * @param runsJobs whether it owns the job queue and runs jobs
     * @param reason why it runs none, or null
     */
    public record QueueStatus(boolean runsJobs, String reason) {}

    public QueueStatus queueStatus() {
        if (enabled) {
            return new QueueStatus(true, null);
        }
        return new QueueStatus(
                false, notOwner != null ? notOwner : "tolk.jobs.enabled=false: runs no jobs");
    }

    /** A new job from a request, queued once its settings are checked. */
    public Job submit(TrainRequest request) {
        requireEnabled();
        SettingsFields.checkNames(request.settings().keySet(), List.of("dataset", "makeDefault"));
        Job job = new Job();
        job.settings = request.settings();
        job.dataset = request.dataset();
        job.makeDefault = Boolean.TRUE.equals(request.makeDefault());
        TrainingSettings checked = settings.of(job);
        job.id =
                checked.sourceLang()
                        + "-"
                        + checked.targetLang()
                        + "-"
                        + STAMP.format(Instant.now())
                        + "-"
                        + UUID.randomUUID().toString().substring(0, 6);
        if (!ModelStore.isValidId(job.id)) {
            throw new InvalidSettingsException(
                    null,
                    "sourceLang and targetLang must be language codes (letters, digits, - or _)");
        }
        job.state = JobState.QUEUED;
        job.createdAt = Instant.now().toString();
        jobs.put(job.id, job);
        records.save(job);
        start(job);
        return JobRecords.snapshot(job);
    }

    /** Every job, newest first. */
    public List<Job> list() {
        return view().values().stream()
                .map(JobRecords::snapshot)
                .sorted(
                        Comparator.comparing(
                                        (Job j) -> j.createdAt,
                                        Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                                .reversed())
                .toList();
    }

    /** A snapshot of the job {@code id}. */
    public Job get(String id) {
        return JobRecords.snapshot(live(id));
    }

    private Job live(String id) {
        Job job = view().get(id);
        if (job == null) {
            throw new JobNotFoundException(id);
        }
        return job;
    }

    /** Cancels a queued or running job (a running one stops at its next update). */
    public Job cancel(String id) {
        requireEnabled();
        Job job = live(id);
        synchronized (job) {
            switch (job.state) {
                case QUEUED -> {
                    job.state = JobState.CANCELLED;
                    job.finishedAt = Instant.now().toString();
                    records.save(job);
                }
                case RUNNING -> runner.requestStop(id);
                default -> throw JobStateException.notActive(id, job.state);
            }
        }
        return JobRecords.snapshot(job);
    }

    /**
     * Continues a cancelled, interrupted or failed job from its last checkpoint (a failed one only
     * when it has an intact checkpoint).
     */
    public Job resume(String id) {
        requireEnabled();
        Job job = live(id);
        synchronized (job) {
            String noCheckpoint = job.state == JobState.FAILED ? checkpointProblem(id) : null;
            if (!job.state.resumable(noCheckpoint == null)) {
                throw JobStateException.notResumable(id, job.state, noCheckpoint);
            }
            job.state = JobState.QUEUED;
            job.finishedAt = null;
            job.error = null;
            job.interruptedBy = null;
            records.save(job);
        }
        start(job);
        return JobRecords.snapshot(job);
    }

    /** Why the job's model directory holds no intact checkpoint to resume from, or null. */
    private String checkpointProblem(String id) {
        try {
            Optional<Path> latest =
                    new Checkpoints(new ModelDirectory(models.root().resolve(id))).latest();
            if (latest.isEmpty()) {
                return "it has no checkpoint (it failed before its first evaluation)";
            }
            if (!Files.isRegularFile(latest.get().resolve(ParameterFile.NAME))) {
                return "its last checkpoint ("
                        + latest.get().getFileName()
                        + ") has no "
                        + ParameterFile.NAME;
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "its last checkpoint is damaged (" + e.getMessage() + ")";
        }
    }

    private void start(Job job) {
        executor.submit(() -> runner.run(job));
    }

    /**
     * The shutdown starts (before the web server drains its requests): running jobs stop at their
     * next update and checkpoint meanwhile.
     */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        stopJobs();
    }

    private synchronized void stopJobs() {
        if (shutdownStarted == 0) {
            shutdownStarted = System.nanoTime();
            runner.shutDown();
        }
    }

    /**
     * Running jobs checkpoint and become INTERRUPTED, waited for until {@link #SHUTDOWN_WAIT} after
     * the shutdown started; the queue is kept for the next start, and the queue lock released.
     */
    @Override
    public void destroy() throws InterruptedException {
        stopJobs();
        executor.shutdown();
        try {
            long left = SHUTDOWN_WAIT.toNanos() - (System.nanoTime() - shutdownStarted);
            if (!executor.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                LOG.warn(
                        "running jobs did not checkpoint within {} s of the shutdown: they resume"
                                + " from their previous checkpoint",
                        SHUTDOWN_WAIT.toSeconds());
                executor.shutdownNow();
            }
        } finally {
            if (queue != null) {
                try {
                    queue.close();
                } catch (IOException e) {
                    LOG.warn("releasing the job queue lock: {}", e.toString());
                }
            }
        }
    }
}
