package dev.tolk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.testing.TinyModels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code train} in a child JVM killed with SIGKILL at ten moments (before the first checkpoint,
 * between checkpoints, while a checkpoint is written, during the final scoring): the model
 * directory is never a half-written model, the latest checkpoint is whole, and {@code train
 * --resume} (or a fresh start when no checkpoint was committed) ends with the same final parameters
 * and losses, bit for bit, as an uninterrupted run: training on CPU is bit-reproducible (no dropout
 * here: its mask generator's state is not part of a checkpoint).
 */
@Tag("slow") // short training runs in child JVMs
class TrainKillTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern STEP = Pattern.compile("\\bstep (\\d+) epoch");

    @TempDir static Path dir;

    private static Path corpus;
    private static Path reference;

    @BeforeAll
    static void trainUninterrupted() throws Exception {
        corpus = Files.writeString(dir.resolve("toy.tsv"), TinyModels.corpus(300, 1));
        reference = dir.resolve("reference");
        assertThat(run(reference, false, line -> false)).isZero();
    }

    private static List<String> command(Path out, boolean resume) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Dai.djl.offline=true",
                                "-Dai.djl.pytorch.num_threads=1",
                                "-cp",
                                System.getProperty("java.class.path"),
                                TolkMain.class.getName(),
                                "train",
                                "--source-lang=en",
                                "--target-lang=de",
                                "--train-source=" + corpus,
                                "--preset=tiny",
                                "--vocab-size=300",
                                "--dropout=0",
                                "--max-epochs=500",
                                "--max-steps=30",
                                "--batch-tokens=256",
                                "--lr=0.003",
                                "--warmup=10",
                                "--eval-every=10",
                                "--log-every=1",
                                "--average-last=0",
                                "--patience=100",
                                "--final-beam=1",
                                "--seed=3",
                                "--out=" + out));
        if (resume) {
            args.add("--resume");
        }
        return args;
    }

    /**
     * Runs {@code train} into {@code out}; kills it (SIGKILL) when a stderr line makes {@code
     * killWhen} true. Answers the exit code, -1 when killed.
     */
    private static int run(Path out, boolean resume, Predicate<String> killWhen) throws Exception {
        return run(out, resume, killWhen, null);
    }

    private static int run(Path out, boolean resume, Predicate<String> killWhen, Path killOnPath)
            throws Exception {
        Process process =
                new ProcessBuilder(command(out, resume))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        AtomicBoolean killed = new AtomicBoolean();
        Thread watcher = null;
        if (killOnPath != null) {
            watcher =
                    new Thread(
                            () -> {
                                while (process.isAlive() && !Files.exists(killOnPath)) {
                                    Thread.onSpinWait();
                                }
                                if (process.isAlive()) {
                                    killed.set(true);
                                    process.destroyForcibly();
                                }
                            });
            watcher.start();
        }
        StringBuilder log = new StringBuilder();
        try (BufferedReader err =
                new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                log.append(line).append('\n');
                if (!killed.get() && killWhen.test(line)) {
                    killed.set(true);
                    process.destroyForcibly();
                }
            }
        } catch (IOException e) {
            if (!killed.get()) {
                throw e;
            } // destroyForcibly closes the stream under the reader
        }
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        if (watcher != null) {
            watcher.join();
        }
        if (killed.get()) {
            return -1;
        }
        assertThat(process.exitValue()).as(log.toString()).isZero();
        return 0;
    }

    private static Predicate<String> afterSteps(int n) {
        return line -> {
            Matcher m = STEP.matcher(line);
            return m.find() && Integer.parseInt(m.group(1)) >= n;
        };
    }

    /** Kills at a moment, checks what is left, finishes the run and compares it with the whole. */
    private static void killAndResume(String name, Predicate<String> killWhen, String killOnFile)
            throws Exception {
        Path out = dir.resolve(name);
        int code = run(out, false, killWhen, killOnFile == null ? null : out.resolve(killOnFile));
        assertThat(code).as("%s: killed", name).isEqualTo(-1);
        checkLeftovers(out);
        boolean checkpointed = Files.isRegularFile(out.resolve("checkpoints/latest"));
        if (!checkpointed) {
            // Nothing committed: a fresh start must accept the directory the dead run left.
            assertThat(out.resolve("model.json")).doesNotExist();
        }
        assertThat(run(out, checkpointed, line -> false)).as(name).isZero();
        assertSameAsUninterrupted(name, out);
    }

    /** Either a complete model or none; the latest checkpoint, if any, whole. */
    private static void checkLeftovers(Path out) throws IOException {
        ModelDirectory model = new ModelDirectory(out);
        if (model.isComplete()) {
            model.readManifest(); // names files that are all there
        }
        Path latest = out.resolve("checkpoints/latest");
        if (Files.isRegularFile(latest)) {
            Path checkpoint = out.resolve("checkpoints").resolve(Files.readString(latest).strip());
            for (String file : List.of("parameters.params", "optimizer.bin", "state.json")) {
                assertThat(checkpoint.resolve(file)).isNotEmptyFile();
            }
        }
    }

    private static void assertSameAsUninterrupted(String name, Path out) throws IOException {
        assertThat(Files.readAllBytes(out.resolve(ModelDirectory.PARAMETERS)))
                .as("%s: final parameters", name)
                .isEqualTo(Files.readAllBytes(reference.resolve(ModelDirectory.PARAMETERS)));
        List<JsonNode> got = evaluations(out);
        List<JsonNode> want = evaluations(reference);
        assertThat(got).hasSameSizeAs(want);
        for (int i = 0; i < want.size(); i++) {
            for (String field : List.of("step", "trainLoss", "heldOutLoss", "bleu")) {
                assertThat(got.get(i).get(field).asDouble())
                        .as("%s: evaluation %d %s", name, i, field)
                        .isEqualTo(want.get(i).get(field).asDouble());
            }
        }
        JsonNode metrics = JSON.readTree(out.resolve("model.json").toFile()).get("metrics");
        JsonNode expected = JSON.readTree(reference.resolve("model.json").toFile()).get("metrics");
        assertThat(metrics.get("heldOut")).isEqualTo(expected.get("heldOut"));
        assertThat(metrics.get("steps")).isEqualTo(expected.get("steps"));
    }

    private static List<JsonNode> evaluations(Path out) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(ModelDirectory.METRICS))) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void killedBeforeTheFirstCheckpointItStartsAgain() throws Exception {
        killAndResume("before-first-checkpoint", afterSteps(5), null);
    }

    @Test
    void killedBetweenCheckpointsItResumesFromTheLast() throws Exception {
        killAndResume("between-checkpoints", afterSteps(15), null);
    }

    @Test
    void killedWhileACheckpointIsWrittenTheOneBeforeServes() throws Exception {
        killAndResume("during-checkpoint-write", line -> false, "checkpoints/step-000000020");
    }

    @Test
    void killedDuringTheFinalScoringItEndsTheSame() throws Exception {
        killAndResume("during-final-scoring", line -> line.startsWith("stopped:"), null);
    }

    @Test
    void killedAsItStartsNothingIsLeftThatStopsAFreshStart() throws Exception {
        AtomicInteger lines = new AtomicInteger();
        killAndResume("at-start", line -> lines.incrementAndGet() >= 1, null);
    }

    @Test
    void killedRightAfterTheVocabularyItStartsAgain() throws Exception {
        killAndResume("after-vocabulary", line -> line.startsWith("vocabulary"), null);
    }

    @Test
    void killedWhileTheFirstCheckpointIsWrittenItStartsAgain() throws Exception {
        killAndResume("during-first-checkpoint-write", line -> false, "checkpoints/step-000000010");
    }

    @Test
    void killedAtAnEvaluationItResumesFromTheCheckpointBefore() throws Exception {
        killAndResume("at-evaluation", line -> line.contains("evaluation at step 20"), null);
    }

    @Test
    void killedJustBeforeTheLastStepItResumesFromTheLastCheckpoint() throws Exception {
        killAndResume("before-last-step", afterSteps(28), null);
    }

    @Test
    void killedWhileTheModelIsWrittenItEndsTheSame() throws Exception {
        killAndResume("during-model-write", line -> false, "parameters.params");
    }
}
