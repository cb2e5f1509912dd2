package dev.tolk.job;

import dev.tolk.FeatureException;
import dev.tolk.modelstore.Checkpoints;
import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ModelStore;
import dev.tolk.runtime.DeviceChoice;
import dev.tolk.training.EvaluationRecord;
import dev.tolk.training.HeldOutComparison;
import dev.tolk.training.HeldOutSample;
import dev.tolk.training.ProgressListener;
import dev.tolk.training.TrainingCancelledException;
import dev.tolk.training.TrainingRun;
import dev.tolk.training.TrainingSettings;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job on a training thread: QUEUED → RUNNING → SUCCEEDED, FAILED, CANCELLED (a stop was
 * requested) or INTERRUPTED (the service is shutting down; resumable), its progress, evaluations
 * and corpus report stored in its record as they come, the default decision made when it succeeds.
 */
final class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final ModelStore models;
    private final DeviceChoice device;
    private final JobRecords records;
    private final JobSettings settings;
    private final JobGauges gauges;
    private final DefaultModelDecision decision;
    private final Set<String> stopRequested = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    JobRunner(
            ModelStore models,
            DeviceChoice device,
            JobRecords records,
            JobSettings settings,
            JobGauges gauges) {
        this.models = models;
        this.device = device;
        this.records = records;
        this.settings = settings;
        this.gauges = gauges;
        this.decision = new DefaultModelDecision(models);
    }

    /** Asks the running job {@code id} to stop at its next update (it becomes CANCELLED). */
    void requestStop(String id) {
        stopRequested.add(id);
    }

    /** Running jobs stop at their next update, checkpoint and become INTERRUPTED. */
    void shutDown() {
        shuttingDown = true;
    }

    /** Runs a queued job to its end state, recording every change. */
    void run(Job job) {
        synchronized (job) {
            if (job.state != JobState.QUEUED || shuttingDown) {
                return;
            }
            job.state = JobState.RUNNING;
            job.startedAt = Instant.now().toString();
            try {
                records.save(job);
            } catch (RuntimeException e) {
                // Not recorded as running (a full disk): it stays queued, to run on the next start.
                job.state = JobState.QUEUED;
                job.startedAt = null;
                LOG.warn("job {} not started: its record could not be written", job.id, e);
                return;
            }
        }
        List<Gauge> running = gauges.register(job);
        Outcome outcome = train(job);
        String defaultDecision = null;
        if (outcome.result() != null) {
            try {
                defaultDecision = decision.decide(job, scorer(job));
            } catch (IOException | RuntimeException e) {
                defaultDecision = "not the default: " + describe(e);
            }
        }
        gauges.remove(running);
        finish(job, outcome, defaultDecision);
    }

    /** How a run ended: its state, the error (FAILED) or the result (SUCCEEDED). */
    private record Outcome(JobState end, String error, TrainingRun.Result result) {}

    private Outcome train(Job job) {
        Path dir = models.root().resolve(job.id);
        try {
            TrainingSettings trainingSettings = settings.of(job);
            // A job that has checkpoints continues from the latest (a resumed job, or one queued
            // again after a restart); one without starts from the beginning.
            boolean checkpointed = new Checkpoints(new ModelDirectory(dir)).latest().isPresent();
            TrainingRun.Result result =
                    new TrainingRun(trainingSettings, dir, device, new Listener(job))
                            .withDataset(job.dataset)
                            .run(checkpointed);
            return new Outcome(JobState.SUCCEEDED, null, result);
        } catch (TrainingCancelledException e) {
            return new Outcome(
                    shuttingDown ? JobState.INTERRUPTED : JobState.CANCELLED, null, null);
        } catch (FeatureException e) {
            return new Outcome(JobState.FAILED, e.getMessage(), null);
        } catch (Exception | Error e) {
            LOG.warn("training job {} failed", job.id, e);
            return new Outcome(JobState.FAILED, describe(e), null);
        }
    }

    /**
     * The end state, the clean-up and the record in one step: a resume can only see the job as
     * resumable once everything of this run is done.
     */
    private void finish(Job job, Outcome outcome, String defaultDecision) {
        synchronized (job) {
            stopRequested.remove(job.id);
            job.state = outcome.end();
            job.error = outcome.error();
            job.interruptedBy = outcome.end() == JobState.INTERRUPTED ? Job.BY_SHUTDOWN : null;
            if (outcome.result() != null) {
                job.model = job.id;
                job.result = outcome.result().manifest().metrics();
                job.stopReason = outcome.result().stopReason();
                job.defaultDecision = defaultDecision;
            }
            job.finishedAt = Instant.now().toString();
            records.save(job);
        }
    }

    /**
     * Scores models on the job's held-out set, for the default decision of a fine-tuned model
     * (prepared on first use: most decisions need none).
     */
    private DefaultModelDecision.HeldOutScorer scorer(Job job) {
        return new DefaultModelDecision.HeldOutScorer() {
            private HeldOutComparison comparison;

            @Override
            public double bleu(Path modelDir) throws IOException {
                if (comparison == null) {
                    comparison = new HeldOutComparison(settings.of(job), device);
                }
                return comparison.score(modelDir).cased().bleu().rounded();
            }
        };
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
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
                job.progress = p;
                job.lossHistory.add(new Job.LossPoint(p.step(), p.loss(), p.learningRate()));
            }
            records.save(job);
        }

        @Override
        public void onEvaluation(EvaluationRecord e) {
            synchronized (job) {
                job.evaluations.add(e);
                if (job.best == null || e.bleu() > job.best.bleu()) {
                    job.best = e;
                }
            }
            records.save(job);
        }

        @Override
        public void onWorstHeldOut(int step, List<HeldOutSample> sentences) {
            synchronized (job) {
                job.worstHeldOut = new Job.WorstHeldOut(step, sentences);
            }
            records.save(job);
        }

        @Override
        public void onCorpusReport(Map<String, Object> report) {
            synchronized (job) {
                job.corpus = report;
            }
            records.save(job);
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
}
