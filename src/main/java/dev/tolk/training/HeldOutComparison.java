package dev.tolk.training;

import dev.tolk.data.SentencePair;
import dev.tolk.decode.DecodeStreams;
import dev.tolk.metrics.Scores;
import dev.tolk.modelstore.LoadedModel;
import dev.tolk.runtime.DeviceChoice;
import dev.tolk.runtime.EngineInfo;
import dev.tolk.runtime.GradMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Finished models scored on one run's held-out set (held out as that run holds it out), each with
 * its own vocabulary, translated with the run's final search as {@code evaluate} translates: for
 * comparing models trained on other data on the same sentences (the default decision of a
 * fine-tuned model whose pair's default is not its base).
 */
public final class HeldOutComparison {

    private static final int DECODE_BATCH = 64;

    private final TrainingSettings run;
    private final EngineInfo engine;
    private List<SentencePair> pairs;

    /**
     * @param run the settings of the run whose held-out set is used
     */
    public HeldOutComparison(TrainingSettings run, DeviceChoice device) {
        this.run = run;
        this.engine = EngineInfo.load(device);
    }

    /** The cased and lowercased scores of the model in {@code modelDir} on the held-out set. */
    public Scores score(Path modelDir) throws IOException {
        GradMode.disableOnThisThread();
        List<SentencePair> heldOut = pairs();
        try (LoadedModel model = LoadedModel.load(modelDir, engine.device());
                DecodeStreams streams = DecodeStreams.forDevice(engine.device())) {
            return TestSetScore.of(
                            model.translator(),
                            DataPreparation.sources(heldOut),
                            DataPreparation.targets(heldOut),
                            run.finalSearch(),
                            DECODE_BATCH,
                            model.manager(),
                            streams)
                    .scores();
        }
    }

    /** The held-out sentences, read once. */
    private List<SentencePair> pairs() throws IOException {
        if (pairs == null) {
            pairs = new DataPreparation(run, null, new Silent()).heldOutPairs();
        }
        return pairs;
    }

    /** Nothing to report: the comparison has no progress of its own. */
    private static final class Silent implements ProgressListener {
        @Override
        public void onProgress(Progress progress) {}

        @Override
        public void onEvaluation(EvaluationRecord evaluation) {}
    }
}
