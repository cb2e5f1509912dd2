package dev.tolk.job;

import dev.tolk.FeatureException;
import dev.tolk.TolkProperties;
import dev.tolk.data.CorpusFiles;
import dev.tolk.io.AtomicFiles;
import dev.tolk.modelstore.Checkpoints;
import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ModelStore;
import dev.tolk.runtime.DeviceChoice;
import dev.tolk.training.EvaluationRecord;
import dev.tolk.training.InvalidSettingsException;
import dev.tolk.training.ProgressListener;
import dev.tolk.training.SettingsFields;
import dev.tolk.training.TrainingCancelledException;
import dev.tolk.training.TrainingRun;
import dev.tolk.training.TrainingSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Training jobs: validated on submission, run in a background executor ({@code
 * tolk.jobs.concurrency} at a time, the rest queued), recorded atomically in {@code
 * <models-dir>/.jobs/<id>.json} at every change. A job writes its model to {@code
 * <models-dir>/<id>/}, which becomes a served model when the job succeeds.
 *
 * <p>Restarts lose nothing: on start, a job recorded as RUNNING is INTERRUPTED (resumable from its
 * last checkpoint) and QUEUED jobs are queued again. On shutdown running jobs checkpoint and become
 * INTERRUPTED.
 */
@Service
public class JobService implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final List<String> PATHS =
            List.of(
                    "trainSource",
                    "trainTarget",
                    "validSource",
                    "validTarget",
                    "testSource",
                    "testTarget");

    private final ModelStore models;
    private final DatasetStore datasets;
    private final DeviceChoice device;
    private final Path jobsDir;
    private final boolean enabled;
    private final ExecutorService executor;
    private final MeterRegistry meters;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Set<String> stopRequested = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    JobService(
            TolkProperties properties,
            ModelStore models,
            DatasetStore datasets,
            MeterRegistry meters) {
        this.models = models;
        this.datasets = datasets;
        this.device = properties.device();
        this.jobsDir = properties.modelsDir().resolve(".jobs");
        this.enabled = properties.jobs().enabled();
        int slots = properties.jobs().concurrency();
        if (slots < 1) {
            throw new IllegalArgumentException(
                    "tolk.jobs.concurrency (" + slots + ") must be at least 1");
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
        this.meters = meters;
        if (enabled) {
            recover();
        }
    }

    /**
     * The running job's gauges, tagged with its id (several jobs run at once with {@code
     * tolk.jobs.concurrency} above 1); removed when it ends.
     */
    private List<Gauge> registerGauges(Job job) {
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

    /** Reads the job records: RUNNING ones were interrupted; QUEUED ones are queued again. */
    private void recover() {
        List<Job> queued = new ArrayList<>();
        for (Job job : readRecords()) {
            jobs.put(job.id, job);
            if (job.state == JobState.RUNNING) {
                job.state = JobState.INTERRUPTED;
                job.finishedAt = Instant.now().toString();
                save(job);
            } else if (job.state == JobState.QUEUED) {
                queued.add(job);
            }
        }
        queued.sort(Comparator.comparing(j -> j.createdAt));
        queued.forEach(this::start);
    }

    private List<Job> readRecords() {
        List<Job> records = new ArrayList<>();
        if (!Files.isDirectory(jobsDir)) {
            return records;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(jobsDir, "*.json")) {
            for (Path file : files) {
                try {
                    records.add(JSON.readValue(file.toFile(), Job.class));
                } catch (JacksonException e) {
                    LOG.warn("skipping damaged job record {}: {}", file, e.getOriginalMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    /** On an instance that does not train, the trainer's records as they are on disk now. */
    private Map<String, Job> view() {
        if (enabled) {
            return jobs;
        }
        Map<String, Job> current = new LinkedHashMap<>();
        readRecords().forEach(job -> current.put(job.id, job));
        return current;
    }

    private void requireEnabled() {
        if (!enabled) {
            throw JobStateException.disabled();
        }
    }

    /** A new job from a request, queued once its settings are checked. */
    public Job submit(TrainRequest request) {
        requireEnabled();
        SettingsFields.checkNames(request.settings().keySet(), List.of("dataset", "makeDefault"));
        Job job = new Job();
        job.settings = request.settings();
        job.dataset = request.dataset();
        job.makeDefault = Boolean.TRUE.equals(request.makeDefault());
        TrainingSettings settings = settings(job); // validates
        job.id =
                settings.sourceLang()
                        + "-"
                        + settings.targetLang()
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
        save(job);
        start(job);
        return snapshot(job);
    }

    /** Every job, newest first. */
    public List<Job> list() {
        return view().values().stream()
                .map(JobService::snapshot)
                .sorted(Comparator.comparing((Job j) -> j.createdAt).reversed())
                .toList();
    }

    /** A copy made under the job's lock: the training thread keeps changing the original. */
    private static Job snapshot(Job job) {
        synchronized (job) {
            return JSON.readValue(JSON.writeValueAsBytes(job), Job.class);
        }
    }

    /** A snapshot of the job {@code id}. */
    public Job get(String id) {
        return snapshot(live(id));
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
                    save(job);
                }
                case RUNNING -> stopRequested.add(id);
                default -> throw JobStateException.notActive(id, job.state);
            }
        }
        return snapshot(job);
    }

    /** Continues a cancelled or interrupted job from its last checkpoint. */
    public Job resume(String id) {
        requireEnabled();
        Job job = live(id);
        synchronized (job) {
            if (!job.state.resumable()) {
                throw JobStateException.notResumable(id, job.state);
            }
            job.state = JobState.QUEUED;
            job.finishedAt = null;
            job.error = null;
            save(job);
        }
        start(job);
        return snapshot(job);
    }

    private void start(Job job) {
        executor.submit(() -> run(job));
    }

    private void run(Job job) {
        synchronized (job) {
            if (job.state != JobState.QUEUED || shuttingDown) {
                return;
            }
            job.state = JobState.RUNNING;
            job.startedAt = Instant.now().toString();
            save(job);
        }
        List<Gauge> gauges = registerGauges(job);
        Path dir = models.root().resolve(job.id);
        JobState end;
        String error = null;
        TrainingRun.Result result = null;
        try {
            TrainingSettings settings = settings(job);
            // A job that has checkpoints continues from the latest (a resumed job, or one queued
            // again after a restart); one without starts from the beginning.
            boolean checkpointed = new Checkpoints(new ModelDirectory(dir)).latest().isPresent();
            result = new TrainingRun(settings, dir, device, new Listener(job)).run(checkpointed);
            end = JobState.SUCCEEDED;
        } catch (TrainingCancelledException e) {
            end = shuttingDown ? JobState.INTERRUPTED : JobState.CANCELLED;
        } catch (FeatureException e) {
            end = JobState.FAILED;
            error = e.getMessage();
        } catch (Exception | Error e) {
            LOG.warn("training job {} failed", job.id, e);
            end = JobState.FAILED;
            error = describe(e);
        }
        String decision = null;
        if (result != null) {
            try {
                decision = decideDefault(job);
            } catch (IOException | RuntimeException e) {
                decision = "not the default: " + describe(e);
            }
        }
        gauges.forEach(meters::remove);
        // The end state, the clean-up and the record in one step: a resume can only see the job
        // as resumable once everything of this run is done.
        synchronized (job) {
            stopRequested.remove(job.id);
            job.state = end;
            job.error = error;
            if (result != null) {
                job.model = job.id;
                job.result = result.manifest().metrics();
                job.stopReason = result.stopReason();
                job.defaultDecision = decision;
            }
            job.finishedAt = Instant.now().toString();
            save(job);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /**
     * Makes the new model the default of its pair when asked, when the pair has none, or when it
     * beats the default's held-out BLEU on the same held-out set.
     */
    private String decideDefault(Job job) throws IOException {
        ModelStore.Entry made = models.find(job.id).orElseThrow();
        String currentId = models.defaults().get(made.pair());
        Optional<ModelStore.Entry> currentDefault =
                currentId == null ? Optional.empty() : models.find(currentId);
        if (job.makeDefault) {
            models.setDefault(made);
            return "default of " + made.pair() + ": asked for (makeDefault)";
        }
        if (currentDefault.isEmpty()) {
            models.setDefault(made);
            return "default of " + made.pair() + ": the pair had no default";
        }
        ModelStore.Entry old = currentDefault.get();
        String heldOut = heldOutSet(made);
        if (heldOut == null || !heldOut.equals(heldOutSet(old))) {
            return "not the default: "
                    + old.id()
                    + " was scored on another held-out set (POST /models/"
                    + made.id()
                    + "/default to switch)";
        }
        double newBleu = heldOutBleu(made);
        double oldBleu = heldOutBleu(old);
        if (newBleu > oldBleu) {
            models.setDefault(made);
            return String.format(
                    java.util.Locale.ROOT,
                    "default of %s: held-out BLEU %.2f beats %s's %.2f",
                    made.pair(),
                    newBleu,
                    old.id(),
                    oldBleu);
        }
        return String.format(
                java.util.Locale.ROOT,
                "not the default: held-out BLEU %.2f does not beat %s's %.2f",
                newBleu,
                old.id(),
                oldBleu);
    }

    /** What identifies the held-out set a model was scored on, or null when unknown. */
    private static String heldOutSet(ModelStore.Entry entry) {
        var recipe = entry.manifest().recipe();
        if (recipe == null) {
            return null;
        }
        if (recipe.hasNonNull("validSource")) {
            return recipe.get("validSource").asString()
                    + "|"
                    + recipe.get("validTarget").asString();
        }
        return "split|"
                + recipe.path("trainSource").asString()
                + "|"
                + recipe.path("seed").asString()
                + "|"
                + recipe.path("heldOutFraction").asString();
    }

    private static double heldOutBleu(ModelStore.Entry entry) {
        var metrics = entry.manifest().metrics();
        return metrics == null
                ? Double.NEGATIVE_INFINITY
                : metrics.path("heldOut").path("bleu").asDouble();
    }

    /** The job's settings with paths resolved inside the data directory. */
    TrainingSettings settings(Job job) {
        Map<String, Object> fields = new LinkedHashMap<>(job.settings);
        for (String field : PATHS) {
            Object value = fields.get(field);
            if (value == null) {
                continue;
            }
            if (!(value instanceof String path)) {
                throw new InvalidSettingsException(field, field + " must be a path (a string)");
            }
            fields.put(field, datasets.resolveInside(path, field).toString());
        }
        if (job.dataset != null) {
            useDataset(job.dataset, fields);
        } else if (fields.get("trainSource") == null) {
            throw new InvalidSettingsException(
                    "trainSource",
                    "name the corpus: dataset (an uploaded dataset's id) or trainSource (a path"
                            + " in the data directory)");
        }
        return SettingsFields.toSettings(fields);
    }

    /** The uploaded dataset's files as the corpus, its languages unless the request names them. */
    private void useDataset(String id, Map<String, Object> fields) {
        DatasetStore.Dataset dataset =
                datasets.find(id).orElseThrow(() -> DatasetNotFoundException.named(id));
        if (fields.get("trainSource") != null) {
            throw new InvalidSettingsException(
                    "dataset", "give a dataset or trainSource, not both");
        }
        CorpusFiles files = datasets.files(dataset);
        fields.put("trainSource", files.source().toString());
        fields.put("trainTarget", files.target() == null ? null : files.target().toString());
        if (fields.get("sourceLang") == null) {
            fields.put("sourceLang", dataset.sourceLang());
        }
        if (fields.get("targetLang") == null) {
            fields.put("targetLang", dataset.targetLang());
        }
    }

    private void save(Job job) {
        try {
            byte[] json;
            synchronized (job) {
                json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(job);
            }
            Files.createDirectories(jobsDir);
            AtomicFiles.write(jobsDir.resolve(job.id + ".json"), out -> out.write(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores a running job's progress in its record. */
    private final class Listener implements ProgressListener {
        private final Job job;

        Listener(Job job) {
            this.job = job;
        }

        @Override
        public void onProgress(Progress p) {
            synchronized (job) {
                job.progress =
                        new Job.Progress(
                                p.step(),
                                p.epoch(),
                                p.percent(),
                                p.etaSeconds(),
                                p.tokensPerSecond(),
                                p.learningRate(),
                                p.loss());
                job.lossHistory.add(new Job.LossPoint(p.step(), p.loss()));
            }
            save(job);
        }

        @Override
        public void onEvaluation(EvaluationRecord e) {
            synchronized (job) {
                job.evaluations.add(e);
                if (job.best == null || e.bleu() > job.best.bleu()) {
                    job.best = e;
                }
            }
            save(job);
        }

        @Override
        public void onCorpusReport(Map<String, Object> report) {
            synchronized (job) {
                job.corpus = report;
            }
            save(job);
        }

        @Override
        public void onMessage(String message) {
            LOG.info("job {}: {}", job.id, message);
        }

        @Override
        public boolean stopRequested() {
            return shuttingDown || stopRequested.contains(job.id);
        }
    }

    /** Running jobs checkpoint and become INTERRUPTED; the queue is kept for the next start. */
    @Override
    public void destroy() throws InterruptedException {
        shuttingDown = true;
        executor.shutdown();
        if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
