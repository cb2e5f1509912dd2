package dev.tolk.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import dev.tolk.data.TokenBatch;
import dev.tolk.data.TokenBatcher;
import dev.tolk.model.TransformerConfig;
import dev.tolk.model.TransformerModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Memory stays flat: after the first update (which creates Adam's moments) the number of live
 * arrays no longer grows, however many updates and held-out passes follow.
 */
@Tag("slow")
class NoLeakTest {

    @Test
    void trainingStepsAndHeldOutPassesLeaveNoArraysBehind() {
        TransformerConfig config = TransformerConfig.preset("tiny", 40);
        Random random = new Random(3);
        List<int[]> sources = new ArrayList<>();
        List<int[]> targets = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            sources.add(random.ints(3 + random.nextInt(8), 4, 40).toArray());
            targets.add(random.ints(3 + random.nextInt(8), 4, 40).toArray());
        }
        List<TokenBatch> batches =
                new TokenBatcher(200, config.padId(), 1).batches(sources, targets, 1);
        assertThat(batches).hasSizeGreaterThan(2);
        Engine.getInstance().setRandomSeed(1);
        try (Model model = newModel(config);
                CheckpointableAdam adam =
                        new CheckpointableAdam(
                                new InverseSqrtSchedule(1e-3f, 10), 0.9f, 0.98f, 1e-9f);
                Trainer trainer =
                        model.newTrainer(
                                new DefaultTrainingConfig(
                                        new LabelSmoothedCrossEntropy(0.1f, config.padId())))) {
            trainer.initialize(new Shape(1, 1), new Shape(1, 1));
            TrainingLoop loop = new TrainingLoop(trainer, adam, 0.1f, 1f, 1, config.padId());
            loop.step(List.of(batches.get(0)));
            loop.heldOutLoss(batches);
            int live = model.getNDManager().getManagedArrays().size();
            for (int i = 0; i < 30; i++) {
                loop.step(List.of(batches.get(i % batches.size()), batches.get(0)));
            }
            loop.heldOutLoss(batches);
            assertThat(model.getNDManager().getManagedArrays()).hasSize(live);
        }
    }

    private static Model newModel(TransformerConfig config) {
        Model model = Model.newInstance("leak");
        model.setBlock(new TransformerModel(config));
        return model;
    }
}
