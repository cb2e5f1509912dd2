package dev.tolk.training;

/**
 * One held-out evaluation: a line of {@code metrics.jsonl}.
 *
 * @param step updates so far
 * @param epoch epoch during which it ran
 * @param trainLoss mean label-smoothed training loss per target token since the last evaluation
 * @param heldOutLoss mean cross-entropy (no smoothing) per target token on the held-out set
 * @param bleu held-out BLEU (sacreBLEU, 13a, cased)
 * @param chrf held-out chrF
 * @param bleuSignature BLEU's signature
 * @param chrfSignature chrF's signature
 * @param tokensPerSecond training target tokens per second since the last evaluation
 * @param wallSeconds training wall time so far, all sessions of the run
 * @param rssMib the process's resident memory after the evaluation, MiB
 */
public record EvaluationRecord(
        int step,
        int epoch,
        double trainLoss,
        double heldOutLoss,
        double bleu,
        double chrf,
        String bleuSignature,
        String chrfSignature,
        double tokensPerSecond,
        double wallSeconds,
        double rssMib) {}
