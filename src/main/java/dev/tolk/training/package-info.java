/**
 * Training the Transformer, from corpus to model directory. No Spring code.
 *
 * <p>{@link dev.tolk.training.TrainingRun} is the one entry point (the command line's {@code train}
 * and the service's training jobs call it with {@link dev.tolk.training.TrainingSettings}); it runs
 * the steps in order, each a class of its own: {@code DataPreparation} (corpus, held-out data,
 * vocabulary via {@link dev.tolk.training.Vocabulary}, ids) → {@link
 * dev.tolk.training.TrainingSetup} (model, schedule, optimizer, trainer; {@code RunCheckpoints}
 * restores a run) → {@code TrainingSession} (the loop until a {@link dev.tolk.training.StopReason}
 * from {@code StopPolicy}; {@code HeldOutEvaluation} and {@code ProgressReport} along the way) →
 * {@code FinalParameters} (best checkpoint or the average of the last ones) → scores ({@code
 * HeldOutScoring}; {@link dev.tolk.training.TestSetScore}, shared with {@code evaluate}) → {@code
 * ModelWriter} ({@code parameters.params}, {@code model.json}). A fine-tuning run starts from a
 * finished model instead ({@code BaseModel}: its parameters, architecture and vocabulary), with the
 * defaults of {@link dev.tolk.training.FineTuning}, and is scored beside it at the end ({@code
 * BaseComparison}); {@link dev.tolk.training.HeldOutComparison} scores any finished model on a
 * run's held-out set.
 *
 * <p>The mechanics under them: {@link dev.tolk.training.TrainingLoop} (one update, held-out loss),
 * {@link dev.tolk.training.ChunkedSmoothedLoss} (the loss training uses, projection and loss in
 * chunks) with {@link dev.tolk.training.LabelSmoothedCrossEntropy} as its reference, {@link
 * dev.tolk.training.CheckpointableAdam}, {@link dev.tolk.training.InverseSqrtSchedule}, {@link
 * dev.tolk.training.CoolDownSchedule}, {@link dev.tolk.training.GradientClipping}, {@link
 * dev.tolk.training.CheckpointAveraging}; and what a run reports: {@link
 * dev.tolk.training.ProgressListener}, {@link dev.tolk.training.EvaluationRecord} (a line of {@code
 * metrics.jsonl}), {@link dev.tolk.training.RunState} ({@code state.json} of a checkpoint).
 */
package dev.tolk.training;
