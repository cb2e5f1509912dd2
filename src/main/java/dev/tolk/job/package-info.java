/**
 * Training jobs and the corpora they train on: {@code /train} and {@code /datasets}.
 *
 * <p>{@link dev.tolk.job.JobService} is the jobs' life cycle (submit, list, cancel, resume,
 * recovery after a restart) on an executor of {@code tolk.jobs.concurrency} threads; {@code
 * JobRunner} runs one job to its end state through {@link dev.tolk.training.TrainingRun}, {@code
 * JobRecords} keeps each {@link dev.tolk.job.Job} as an atomically written JSON file in {@code
 * <models-dir>/.jobs/}, {@code JobSettings} turns a request's fields into {@link
 * dev.tolk.training.TrainingSettings} (paths confined to the data directory, an uploaded dataset's
 * files), {@code DefaultModelDecision} decides whether a finished model becomes its pair's default,
 * {@code JobGauges} publishes a running job's figures. {@link dev.tolk.job.DatasetStore} validates
 * and keeps uploaded corpora. Requests bind to {@link dev.tolk.job.TrainRequest}; refusals are
 * feature exceptions ({@code JobNotFoundException}, {@code JobStateException}, {@code
 * DatasetNotFoundException}, {@code DatasetRejectedException}, and training's {@code
 * InvalidSettingsException}). Only the controllers know HTTP.
 */
package dev.tolk.job;
