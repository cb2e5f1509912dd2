package dev.tolk.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tolk.modelstore.IncompatibleModelException;
import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ModelManifest;
import dev.tolk.runtime.DeviceChoice;
import dev.tolk.testing.TrainingSettingsBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Whole runs of a tiny model on a synthetic corpus (a word-for-word cipher). */
@Tag("slow")
class TrainingRunTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir Path dir;

    private Path train;
    private Path valid;

    @BeforeEach
    void corpus() throws IOException {
        train = write("train.tsv", 400, new Random(1));
        valid = write("valid.tsv", 16, new Random(2));
    }

    private Path write(String name, int pairs, Random random) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pairs; i++) {
            int length = 2 + random.nextInt(5);
            StringBuilder source = new StringBuilder();
            StringBuilder target = new StringBuilder();
            for (int j = 0; j < length; j++) {
                int word = random.nextInt(20);
                source.append(j == 0 ? "" : " ").append("w").append(word);
                target.append(j == 0 ? "" : " ").append("z").append(19 - word);
            }
            text.append(source).append('\t').append(target).append('\n');
        }
        return Files.writeString(dir.resolve(name), text);
    }

    private TrainingSettings settings(int maxSteps) {
        return settings(maxSteps, 0, 1);
    }

    private TrainingSettings settings(int maxSteps, int averageLast, int finalBeam) {
        return settings(maxSteps, averageLast, finalBeam, null);
    }

    private TrainingSettings settings(
            int maxSteps, int averageLast, int finalBeam, Float coolDown) {
        return settings(maxSteps, averageLast, finalBeam, coolDown, 3e-3f, 20, 100);
    }

    private TrainingSettings settings(
            int maxSteps,
            int averageLast,
            int finalBeam,
            Float coolDown,
            float learningRate,
            int evalEvery,
            int patience) {
        return TrainingSettingsBuilder.settings(train.toString())
                .sourceLang("xx")
                .targetLang("yy")
                .validSource(valid.toString().replace(".tsv", ".src"))
                .validTarget(valid.toString().replace(".tsv", ".tgt"))
                .preset("tiny")
                .vocabSize(300)
                .dropout(0.1f)
                .maxEpochs(50)
                .maxSteps(maxSteps)
                .batchTokens(256)
                .accumulate(1)
                .learningRate(learningRate)
                .warmupSteps(10)
                .coolDown(coolDown)
                .labelSmoothing(0.1f)
                .clipNorm(1f)
                .evalEverySteps(evalEvery)
                .patience(patience)
                .averageLast(averageLast)
                .logEverySteps(5)
                .seed(3L)
                .finalBeamSize(finalBeam)
                .build();
    }

    @Test
    void theFinalParametersAreTheAverageOrTheBestCheckpointWhicheverScoresHigher()
            throws IOException {
        splitValidation();
        Path out = dir.resolve("averaged");
        TrainingRun.Result result =
                new TrainingRun(settings(60, 2, 3), out, DeviceChoice.CPU, new Recorder(-1))
                        .run(false);

        JsonNode metrics = result.manifest().metrics();
        assertThat(metrics.get("parameters").asString())
                .matches(
                        "average of the last 2 checkpoints: held-out BLEU .*"
                                + "|best held-out BLEU \\(step \\d+\\): BLEU .* beat the average of the last 2"
                                + " checkpoints .*");
        assertThat(metrics.get("search").asString())
                .isEqualTo("beam 3, length penalty 1.5, no repeated 3-grams");
        assertThat(metrics.get("heldOutLowercased").get("signature").asString())
                .contains("case:lc");
        assertThat(result.heldOut().lowercased().bleu().score())
                .isGreaterThanOrEqualTo(result.heldOut().cased().bleu().score());
        assertThat(out.resolve(RunCheckpoints.AVERAGED)).doesNotExist();
        assertThat(new ModelDirectory(out).readManifest().parameters())
                .isEqualTo("parameters.params");
    }

    /** The validation set as aligned files (the TSV's two columns). */
    private void splitValidation() throws IOException {
        List<String> sources = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (String line : Files.readAllLines(valid)) {
            String[] parts = line.split("\t");
            sources.add(parts[0]);
            targets.add(parts[1]);
        }
        Files.write(Path.of(valid.toString().replace(".tsv", ".src")), sources);
        Files.write(Path.of(valid.toString().replace(".tsv", ".tgt")), targets);
    }

    /** Records evaluations; optionally fails after one, like a crash. */
    private static final class Recorder implements ProgressListener {
        final List<EvaluationRecord> evaluations = new ArrayList<>();
        final int crashAfterStep;

        Recorder(int crashAfterStep) {
            this.crashAfterStep = crashAfterStep;
        }

        final Map<Integer, Double> learningRates = new TreeMap<>();

        @Override
        public void onProgress(Progress progress) {
            assertThat(progress.line()).startsWith("step " + progress.step() + " epoch ");
            learningRates.put(progress.step(), progress.learningRate());
        }

        @Override
        public void onEvaluation(EvaluationRecord evaluation) {
            evaluations.add(evaluation);
            if (evaluation.step() == crashAfterStep) {
                throw new IllegalStateException("simulated crash at step " + crashAfterStep);
            }
        }
    }

    @Test
    void theLearningRateCoolsDownToZeroOverTheLastShareOfTheBudget() throws IOException {
        splitValidation();
        var recorder = new Recorder(-1);
        new TrainingRun(settings(20, 0, 1, 0.5f), dir.resolve("cooled"), DeviceChoice.CPU, recorder)
                .run(false);
        var base = new InverseSqrtSchedule(3e-3f, 10);
        // Before update s, (s − 1) of 20 updates are done: the rate is the base one until half the
        // budget is used, then falls linearly to zero at the end.
        assertThat(recorder.learningRates)
                .containsOnlyKeys(5, 10, 15, 20)
                .hasEntrySatisfying(
                        5,
                        lr -> assertThat(lr).isCloseTo((double) base.getNewValue(5), within(1e-7)))
                .hasEntrySatisfying(
                        10,
                        lr -> assertThat(lr).isCloseTo((double) base.getNewValue(10), within(1e-7)))
                .hasEntrySatisfying(
                        15,
                        lr -> assertThat(lr).isCloseTo(0.6 * base.getNewValue(15), within(1e-7)))
                .hasEntrySatisfying(
                        20,
                        lr -> assertThat(lr).isCloseTo(0.1 * base.getNewValue(20), within(1e-7)));
    }

    /**
     * A run that cannot improve (learning rate 1e-9), evaluated every 5 of 40 updates with patience
     * 1 and a cool-down over half the budget: held-out BLEU is no better at step 10 (25 % of the
     * budget), so the cool-down starts there instead of at 50 % and ends at 75 %, step 30.
     */
    private TrainingSettings plateau(int maxSteps) {
        return settings(maxSteps, 0, 1, 0.5f, 1e-9f, 5, 1);
    }

    private static final String COOLED =
            "cooled down after no better held-out BLEU in 1 evaluations";

    @Test
    void patienceRunOutStartsTheCoolDownAndTheRunStopsWhenItEnds() throws IOException {
        splitValidation();
        var recorder = new Recorder(-1);
        TrainingRun.Result result =
                new TrainingRun(plateau(40), dir.resolve("plateau"), DeviceChoice.CPU, recorder)
                        .run(false);

        assertThat(result.stopReason()).isEqualTo(COOLED);
        assertThat(recorder.evaluations)
                .extracting(EvaluationRecord::step)
                .containsExactly(5, 10, 15, 20, 25, 30);
        assertThat(recorder.evaluations.get(1).bleu())
                .isEqualTo(recorder.evaluations.get(0).bleu());
        var base = new InverseSqrtSchedule(1e-9f, 10);
        // Before update s, (s − 1) of 40 are done; the rate falls linearly from 25 % to 75 %.
        double[] shares = {1, 1, 0.8, 0.55, 0.3, 0.05};
        for (int i = 0; i < shares.length; i++) {
            int step = 5 * (i + 1);
            assertThat(recorder.learningRates.get(step))
                    .as("learning rate of update %d", step)
                    .isCloseTo(shares[i] * base.getNewValue(step), within(1e-15));
        }
    }

    @Test
    void anEarlyCoolDownSurvivesACrashAndAFinishedRunTrainsFurther() throws IOException {
        splitValidation();
        var whole = new Recorder(-1);
        new TrainingRun(plateau(40), dir.resolve("whole"), DeviceChoice.CPU, whole).run(false);

        Path broken = dir.resolve("broken");
        var crashing = new Recorder(20); // in the middle of the early cool-down
        assertThatThrownBy(
                        () ->
                                new TrainingRun(plateau(40), broken, DeviceChoice.CPU, crashing)
                                        .run(false))
                .hasMessageContaining("simulated crash");
        var resumed = new Recorder(-1);
        TrainingRun.Result result =
                new TrainingRun(plateau(40), broken, DeviceChoice.CPU, resumed).run(true);
        assertThat(result.stopReason()).isEqualTo(COOLED);
        assertThat(resumed.evaluations).extracting(EvaluationRecord::step).containsExactly(25, 30);
        assertThat(resumed.learningRates.get(25)).isEqualTo(whole.learningRates.get(25));
        assertThat(resumed.learningRates.get(30)).isEqualTo(whole.learningRates.get(30));

        // Resumed once finished, it trains on under its budget with patience counted afresh: no
        // early cool-down so late (35 of 40 is past 50 %), so it runs to its step limit.
        var further = new Recorder(-1);
        result = new TrainingRun(plateau(40), broken, DeviceChoice.CPU, further).run(true);
        assertThat(result.stopReason()).isEqualTo("maxSteps 40 reached");
        assertThat(further.evaluations).extracting(EvaluationRecord::step).containsExactly(35, 40);
    }

    @Test
    void aRunLowersTheLossAndWritesACompleteModelDirectory() throws IOException {
        splitValidation();
        Path out = dir.resolve("model");
        var recorder = new Recorder(-1);

        long start = System.nanoTime();
        TrainingRun.Result result =
                new TrainingRun(settings(40), out, DeviceChoice.CPU, recorder).run(false);
        double elapsed = (System.nanoTime() - start) / 1e9;

        assertThat(result.steps()).isEqualTo(40);
        // wall time is counted once: never more than the run took, and growing
        assertThat(recorder.evaluations.get(1).wallSeconds())
                .isGreaterThan(recorder.evaluations.get(0).wallSeconds())
                .isLessThanOrEqualTo(elapsed);
        assertThat(recorder.evaluations).hasSize(2);
        assertThat(recorder.evaluations.get(1).trainLoss())
                .isLessThan(recorder.evaluations.get(0).trainLoss());
        assertThat(recorder.evaluations.get(1).heldOutLoss())
                .isLessThan(recorder.evaluations.get(0).heldOutLoss());
        ModelDirectory model = new ModelDirectory(out);
        ModelManifest manifest = model.readManifest();
        assertThat(manifest.config().modelDim()).isEqualTo(64);
        assertThat(manifest.sourceLang()).isEqualTo("xx");
        assertThat(manifest.versions()).containsKeys("tolk", "djl", "pytorch");
        assertThat(manifest.recipe().get("preset").asString()).isEqualTo("tiny");
        assertThat(manifest.corpus().get("corpus").get("pairsRead").asInt()).isEqualTo(400);
        assertThat(manifest.metrics().get("heldOut").get("signature").asString())
                .startsWith("nrefs:1|");
        List<String> lines = model.readMetricsLines();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("step").asInt()).isEqualTo(20);
        assertThat(first.has("bleu") && first.has("chrf") && first.has("heldOutLoss")).isTrue();

        assertThatThrownBy(
                        () ->
                                new TrainingRun(settings(40), out, DeviceChoice.CPU, recorder)
                                        .run(false))
                .hasMessageContaining("already holds a finished model");
    }

    @Test
    void aStoppedAndResumedRunMatchesAnUninterruptedOneStepForStep() throws IOException {
        splitValidation();
        Path whole = dir.resolve("whole");
        Path broken = dir.resolve("broken");
        var uninterrupted = new Recorder(-1);
        new TrainingRun(settings(40), whole, DeviceChoice.CPU, uninterrupted).run(false);

        var crashing = new Recorder(20);
        assertThatThrownBy(
                        () ->
                                new TrainingRun(settings(40), broken, DeviceChoice.CPU, crashing)
                                        .run(false))
                .hasMessageContaining("simulated crash");
        assertThat(new ModelDirectory(broken).isComplete()).isFalse();
        assertThatThrownBy(
                        () ->
                                new TrainingRun(settings(40), broken, DeviceChoice.CPU, crashing)
                                        .run(false))
                .hasMessageContaining("--resume");
        var resumed = new Recorder(-1);
        new TrainingRun(settings(40), broken, DeviceChoice.CPU, resumed).run(true);

        List<EvaluationRecord> joined = new ArrayList<>(crashing.evaluations);
        joined.addAll(resumed.evaluations);
        assertThat(joined).hasSize(2);
        for (int i = 0; i < 2; i++) {
            EvaluationRecord a = uninterrupted.evaluations.get(i);
            EvaluationRecord b = joined.get(i);
            assertThat(b.step()).isEqualTo(a.step());
            assertThat(b.trainLoss()).isEqualTo(a.trainLoss());
            assertThat(b.heldOutLoss()).isEqualTo(a.heldOutLoss());
            assertThat(b.bleu()).isEqualTo(a.bleu());
        }
        assertThat(Files.readAllBytes(broken.resolve(ModelDirectory.PARAMETERS)))
                .isEqualTo(Files.readAllBytes(whole.resolve(ModelDirectory.PARAMETERS)));
        assertThat(new ModelDirectory(broken).readMetricsLines()).hasSize(2);
    }

    @Test
    void aFinishedRunTrainsFurtherWithResumeAndAHigherLimit() throws IOException {
        splitValidation();
        Path whole = dir.resolve("whole");
        Path extended = dir.resolve("extended");
        new TrainingRun(settings(40), whole, DeviceChoice.CPU, new Recorder(-1)).run(false);
        new TrainingRun(settings(20), extended, DeviceChoice.CPU, new Recorder(-1)).run(false);
        assertThat(new ModelDirectory(extended).isComplete()).isTrue();
        byte[] first = Files.readAllBytes(extended.resolve(ModelDirectory.PARAMETERS));
        assertThatThrownBy(
                        () ->
                                new TrainingRun(
                                                settings(40),
                                                extended,
                                                DeviceChoice.CPU,
                                                new Recorder(-1))
                                        .run(false))
                .hasMessageContaining("already holds a finished model")
                .hasMessageContaining("--resume");
        // The same limit again: nothing to do, said so, the model untouched.
        assertThatThrownBy(
                        () ->
                                new TrainingRun(
                                                settings(20),
                                                extended,
                                                DeviceChoice.CPU,
                                                new Recorder(-1))
                                        .run(true))
                .hasMessageContaining("already finished (maxSteps 20 reached)")
                .hasMessageContaining("raise that limit");
        assertThat(Files.readAllBytes(extended.resolve(ModelDirectory.PARAMETERS)))
                .isEqualTo(first);

        new TrainingRun(settings(40), extended, DeviceChoice.CPU, new Recorder(-1)).run(true);
        // Steps 21 to 40 are the ones an uninterrupted run of 40 steps takes (the final model is
        // the best checkpoint, which may be step 20's: the last checkpoints are compared too).
        Path lastCheckpoint =
                Path.of(ModelDirectory.CHECKPOINTS, "step-000000040", ModelDirectory.PARAMETERS);
        byte[] resumed = Files.readAllBytes(extended.resolve(lastCheckpoint));
        assertThat(resumed).isNotEqualTo(first);
        assertThat(resumed).isEqualTo(Files.readAllBytes(whole.resolve(lastCheckpoint)));
        assertThat(Files.readAllBytes(extended.resolve(ModelDirectory.PARAMETERS)))
                .isEqualTo(Files.readAllBytes(whole.resolve(ModelDirectory.PARAMETERS)));
        assertThat(new ModelDirectory(extended).readMetricsLines()).hasSize(2);
    }

    @Test
    void resumingWithoutACheckpointIsAClearError() {
        assertThatThrownBy(
                        () ->
                                new TrainingRun(
                                                settings(10),
                                                dir.resolve("fresh"),
                                                DeviceChoice.CPU,
                                                new Recorder(-1))
                                        .run(true))
                .hasMessageContaining("no checkpoint to resume from");
    }

    @Test
    void partialOrCorruptedModelDirectoriesAreRejected() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("partial"));
        assertThatThrownBy(() -> new ModelDirectory(empty).readManifest())
                .isInstanceOf(IncompatibleModelException.class)
                .hasMessageContaining("not a complete model");

        Path corrupt = Files.createDirectories(dir.resolve("corrupt"));
        Files.writeString(
                corrupt.resolve(ModelDirectory.MODEL_JSON), "{\"id\": \"x\", \"config\": ");
        assertThatThrownBy(() -> new ModelDirectory(corrupt).readManifest())
                .hasMessageContaining("damaged model.json");

        Path missing = Files.createDirectories(dir.resolve("missing"));
        Files.writeString(
                missing.resolve(ModelDirectory.MODEL_JSON),
                JSON.writeValueAsString(
                        new ModelManifest(
                                "missing",
                                "en",
                                "de",
                                dev.tolk.model.TransformerConfig.tiny(300),
                                "tokenizer.json",
                                "parameters.params",
                                java.util.Map.of(),
                                null,
                                null,
                                null,
                                "now",
                                null)));
        assertThatThrownBy(() -> new ModelDirectory(missing).readManifest())
                .hasMessageContaining("names tokenizer.json but the file is missing");
    }
}
