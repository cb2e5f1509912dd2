package dev.tolk.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tolk.modelstore.ModelStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job records across restarts, on a training instance and on a translation-only replica. */
class JobServiceTest {

    @TempDir Path root;

    private JobService service(boolean trains) {
        var properties = dev.tolk.testing.TestProperties.under(root, "tolk.jobs.enabled=" + trains);
        return new JobService(
                properties,
                new ModelStore(properties.modelsDir()),
                new DatasetStore(properties.dataDir()),
                new SimpleMeterRegistry());
    }

    private Path record(String state) throws Exception {
        Path file = root.resolve("models").resolve(".jobs").resolve("en-de-1.json");
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                "{\"id\": \"en-de-1\", \"state\": \""
                        + state
                        + "\", \"settings\": {\"sourceLang\": \"en\"}, \"createdAt\":"
                        + " \"2026-11-21T00:00:00Z\"}");
        return file;
    }

    @Test
    void aJobThatWasRunningIsInterruptedAfterARestart() throws Exception {
        Path file = record("RUNNING");
        JobService jobs = service(true);
        try {
            assertThat(jobs.get("en-de-1").state).isEqualTo(JobState.INTERRUPTED);
            assertThat(jobs.get("en-de-1").interruptedBy).isEqualTo("crash");
            assertThat(Files.readString(file)).contains("\"INTERRUPTED\"");
        } finally {
            jobs.destroy();
        }
    }

    @Test
    void aReplicaThatDoesNotTrainShowsTheTrainersJobsAndChangesNothing() throws Exception {
        Path file = record("RUNNING");
        String before = Files.readString(file);
        JobService jobs = service(false);
        try {
            assertThat(jobs.list()).hasSize(1);
            assertThat(jobs.get("en-de-1").state).isEqualTo(JobState.RUNNING);
            assertThat(Files.readString(file)).isEqualTo(before);
            assertThatThrownBy(
                            () ->
                                    jobs.submit(
                                            new TrainRequest(
                                                    null, null, Map.of("sourceLang", "en"))))
                    .isInstanceOf(JobStateException.class)
                    .hasMessageContaining("tolk.jobs.enabled=false");
            assertThatThrownBy(() -> jobs.cancel("en-de-1")).isInstanceOf(JobStateException.class);
            // the trainer's record changes on disk: the replica shows the change
            record("SUCCEEDED");
            assertThat(jobs.get("en-de-1").state).isEqualTo(JobState.SUCCEEDED);
        } finally {
            jobs.destroy();
        }
    }

    @Test
    void aFailedJobWithAnIntactCheckpointIsResumed() throws Exception {
        record("FAILED");
        Path checkpoints = root.resolve("models/en-de-1/checkpoints");
        Files.createDirectories(checkpoints.resolve("step-000000020"));
        Files.write(checkpoints.resolve("step-000000020/parameters.params"), new byte[] {1});
        Files.writeString(checkpoints.resolve("latest"), "step-000000020");
        JobService jobs = service(true);
        try {
            assertThat(jobs.get("en-de-1").state).isEqualTo(JobState.FAILED);
            Job resumed = jobs.resume("en-de-1");
            assertThat(resumed.state).isIn(JobState.QUEUED, JobState.RUNNING, JobState.FAILED);
            // It ran again: its settings (no corpus) fail it anew, with a new error.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (jobs.get("en-de-1").error == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Job again = jobs.get("en-de-1");
            assertThat(again.state).isEqualTo(JobState.FAILED);
            assertThat(again.error).contains("invalid training settings");
        } finally {
            jobs.destroy();
        }
    }

    @Test
    void aFailedJobWithoutACheckpointIsRefusedSayingWhy() throws Exception {
        record("FAILED");
        JobService jobs = service(true);
        try {
            assertThatThrownBy(() -> jobs.resume("en-de-1"))
                    .isInstanceOfSatisfying(
                            JobStateException.class,
                            e -> assertThat(e.type()).isEqualTo("job-not-resumable"))
                    .hasMessageContaining("FAILED")
                    .hasMessageContaining("no checkpoint");
            // A pointer naming a checkpoint that is gone: damaged, said so.
            Path checkpoints = root.resolve("models/en-de-1/checkpoints");
            Files.createDirectories(checkpoints);
            Files.writeString(checkpoints.resolve("latest"), "step-000000020");
            assertThatThrownBy(() -> jobs.resume("en-de-1"))
                    .isInstanceOf(JobStateException.class)
                    .hasMessageContaining("damaged")
                    .hasMessageContaining("step-000000020");
            assertThat(jobs.get("en-de-1").state).isEqualTo(JobState.FAILED);
        } finally {
            jobs.destroy();
        }
    }

    @Test
    void aDamagedJobRecordIsListedAsDamagedAndStopsNothing() throws Exception {
        record("SUCCEEDED");
        Path jobs = root.resolve("models/.jobs");
        Files.writeString(jobs.resolve("en-de-2.json"), "{\"id\": \"en-de-2\", \"sta");
        Files.writeString(jobs.resolve("en-de-3.json"), "[]");
        JobService service = service(true);
        try {
            assertThat(service.list())
                    .extracting(j -> j.id + " " + j.state)
                    .containsExactlyInAnyOrder(
                            "en-de-1 SUCCEEDED", "en-de-2 DAMAGED", "en-de-3 DAMAGED");
            Job damaged = service.get("en-de-2");
            assertThat(damaged.error)
                    .contains(".jobs/en-de-2.json is damaged")
                    .contains("fix or delete")
                    .doesNotContain(root.toString());
            assertThatThrownBy(() -> service.resume("en-de-2"))
                    .isInstanceOf(JobStateException.class);
            assertThatThrownBy(() -> service.cancel("en-de-3"))
                    .isInstanceOf(JobStateException.class);
            assertThat(jobs.resolve("en-de-2.json")).hasContent("{\"id\": \"en-de-2\", \"sta");
        } finally {
            service.destroy();
        }
    }

    @Test
    void aSecondServiceOnTheSameModelsDirectoryRunsNoJobsAndSaysSo() throws Exception {
        Path file = record("RUNNING");
        JobService owner = service(true);
        JobService second = service(true);
        try {
            assertThat(owner.queueStatus().runsJobs()).isTrue();
            assertThat(second.queueStatus().runsJobs()).isFalse();
            assertThat(second.queueStatus().reason())
                    .contains("pid " + ProcessHandle.current().pid());
            assertThat(second.list()).hasSize(1);
            assertThatThrownBy(
                            () ->
                                    second.submit(
                                            new TrainRequest(
                                                    null, null, Map.of("sourceLang", "en"))))
                    .isInstanceOfSatisfying(
                            JobStateException.class,
                            e -> assertThat(e.type()).isEqualTo("training-disabled"))
                    .hasMessageContaining("another process")
                    .hasMessageContaining("job queue")
                    .hasMessageNotContaining(root.toString());
            assertThatThrownBy(() -> second.resume("en-de-1"))
                    .isInstanceOf(JobStateException.class);
        } finally {
            second.destroy();
            owner.destroy();
        }
        // Once the owner is gone the next service takes the queue.
        JobService next = service(true);
        try {
            assertThat(next.queueStatus().runsJobs()).isTrue();
            assertThat(file).content().contains("INTERRUPTED");
        } finally {
            next.destroy();
        }
    }

    @Test
    void anotherProcessHoldingTheQueueKeepsThisOneFromRunningJobsUntilItDies() throws Exception {
        Path jobs = root.resolve("models/.jobs");
        Files.createDirectories(jobs);
        Process holder =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                QueueLockHolder.class.getName(),
                                jobs.toString())
                        .redirectErrorStream(true)
                        .start();
        try {
            var out =
                    new java.io.BufferedReader(
                            new java.io.InputStreamReader(
                                    holder.getInputStream(),
                                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            Path file = record("RUNNING");
            JobService second = service(true);
            try {
                assertThat(second.queueStatus().runsJobs()).isFalse();
                assertThat(second.queueStatus().reason()).contains("pid " + holder.pid());
                assertThat(second.list())
                        .extracting(j -> j.state)
                        .containsExactly(JobState.RUNNING);
                assertThat(file).content().contains("\"RUNNING\"");
            } finally {
                second.destroy();
            }
            holder.destroyForcibly().waitFor(); // SIGKILL: the OS frees the lock
            JobService next = service(true);
            try {
                assertThat(next.queueStatus().runsJobs()).isTrue();
                assertThat(next.get("en-de-1").state).isEqualTo(JobState.INTERRUPTED);
            } finally {
                next.destroy();
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aJobInterruptedByAShutdownIsQueuedAgainAtStartOneThatCrashedWaits() throws Exception {
        Path file = record("INTERRUPTED");
        Files.writeString(
                file,
                Files.readString(file)
                        .replace("\"settings\"", "\"interruptedBy\": \"shutdown\", \"settings\""));
        Path crashed = file.resolveSibling("en-de-2.json");
        Files.writeString(
                crashed,
                Files.readString(file)
                        .replace("en-de-1", "en-de-2")
                        .replace("\"shutdown\"", "\"crash\""));
        JobService jobs = service(true);
        try {
            // en-de-1 ran again by itself (and failed on its settings); en-de-2 waits for a resume
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (jobs.get("en-de-1").state != JobState.FAILED && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(jobs.get("en-de-1").state).isEqualTo(JobState.FAILED);
            assertThat(jobs.get("en-de-1").interruptedBy).isNull();
            assertThat(jobs.get("en-de-2").state).isEqualTo(JobState.INTERRUPTED);
            assertThat(jobs.get("en-de-2").interruptedBy).isEqualTo("crash");
        } finally {
            jobs.destroy();
        }
    }

    @Test
    void theShutdownWaitStaysBelowComposesGracePeriod() {
        // compose: stop_grace_period 120 s; the wait counts from the shutdown signal.
        assertThat(JobService.SHUTDOWN_WAIT).isLessThan(java.time.Duration.ofSeconds(120));
    }
}
