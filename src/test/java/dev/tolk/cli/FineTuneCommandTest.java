package dev.tolk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ModelManifest;
import dev.tolk.testing.TinyModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * {@code train --base-model DIR}: a tiny model trained here on the toy task, fine-tuned on a slice
 * of it with a share of its own corpus mixed in; settings the base cannot take are refused before
 * anything is trained.
 */
@Tag("slow") // trains models
class FineTuneCommandTest {

    @TempDir static Path dir;

    private static Path base;
    private static Path slice;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeAll
    static void trainBase() throws Exception {
        Path corpus = Files.writeString(dir.resolve("all.tsv"), TinyModels.corpus(300, 1));
        slice = Files.writeString(dir.resolve("slice.tsv"), TinyModels.slice(200, 5, 5));
        base = dir.resolve("base");
        FineTuneCommandTest first = new FineTuneCommandTest();
        int code =
                first.run(
                        "train",
                        "--source-lang",
                        "en",
                        "--target-lang",
                        "de",
                        "--train-source",
                        corpus.toString(),
                        "--preset",
                        "tiny",
                        "--vocab-size",
                        "300",
                        "--dropout",
                        "0",
                        "--max-steps",
                        "60",
                        "--eval-every",
                        "60",
                        "--batch-tokens",
                        "512",
                        "--lr",
                        "3e-3",
                        "--warmup",
                        "20",
                        "--average-last",
                        "0",
                        "--final-beam",
                        "1",
                        "--out",
                        base.toString());
        assertThat(code).as(first.err.toString()).isZero();
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine commandLine = TolkMain.commandLine(new TolkCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void fineTunesWithAShareOfTheBasesCorpusAndSaysHowItComparesWithTheBase() throws Exception {
        Path tuned = dir.resolve("tuned");
        int code =
                run(
                        "train",
                        "--base-model",
                        base.toString(),
                        "--train-source",
                        slice.toString(),
                        "--mix-base-share",
                        "0.5",
                        "--max-steps",
                        "10",
                        "--eval-every",
                        "5",
                        "--final-beam",
                        "1",
                        "--out",
                        tuned.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .containsPattern(
                        "versus base model base: held-out BLEU [0-9.]+ → [0-9.]+ \\(\\d+"
                                + " sentences\\); the base's held-out set BLEU [0-9.]+ → [0-9.]+");
        ModelManifest manifest = new ModelDirectory(tuned).readManifest();
        assertThat(manifest.sourceLang()).isEqualTo("en");
        assertThat(manifest.lineage().get("baseModel").asString()).isEqualTo("base");
        // Half the training pairs from the base's corpus: as many as the slice gave.
        JsonNode mixed = manifest.corpus().get("mixedFromBase");
        long slicePairs = manifest.corpus().get("corpus").get("pairsKept").asLong();
        long sliceHeldOut = manifest.corpus().get("heldOut").get("pairs").asLong();
        assertThat(mixed.get("pairs").asLong()).isEqualTo(slicePairs - sliceHeldOut);
        assertThat(manifest.corpus().get("trainingPairs").asLong())
                .isEqualTo(2 * (slicePairs - sliceHeldOut));
        assertThat(manifest.lineage().get("datasets").get(1).get("trainSource").asString())
                .endsWith("all.tsv");
        assertThat(manifest.recipe().get("mixBaseShare").asDouble()).isEqualTo(0.5);
    }

    @Test
    void aVocabularyOrLanguagesOtherThanTheBasesAreRefusedBeforeTraining() {
        Path refused = dir.resolve("refused");
        assertThat(
                        run(
                                "train",
                                "--base-model",
                                base.toString(),
                                "--train-source",
                                slice.toString(),
                                "--vocab-size",
                                "999",
                                "--out",
                                refused.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("vocabSize (999) cannot change when fine-tuning");

        assertThat(
                        run(
                                "train",
                                "--base-model",
                                base.toString(),
                                "--source-lang",
                                "fr",
                                "--train-source",
                                slice.toString(),
                                "--out",
                                refused.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("baseModel base translates en→de but the run is fr→de");

        assertThat(
                        run(
                                "train",
                                "--base-model",
                                dir.resolve("nowhere").toString(),
                                "--train-source",
                                slice.toString(),
                                "--out",
                                refused.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("baseModel nowhere is not a finished model");
        assertThat(refused).doesNotExist();
    }
}
