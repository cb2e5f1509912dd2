package dev.tolk.training;

import ai.djl.ndarray.NDManager;
import dev.tolk.io.AtomicFiles;
import dev.tolk.model.TransformerConfig;
import dev.tolk.model.TransformerModel;
import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ParameterFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Step 4 of a run: the parameters the model keeps, staged beside {@code parameters.params} until
 * the model is written. With {@code averageLast}, the average of the last checkpoints, or the best
 * single checkpoint when it scores higher on held-out data (averaging helps once training has
 * settled; early in a run the best checkpoint can still be better); without, the best checkpoint;
 * without an evaluation, the last step's.
 */
final class FinalParameters {

    /**
     * The staged parameters.
     *
     * @param staged the file written
     * @param source where they came from, as {@code model.json} says ({@code metrics.parameters})
     */
    record Choice(Path staged, String source) {}

    private final TrainingSettings settings;
    private final ModelDirectory directory;
    private final RunCheckpoints checkpoints;
    private final TransformerConfig config;
    private final HeldOutScoring scoring;
    private final NDManager manager;

    FinalParameters(
            TrainingSettings settings,
            ModelDirectory directory,
            RunCheckpoints checkpoints,
            TransformerConfig config,
            HeldOutScoring scoring,
            NDManager manager) {
        this.settings = settings;
        this.directory = directory;
        this.checkpoints = checkpoints;
        this.config = config;
        this.scoring = scoring;
        this.manager = manager;
    }

    /**
     * Stages the final parameters.
     *
     * @param last the model as trained, for a run without a best checkpoint
     * @param bestStep the step of the best held-out BLEU
     */
    Choice choose(TransformerModel last, int bestStep) throws IOException {
        Path staged = directory.resolve(ModelDirectory.PARAMETERS + ".final");
        Path best = checkpoints.best();
        String bestSource = "best held-out BLEU (step " + bestStep + ")";
        if (settings.averageLast() > 0) {
            return new Choice(staged, averageOrBest(staged, best, bestSource));
        } else if (Files.isRegularFile(best)) {
            AtomicFiles.write(staged, out -> Files.copy(best, out));
            return new Choice(staged, bestSource);
        } else {
            ParameterFile.save(last, staged);
            return new Choice(staged, "last step");
        }
    }

    /** Stages the average of the last checkpoints, or the best one if it scores higher. */
    private String averageOrBest(Path staged, Path best, String bestSource) throws IOException {
        List<Path> last = checkpoints.lastParameters(settings.averageLast());
        Path averaged = directory.resolve(RunCheckpoints.AVERAGED);
        CheckpointAveraging.average(config, last, averaged);
        String source = "average of the last " + last.size() + " checkpoints";
        Path chosen = averaged;
        if (last.size() > 1 && Files.isRegularFile(best)) {
            double averagedBleu = scoring.bleu(averaged, manager, settings.finalSearch());
            double bestBleu = scoring.bleu(best, manager, settings.finalSearch());
            if (bestBleu > averagedBleu) {
                chosen = best;
                source =
                        String.format(
                                Locale.ROOT,
                                "%s: BLEU %.2f beat the average of the last %d checkpoints"
                                        + " (%.2f) on held-out data",
                                bestSource,
                                bestBleu,
                                last.size(),
                                averagedBleu);
            } else {
                source +=
                        String.format(
                                Locale.ROOT,
                                ": held-out BLEU %.2f, the best single checkpoint's %.2f",
                                averagedBleu,
                                bestBleu);
            }
        }
        Path from = chosen;
        AtomicFiles.write(staged, out -> Files.copy(from, out));
        Files.deleteIfExists(averaged);
        return source;
    }
}
