package dev.tolk.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tolk.model.TransformerConfig;
import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ModelManifest;
import dev.tolk.runtime.DeviceChoice;
import dev.tolk.testing.TinyModels;
import dev.tolk.testing.TrainingSettingsBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fine-tuning runs of a tiny model: a base trained on the toy task ({@code wN} → {@code z(19-N)})
 * over all twenty words, continued on a slice of it (sentences of the words {@code w0}–{@code w4}
 * only), beside a run from scratch on the slice.
 */
@Tag("slow") // trains models
class FineTuneRunTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir static Path dir;

    private static Path base;
    private static Path slice;

    @BeforeAll
    static void trainBase() throws IOException {
        Path corpus = Files.writeString(dir.resolve("all.tsv"), TinyModels.corpus(300, 1));
        slice = Files.writeString(dir.resolve("slice.tsv"), TinyModels.slice(200, 5, 5));
        base = dir.resolve("en-de-base");
        new TrainingRun(
                        recipe(corpus).maxSteps(150).evalEverySteps(150).build(),
                        base,
                        DeviceChoice.CPU,
                        new Quiet())
                .run(false);
    }

    /** The tiny recipe of the tests, from scratch. */
    private static TrainingSettingsBuilder recipe(Path corpus) {
        return TrainingSettingsBuilder.settings(corpus.toString())
                .preset("tiny")
                .vocabSize(300)
                .dropout(0f)
                .maxEpochs(500)
                .batchTokens(512)
                .learningRate(3e-3f)
                .warmupSteps(20)
                .clipNorm(1f)
                .patience(100)
                .averageLast(0)
                .logEverySteps(5)
                .seed(3L)
                .finalBeamSize(1);
    }

    private static List<JsonNode> evaluations(Path model) throws IOException {
        return new ModelDirectory(model).readMetricsLines().stream().map(JSON::readTree).toList();
    }

    @Test
    void aFineTunedModelStartsFromItsBaseAndRecordsItsLineage() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("baseModel", base.toString());
        fields.put("trainSource", slice.toString());
        fields.put("maxSteps", 20);
        fields.put("evalEverySteps", 10);
        fields.put("finalBeamSize", 1);
        TrainingSettings settings = SettingsFields.toSettings(fields);
        Path tuned = dir.resolve("en-de-tuned");
        ModelManifest manifest =
                new TrainingRun(settings, tuned, DeviceChoice.CPU, new Quiet())
                        .withDataset("slice-upload")
                        .run(false)
                        .manifest();
        Path scratch = dir.resolve("en-de-scratch");
        new TrainingRun(
                        recipe(slice).maxSteps(5).evalEverySteps(5).build(),
                        scratch,
                        DeviceChoice.CPU,
                        new Quiet())
                .run(false);

        // It starts where the base stands: evaluated before its first update, its held-out loss
        // there far below that of a model trained from scratch for five updates.
        List<JsonNode> tunedCurve = evaluations(tuned);
        assertThat(tunedCurve.get(0).get("step").asInt()).isZero();
        double startLoss = tunedCurve.get(0).get("heldOutLoss").asDouble();
        double scratchLoss = evaluations(scratch).get(0).get("heldOutLoss").asDouble();
        assertThat(startLoss).isLessThan(scratchLoss / 2);
        // The base's vocabulary and architecture.
        assertThat(Files.readAllBytes(tuned.resolve(ModelDirectory.TOKENIZER)))
                .isEqualTo(Files.readAllBytes(base.resolve(ModelDirectory.TOKENIZER)));
        TransformerConfig baseConfig = new ModelDirectory(base).readManifest().config();
        assertThat(manifest.config().structuralDifferences(baseConfig)).isEmpty();
        // The fine-tuning recipe: a quarter of the base's rate, a tenth of its warm-up.
        assertThat(manifest.recipe().get("learningRate").asDouble())
                .isCloseTo(3e-3 / 4, within(1e-7));
        assertThat(manifest.recipe().get("warmupSteps").asInt()).isEqualTo(2);
        // The lineage: which model, which parameters, which corpus.
        JsonNode lineage = manifest.lineage();
        assertThat(lineage.get("recipe").asString()).isEqualTo("fine-tuning");
        assertThat(lineage.get("baseModel").asString()).isEqualTo("en-de-base");
        assertThat(lineage.get("baseParametersSha256").asString())
                .isEqualTo(sha256(base.resolve(ModelDirectory.PARAMETERS)));
        assertThat(lineage.get("baseLineage").get("recipe").asString()).isEqualTo("from scratch");
        JsonNode corpus = lineage.get("datasets").get(0);
        assertThat(corpus.get("dataset").asString()).isEqualTo("slice-upload");
        assertThat(corpus.get("trainSource").asString()).isEqualTo(slice.toString());
        // Scored beside the base on the new held-out set and on the base's own.
        JsonNode versus = manifest.metrics().get("versusBase");
        HeldOutComparison comparison = new HeldOutComparison(settings, DeviceChoice.CPU);
        assertThat(comparison.score(base).cased().bleu().rounded())
                .isEqualTo(versus.get("heldOut").get("bleuBefore").asDouble());
        assertThat(versus.get("baseModel").asString()).isEqualTo("en-de-base");
        assertThat(versus.get("heldOut").get("bleuAfter").asDouble())
                .isEqualTo(manifest.metrics().get("heldOut").get("bleu").asDouble());
        assertThat(versus.get("heldOut").get("bleuBefore").asDouble()).isBetween(0.0, 100.0);
        JsonNode baseHeldOut = versus.get("baseHeldOut");
        assertThat(baseHeldOut.get("sentences").asInt())
                .isEqualTo(
                        new ModelDirectory(base)
                                .readManifest()
                                .corpus()
                                .get("heldOut")
                                .get("pairs")
                                .asInt());
        assertThat(baseHeldOut.get("bleuBefore").asDouble())
                .isEqualTo(
                        new ModelDirectory(base)
                                .readManifest()
                                .metrics()
                                .get("heldOut")
                                .get("bleu")
                                .asDouble());
    }

    @Test
    void aMixedInSampleOfTheBasesCorpusHoldsNoneOfItsHeldOutPairs() throws Exception {
        TrainingSettings recipe = BaseModel.read(base.toString()).recipe().orElseThrow();
        DataPreparation preparation = new DataPreparation(recipe, null, new Quiet());

        var heldOut = preparation.heldOutPairs();
        var everything = preparation.sampleTraining(1_000_000, 7);
        var sample = preparation.sampleTraining(50, 7);

        assertThat(heldOut).isNotEmpty();
        assertThat(everything).doesNotContainAnyElementsOf(heldOut);
        assertThat(everything.size() + heldOut.size()).isEqualTo(300);
        assertThat(sample).hasSize(50).isSubsetOf(everything);
        assertThat(preparation.sampleTraining(50, 7)).isEqualTo(sample);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static final class Quiet implements ProgressListener {
        @Override
        public void onProgress(Progress progress) {}

        @Override
        public void onEvaluation(EvaluationRecord evaluation) {}
    }
}
