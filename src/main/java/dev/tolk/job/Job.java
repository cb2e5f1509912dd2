package dev.tolk.job;

import dev.tolk.training.EvaluationRecord;
import dev.tolk.training.HeldOutSample;
import dev.tolk.training.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A training job's record, as {@code GET /train/{id}} returns it and as it is kept on disk ({@code
 * <models-dir>/.jobs/<id>.json}). Fields are public for Jackson; {@link JobService} changes them
 * under its lock.
 */
public final class Job {

    /** The job's id, also the id of the model it produces. */
    public String id;

    public JobState state;

    /** The training settings as requested (paths relative to the data directory). */
    public Map<String, Object> settings;

    /** The uploaded dataset it trains on, if any. */
    public String dataset;

    /** Make the model the default of its pair when done, whatever its score. */
    public boolean makeDefault;

    public String createdAt;
    public String startedAt;
    public String finishedAt;

    /** The latest progress report. */
    public ProgressListener.Progress progress;

    /** Training loss per progress report. */
    public List<LossPoint> lossHistory = new ArrayList<>();

    /** Every held-out evaluation. */
    public List<EvaluationRecord> evaluations = new ArrayList<>();

    /** The held-out sentences the last evaluation translated worst, beside their references. */
    public WorstHeldOut worstHeldOut;

    /** The corpus report: pairs read, kept, dropped by reason, held-out set. */
    public Map<String, Object> corpus;

    /** The best held-out evaluation so far. */
    public EvaluationRecord best;

    /** The model produced (its id), once SUCCEEDED. */
    public String model;

    /** Whether the model became the default of its pair, and why (or why not). */
    public String defaultDecision;

    /** Final scores (held-out, test, lowercased, with signatures), once SUCCEEDED. */
    public Object result;

    /** Why the run stopped (limit reached, early stopping), once SUCCEEDED. */
    public String stopReason;

    /** What went wrong and what to fix, once FAILED. */
    public String error;

    /**
     * Why an INTERRUPTED job was interrupted: {@link #BY_SHUTDOWN} (it checkpointed; queued again
     * at the next start) or {@link #BY_CRASH} (the process died while it ran; resumed on request).
     */
    public String interruptedBy;

    static final String BY_SHUTDOWN = "shutdown";
    static final String BY_CRASH = "crash";

    /**
     * Training loss and learning rate at a step.
     *
     * @param learningRate the rate of the step's update; null in records written before it was kept
     */
    public record LossPoint(int step, double loss, Double learningRate) {}

    /** The worst-translated held-out sentences of the evaluation at {@code step}, worst first. */
    public record WorstHeldOut(int step, List<HeldOutSample> sentences) {}
}
