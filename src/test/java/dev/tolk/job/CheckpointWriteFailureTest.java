package dev.tolk.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.io.AtomicFiles;
import dev.tolk.modelstore.ModelStore;
import dev.tolk.testing.TinyModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint write that fails as a full disk would: the job FAILS saying why, the previous
 * checkpoint stays whole and the latest, and the job resumes from it to the end.
 */
@Tag("slow") // trains a tiny model twice, in this JVM
class CheckpointWriteFailureTest {

    @TempDir Path root;

    private JobService service() {
        var properties = dev.tolk.testing.TestProperties.under(root);
        return new JobService(
                properties,
                new ModelStore(properties.modelsDir()),
                new DatasetStore(properties.dataDir()),
                new SimpleMeterRegistry());
    }

    private static Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("sourceLang", "en");
        s.put("targetLang", "de");
        s.put("trainSource", "toy.tsv");
        s.put("preset", "tiny");
        s.put("vocabSize", 300);
        s.put("dropout", 0.0);
        s.put("maxEpochs", 500);
        s.put("maxSteps", 30);
        s.put("batchTokens", 256);
        s.put("learningRate", 3e-3);
        s.put("warmupSteps", 10);
        s.put("evalEverySteps", 10);
        s.put("logEverySteps", 5);
        s.put("averageLast", 0);
        s.put("patience", 100);
        s.put("finalBeamSize", 1);
        return s;
    }

    private static Job waitFor(JobService jobs, String id, Predicate<Job> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        Job job = jobs.get(id);
        while (!done.test(job)) {
            assertThat(System.nanoTime()).as("job %s still %s", id, job.state).isLessThan(deadline);
            Thread.sleep(50);
            job = jobs.get(id);
        }
        return job;
    }

    @Test
    void aFullDiskAtACheckpointLeavesThePreviousOneAndTheJobResumable() throws Exception {
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/toy.tsv"), TinyModels.corpus(300, 1));
        JobService jobs = service();
        try {
            String id;
            // The third checkpoint's optimizer state meets a full disk.
            try (AutoCloseable fault =
                    AtomicFiles.injectFault(
                            target -> {
                                if (target.toString().contains("step-000000030")
                                        && target.getFileName()
                                                .toString()
                                                .equals("optimizer.bin")) {
                                    throw new IOException("No space left on device");
                                }
                            })) {
                id = jobs.submit(new TrainRequest(null, null, settings())).id;
                waitFor(jobs, id, j -> j.state.finished());
            }
            Job failed = jobs.get(id);
            assertThat(failed.state).isEqualTo(JobState.FAILED);
            assertThat(failed.error).contains("No space left on device");

            Path checkpoints = root.resolve("models").resolve(id).resolve("checkpoints");
            assertThat(checkpoints.resolve("latest"))
                    .content(StandardCharsets.UTF_8)
                    .isEqualTo("step-000000020");
            for (String file : List.of("parameters.params", "optimizer.bin", "state.json")) {
                assertThat(checkpoints.resolve("step-000000020").resolve(file)).isNotEmptyFile();
            }
            assertThat(root.resolve("models").resolve(id).resolve("model.json")).doesNotExist();
            try (Stream<Path> files = Files.walk(root.resolve("models").resolve(id))) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .noneMatch(name -> name.endsWith(".tmp"));
            }

            jobs.resume(id);
            Job done = waitFor(jobs, id, j -> j.state.finished());
            assertThat(done.state).as(done.error).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.progress.step()).isEqualTo(30);
            assertThat(checkpoints.resolve("latest"))
                    .content(StandardCharsets.UTF_8)
                    .isEqualTo("step-000000030");
        } finally {
            jobs.destroy();
        }
    }
}
