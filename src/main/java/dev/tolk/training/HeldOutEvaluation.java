package dev.tolk.training;

import ai.djl.ndarray.NDManager;
import dev.tolk.data.TokenBatch;
import dev.tolk.data.TokenBatcher;
import dev.tolk.decode.SearchSettings;
import dev.tolk.metrics.Evaluation;
import dev.tolk.model.TransformerModel;
import dev.tolk.runtime.ProcessMemory;
import dev.tolk.text.SubwordTokenizer;
import java.util.List;

/**
 * The evaluations during training: held-out loss, then held-out BLEU and chrF of the search for
 * training ({@link TrainingSettings#search()}), each a line of {@code metrics.jsonl} with the
 * training loss and speed since the last one.
 */
final class HeldOutEvaluation {

    /** The held-out loss and scores of the model now, and the sentences it translates worst. */
    record Scored(double heldOutLoss, Evaluation.Result scores, List<HeldOutSample> worst) {
        double bleu() {
            return scores.bleu().score();
        }
    }

    private final TrainingLoop loop;
    private final HeldOutScoring scoring;
    private final NDManager manager;
    private final SearchSettings search;
    private final List<TokenBatch> batches;
    private double trainLoss;
    private long trainTokens;
    private long start = System.nanoTime();

    HeldOutEvaluation(
            TrainingSettings settings,
            TrainingSetup setup,
            SubwordTokenizer tokenizer,
            DataPreparation.PreparedData data,
            HeldOutScoring scoring) {
        this.loop = setup.loop();
        this.scoring = scoring;
        this.manager = setup.trainer().getManager();
        this.search = settings.search();
        this.batches =
                new TokenBatcher(settings.batchTokens(), tokenizer.padId(), tokenizer.bosId())
                        .batches(data.heldOutSources(), data.heldOutTargets(), 0);
    }

    /** Counts an update's training loss. */
    void add(TrainingLoop.StepResult result) {
        trainLoss += result.lossSum();
        trainTokens += result.targetTokens();
    }

    Scored score(TransformerModel model) {
        double heldOutLoss = loop.heldOutLoss(batches);
        List<String> hypotheses = scoring.decode(model, manager, search);
        return new Scored(
                heldOutLoss,
                scoring.cased(hypotheses),
                scoring.worst(hypotheses, HeldOutSample.WORST));
    }

    /** The metrics line of an evaluation. */
    EvaluationRecord record(int step, int epoch, Scored scored, double wallSeconds) {
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluation.Result scores = scored.scores();
        return new EvaluationRecord(
                step,
                epoch,
                trainLoss / Math.max(1, trainTokens),
                scored.heldOutLoss(),
                scores.bleu().rounded(),
                scores.chrf().rounded(),
                scores.bleu().signature(),
                scores.chrf().signature(),
                trainTokens / seconds,
                wallSeconds,
                ProcessMemory.residentMib());
    }

    /** Starts counting towards the next evaluation. */
    void restart() {
        trainLoss = 0;
        trainTokens = 0;
        start = System.nanoTime();
    }
}
