package dev.tolk.job;

import static dev.tolk.testing.Http.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.TolkApplication;
import dev.tolk.testing.Http;
import dev.tolk.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Training over HTTP end to end, with restarts of the service: upload a corpus, train a tiny model,
 * translate with it, find job and model again after a restart; a job interrupted by a shutdown
 * mid-training resumes and finishes, and so does a cancelled one.
 */
@Tag("slow") // trains a model
class TrainingJobsTest {

    @TempDir Path root;

    private ConfigurableApplicationContext context;
    private Http http;

    private void start() {
        // As arguments: SpringApplicationBuilder.properties are defaults, below
        // application.properties' server.port.
        context =
                new SpringApplicationBuilder(TolkApplication.class)
                        .run(
                                "--server.port=0",
                                "--tolk.models-dir=" + root.resolve("models"),
                                "--tolk.data-dir=" + root.resolve("data"),
                                "--tolk.device=cpu");
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
        http = new Http(port);
    }

    private void stop() {
        context.close();
        context = null;
    }

    @AfterEach
    void close() {
        if (context != null) {
            context.close();
        }
    }

    private String upload() {
        Http.Response response =
                http.postMultipart(
                        "/datasets",
                        Map.of("file", new String[] {"toy.tsv", TinyModels.corpus(300, 1)}),
                        Map.of("sourceLang", "en", "targetLang", "de"));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private Map<String, Object> tinyJob(String dataset, int steps) {
        return object(
                "dataset", dataset,
                "preset", "tiny",
                "vocabSize", 300,
                "maxSteps", steps,
                "batchTokens", 256,
                "learningRate", 3e-3,
                "warmupSteps", 10,
                "evalEverySteps", 20,
                "logEverySteps", 5,
                "averageLast", 0,
                "patience", 100,
                "finalBeamSize", 1);
    }

    private JsonNode waitFor(String id, Predicate<JsonNode> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonNode job = http.get("/train/" + id).json();
        while (!condition.test(job)) {
            assertThat(Instant.now()).as("job %s: %s", id, job).isBefore(deadline);
            assertThat(job.get("state").asString()).as(job.toString()).isNotEqualTo("FAILED");
            Thread.sleep(100);
            job = http.get("/train/" + id).json();
        }
        return job;
    }

    private static Predicate<JsonNode> state(String state) {
        return job -> job.get("state").asString().equals(state);
    }

    @Test
    void trainsTranslatesAndSurvivesARestart() throws Exception {
        start();
        String dataset = upload();
        Http.Response accepted = http.postJson("/train", tinyJob(dataset, 60));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        assertThat(accepted.raw().headers().firstValue("Location")).hasValue("/train/" + id);

        JsonNode job = waitFor(id, state("SUCCEEDED"));
        assertThat(job.get("model").asString()).isEqualTo(id);
        assertThat(job.get("progress").get("step").asInt()).isEqualTo(60);
        assertThat(job.get("lossHistory").size()).isGreaterThanOrEqualTo(10);
        assertThat(job.get("evaluations")).hasSize(3);
        assertThat(job.get("evaluations").get(0).get("bleuSignature").asString()).contains("13a");
        assertThat(job.get("corpus").get("corpus").get("pairsKept").asLong()).isPositive();
        assertThat(job.get("best").get("bleu").isNumber()).isTrue();
        assertThat(job.get("defaultDecision").asString()).contains("no default");
        // What the web page draws: the learning rate of every loss point, the worst held-out
        // sentences of the last evaluation, the model's held-out curve.
        assertThat(job.get("lossHistory").get(0).get("learningRate").asDouble()).isPositive();
        JsonNode worst = job.get("worstHeldOut");
        assertThat(worst.get("step").asInt()).isEqualTo(60);
        assertThat(worst.get("sentences").size()).isBetween(1, 10);
        JsonNode sentence = worst.get("sentences").get(0);
        assertThat(sentence.get("source").asString()).startsWith("w");
        assertThat(sentence.get("reference").asString()).startsWith("z");
        assertThat(sentence.has("hypothesis")).isTrue();
        assertThat(sentence.get("chrf").asDouble()).isBetween(0.0, 100.0);
        JsonNode evaluations = http.get("/models/" + id).json().get("evaluations");
        assertThat(evaluations).hasSize(3);
        assertThat(evaluations.get(2).get("step").asInt()).isEqualTo(60);
        assertThat(evaluations.get(2).get("bleu").isNumber()).isTrue();
        assertThat(http.get("/train").json()).hasSize(1);

        JsonNode translated =
                http.postJson(
                                "/translate",
                                object(
                                        "texts",
                                        List.of("w1 w2", "w3"),
                                        "source",
                                        "en",
                                        "target",
                                        "de",
                                        "attention",
                                        true))
                        .json();
        assertThat(translated.get("model").asString()).isEqualTo(id);
        assertThat(translated.get("translations")).hasSize(2);
        JsonNode libre =
                http.postJson("/translate", object("q", "w4 w5", "source", "en", "target", "de"))
                        .json();
        assertThat(libre.get("translatedText").asString()).isNotBlank();
        assertThat(http.get("/models").json()).hasSize(1);

        stop();
        start();
        JsonNode again = http.get("/train/" + id).json();
        assertThat(again.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(again.get("evaluations")).hasSize(3);
        JsonNode models = http.get("/models").json();
        assertThat(models).hasSize(1);
        assertThat(models.get(0).get("id").asString()).isEqualTo(id);
        assertThat(models.get(0).get("default").asBoolean()).isTrue();
        assertThat(http.get("/datasets").json()).hasSize(1);
        assertThat(http.postJson("/translate", object("text", "w1 w2")).json().get("translations"))
                .hasSize(1);

        assertThat(http.delete("/models/" + id).status()).isEqualTo(204);
        assertThat(http.get("/models").json()).isEmpty();
        Http.Response none = http.postJson("/translate", object("text", "w1"));
        assertThat(none.status()).isEqualTo(409);
        assertThat(none.json().get("detail").asString()).contains("POST /train");
        Http.Response notResumable = http.postEmpty("/train/" + id + "/resume");
        assertThat(notResumable.status()).isEqualTo(409);
        assertThat(notResumable.json().get("type").asString())
                .isEqualTo("/problems/job-not-resumable");
    }

    @Test
    void aJobInterruptedByAShutdownOrCancelledResumesAndFinishes() throws Exception {
        start();
        String dataset = upload();
        String id = http.postJson("/train", tinyJob(dataset, 300)).json().get("id").asString();
        waitFor(id, job -> job.path("progress").path("step").asInt() >= 30);

        stop(); // graceful: the running job checkpoints and is INTERRUPTED by the shutdown
        JsonNode interrupted =
                tools.jackson.databind.json.JsonMapper.builder()
                        .build()
                        .readTree(root.resolve("models/.jobs/" + id + ".json").toFile());
        assertThat(interrupted.get("state").asString()).isEqualTo("INTERRUPTED");
        assertThat(interrupted.get("interruptedBy").asString()).isEqualTo("shutdown");
        int stoppedAt = interrupted.get("progress").get("step").asInt();
        assertThat(Files.isDirectory(root.resolve("models").resolve(id).resolve("checkpoints")))
                .isTrue();

        start(); // resumes it by itself
        waitFor(id, job -> job.get("progress").get("step").asInt() >= stoppedAt + 20);
        // The running job's figures on Prometheus, tagged with its id.
        assertThat(http.get("/actuator/prometheus").body())
                .containsPattern("tolk_training_step\\{job=\"" + id + "\"\\} [1-9]")
                .contains("tolk_training_loss{job=\"" + id + "\"}")
                .contains("tolk_training_bleu{job=\"" + id + "\"}");
        Http.Response cancelled = http.delete("/train/" + id);
        assertThat(cancelled.status()).isEqualTo(202);
        JsonNode job = waitFor(id, state("CANCELLED"));
        int cancelledAt = job.get("progress").get("step").asInt();
        assertThat(cancelledAt).isGreaterThan(stoppedAt).isLessThan(300);
        assertThat(http.delete("/train/" + id).status()).isEqualTo(409);

        assertThat(http.postEmpty("/train/" + id + "/resume").status()).isEqualTo(202);
        JsonNode done = waitFor(id, state("SUCCEEDED"));
        assertThat(done.get("progress").get("step").asInt()).isEqualTo(300);
        assertThat(done.get("stopReason").asString()).contains("maxSteps");
        assertThat(http.get("/actuator/prometheus").body()).doesNotContain("job=\"" + id + "\"");
        assertThat(http.get("/models/" + id).status()).isEqualTo(200);
    }
}
