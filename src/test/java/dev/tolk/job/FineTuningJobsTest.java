package dev.tolk.job;

import static dev.tolk.testing.Http.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.TolkApplication;
import dev.tolk.testing.FakeModels;
import dev.tolk.testing.Http;
import dev.tolk.testing.TinyModels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /train} with {@code baseModel}: a tiny model trained over HTTP on the toy task, then
 * fine-tuned on an uploaded slice of it; its lineage, its scores beside the base and the default
 * decision on the new held-out set; base models that cannot be fine-tuned refused with a problem
 * naming the field.
 */
@Tag("slow") // trains models
class FineTuningJobsTest {

    @TempDir Path root;

    private ConfigurableApplicationContext context;
    private Http http;

    private void start() {
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

    @AfterEach
    void close() {
        if (context != null) {
            context.close();
        }
    }

    private String upload(String name, String corpus, String sourceLang) {
        Http.Response response =
                http.postMultipart(
                        "/datasets",
                        Map.of("file", new String[] {name, corpus}),
                        Map.of("sourceLang", sourceLang, "targetLang", "de"));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private JsonNode succeeded(Http.Response accepted) throws InterruptedException {
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        JsonNode job = http.get("/train/" + id).json();
        while (!job.get("state").asString().equals("SUCCEEDED")) {
            assertThat(Instant.now()).as("job %s: %s", id, job).isBefore(deadline);
            assertThat(job.get("state").asString()).as(job.toString()).isNotEqualTo("FAILED");
            Thread.sleep(200);
            job = http.get("/train/" + id).json();
        }
        return job;
    }

    @Test
    void fineTunesAModelAndPromotesItOnTheNewHeldOutSet() throws Exception {
        start();
        String all = upload("all.tsv", TinyModels.corpus(300, 1), "en");
        JsonNode baseJob =
                succeeded(
                        http.postJson(
                                "/train",
                                object(
                                        "dataset", all,
                                        "preset", "tiny",
                                        "vocabSize", 300,
                                        "dropout", 0,
                                        "maxSteps", 60,
                                        "batchTokens", 512,
                                        "learningRate", 3e-3,
                                        "warmupSteps", 20,
                                        "evalEverySteps", 60,
                                        "averageLast", 0,
                                        "finalBeamSize", 1)));
        String base = baseJob.get("model").asString();
        String slice = upload("slice.tsv", TinyModels.slice(200, 5, 5), "en");

        JsonNode job =
                succeeded(
                        http.postJson(
                                "/train",
                                object(
                                        "dataset", slice,
                                        "baseModel", base,
                                        "maxSteps", 10,
                                        "evalEverySteps", 5,
                                        "finalBeamSize", 1)));

        String id = job.get("model").asString();
        assertThat(job.get("evaluations").get(0).get("step").asInt()).isZero();
        JsonNode versus = job.get("result").get("versusBase");
        assertThat(versus.get("baseModel").asString()).isEqualTo(base);
        assertThat(versus.get("heldOut").get("bleuAfter").asDouble())
                .isEqualTo(job.get("result").get("heldOut").get("bleu").asDouble());
        assertThat(versus.get("baseHeldOut").get("bleuBefore").asDouble())
                .isEqualTo(baseJob.get("result").get("heldOut").get("bleu").asDouble());
        // The base was the pair's default (its first model): compared with it on the new
        // held-out set, the change on the base's held-out set reported.
        assertThat(job.get("defaultDecision").asString())
                .matches(
                        "(default of en-de: held-out BLEU .* beats|not the default: held-out BLEU"
                                + " .* does not beat) "
                                + base
                                + "'s .* on the new held-out set; on "
                                + base
                                + "'s held-out set BLEU .* → .*");

        JsonNode model = http.get("/models/" + id).json();
        assertThat(model.get("baseModel").asString()).isEqualTo(base);
        assertThat(model.get("lineage").get("recipe").asString()).isEqualTo("fine-tuning");
        assertThat(model.get("lineage").get("baseDirectory").asString()).isEqualTo(base);
        assertThat(model.get("lineage").get("datasets").get(0).get("dataset").asString())
                .isEqualTo(slice);
        assertThat(model.get("recipe").get("baseModel").asString()).isEqualTo(base);
        assertThat(model.get("config")).isEqualTo(http.get("/models/" + base).json().get("config"));
        JsonNode listed = http.get("/models").json();
        assertThat(listed)
                .anySatisfy(m -> assertThat(m.get("baseModel").asString()).isEqualTo(base));
    }

    @Test
    void aBaseModelThatCannotBeFineTunedIsAProblemNamingTheField() throws Exception {
        FakeModels.write(root.resolve("models"), "en-de-fake", 20, "2026-01-01T00:00:00Z");
        start();
        String french = upload("fr.tsv", "un\tein\n", "fr");

        Http.Response unknown =
                http.postJson("/train", object("dataset", french, "baseModel", "en-de-nothing"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("type").asString()).isEqualTo("/problems/unknown-model");
        assertThat(unknown.json().get("detail").asString())
                .startsWith("baseModel: no model en-de-nothing")
                .contains("en-de-fake");

        Http.Response otherPair =
                http.postJson("/train", object("dataset", french, "baseModel", "en-de-fake"));
        assertThat(otherPair.status()).isEqualTo(400);
        assertThat(otherPair.json().get("type").asString()).isEqualTo("/problems/invalid-settings");
        assertThat(otherPair.json().get("detail").asString())
                .contains("baseModel en-de-fake translates en→de but the run is fr→de");

        Http.Response vocabulary =
                http.postJson(
                        "/train",
                        object(
                                "dataset",
                                french,
                                "baseModel",
                                "en-de-fake",
                                "sourceLang",
                                "en",
                                "vocabSize",
                                1000));
        assertThat(vocabulary.status()).isEqualTo(400);
        assertThat(vocabulary.json().get("detail").asString())
                .contains("vocabSize (1000) cannot change when fine-tuning");

        Http.Response notAnId = http.postJson("/train", object("dataset", french, "baseModel", 42));
        assertThat(notAnId.status()).isEqualTo(400);
        assertThat(notAnId.json().get("detail").asString())
                .contains("baseModel must be a model id");
        assertThat(http.get("/train").json()).isEmpty();
    }
}
