package dev.tolk.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import dev.tolk.model.TransformerConfig;
import dev.tolk.model.TransformerModel;
import dev.tolk.modelstore.ParameterFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Step 2 of a run, and the set-up {@code bench train} times: the model (initialized from the seed,
 * or its parameters read from a checkpoint), the learning-rate schedule, Adam (β 0.9, 0.98, ε
 * 1e-9), DJL's trainer with the label-smoothed loss, and the {@link TrainingLoop} on them. Closing
 * it frees them all.
 */
public final class TrainingSetup implements AutoCloseable {

    /**
     * How the model is optimized.
     *
     * @param peakLearningRate the rate after warm-up
     * @param warmupSteps linear warm-up updates
     * @param coolDown share of the budget over which the rate falls to zero at the end (0: none)
     * @param labelSmoothing ε of the loss
     * @param clipNorm global gradient norm limit, 0 for none
     * @param seed seeds initialization and dropout
     */
    public record Optimization(
            float peakLearningRate,
            int warmupSteps,
            float coolDown,
            float labelSmoothing,
            float clipNorm,
            long seed) {

        /** A run's optimization, for its model {@code config}. */
        static Optimization of(TrainingSettings settings, TransformerConfig config) {
            return new Optimization(
                    settings.peakLearningRate(config.modelDim()),
                    settings.warmupSteps(),
                    settings.coolDown(),
                    settings.labelSmoothing(),
                    settings.clipNorm(),
                    settings.seed());
        }
    }

    private final Model model;
    private final TransformerModel block;
    private final CoolDownSchedule schedule;
    private final CheckpointableAdam adam;
    private final Trainer trainer;
    private final TrainingLoop loop;

    private TrainingSetup(
            Model model,
            TransformerModel block,
            CoolDownSchedule schedule,
            CheckpointableAdam adam,
            Trainer trainer,
            TrainingLoop loop) {
        this.model = model;
        this.block = block;
        this.schedule = schedule;
        this.adam = adam;
        this.trainer = trainer;
        this.loop = loop;
    }

    /**
     * Builds the model and its optimizer on {@code device}.
     *
     * @param parameters a checkpoint's parameter file to start from, or null to initialize from the
     *     seed
     */
    public static TrainingSetup open(
            TransformerConfig config, Device device, Optimization optimization, Path parameters)
            throws IOException {
        Engine.getInstance().setRandomSeed((int) optimization.seed());
        Model model = Model.newInstance("tolk", device);
        CheckpointableAdam adam = null;
        Trainer trainer = null;
        try {
            TransformerModel block = new TransformerModel(config);
            model.setBlock(block);
            if (parameters != null) {
                ParameterFile.load(block, parameters, model.getNDManager());
            }
            var schedule =
                    new CoolDownSchedule(
                            new InverseSqrtSchedule(
                                    optimization.peakLearningRate(), optimization.warmupSteps()),
                            optimization.coolDown());
            adam = new CheckpointableAdam(schedule, 0.9f, 0.98f, 1e-9f);
            trainer =
                    model.newTrainer(
                            new DefaultTrainingConfig(
                                    new LabelSmoothedCrossEntropy(
                                            optimization.labelSmoothing(), config.padId())));
            trainer.initialize(new Shape(1, 1), new Shape(1, 1));
            var loop =
                    new TrainingLoop(
                            trainer,
                            adam,
                            optimization.labelSmoothing(),
                            optimization.clipNorm(),
                            optimization.seed(),
                            config.padId());
            return new TrainingSetup(model, block, schedule, adam, trainer, loop);
        } catch (IOException | RuntimeException e) {
            if (trainer != null) {
                trainer.close();
            }
            if (adam != null) {
                adam.close();
            }
            model.close();
            throw e;
        }
    }

    public TransformerModel block() {
        return block;
    }

    public CoolDownSchedule schedule() {
        return schedule;
    }

    public CheckpointableAdam adam() {
        return adam;
    }

    public Trainer trainer() {
        return trainer;
    }

    public TrainingLoop loop() {
        return loop;
    }

    @Override
    public void close() {
        try {
            trainer.close();
        } finally {
            try {
                adam.close();
            } finally {
                model.close();
            }
        }
    }
}
