package dev.tolk.job;

import static dev.tolk.testing.Http.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.TolkApplication;
import dev.tolk.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Over HTTP: a damaged {@code defaults.json} and a damaged job record stop nothing and are
 * reported; a second instance on the same models directory lists jobs but runs none, and says so.
 */
class JobsAcrossInstancesTest {

    @TempDir Path root;

    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;

    private ConfigurableApplicationContext start() {
        // As arguments: SpringApplicationBuilder.properties are defaults, below
        // application.properties.
        return new SpringApplicationBuilder(TolkApplication.class)
                .run(
                        "--server.port=0",
                        "--tolk.models-dir=" + root.resolve("models"),
                        "--tolk.data-dir=" + root.resolve("data"),
                        "--tolk.device=cpu");
    }

    private static Http http(ConfigurableApplicationContext context) {
        return new Http(
                Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0")));
    }

    @AfterEach
    void close() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void damagedFilesAreReportedAndASecondInstanceRunsNoJobs() throws Exception {
        Path models = root.resolve("models");
        Files.createDirectories(models.resolve(".jobs"));
        Files.writeString(models.resolve("defaults.json"), "{\"en-de\": ");
        Files.writeString(models.resolve(".jobs/en-de-x.json"), "{\"id\": \"en-de-x\", \"st");

        first = start();
        Http owner = http(first);
        Http.Response list = owner.get("/models");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        Http.Response jobs = owner.get("/train");
        assertThat(jobs.status()).as(jobs.body()).isEqualTo(200);
        JsonNode damaged = jobs.json().get(0);
        assertThat(damaged.get("state").asString()).isEqualTo("DAMAGED");
        assertThat(damaged.get("error").asString()).contains(".jobs/en-de-x.json is damaged");
        JsonNode health = owner.get("/actuator/health").json();
        JsonNode jobsHealth = health.path("components").path("jobs").path("details");
        assertThat(jobsHealth.path("runsJobs").asBoolean()).as(health.toString()).isTrue();
        assertThat(jobsHealth.path("defaults").asString()).contains("defaults.json is damaged");

        second = start();
        Http replica = http(second);
        Http.Response refused =
                replica.postJson(
                        "/train",
                        object("sourceLang", "en", "targetLang", "de", "trainSource", "x"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("type").asString()).isEqualTo("/problems/training-disabled");
        assertThat(refused.json().get("detail").asString())
                .contains("another process")
                .contains("pid " + ProcessHandle.current().pid())
                .doesNotContain(root.toString());
        assertThat(replica.get("/train").json()).hasSize(1);
        JsonNode replicaHealth =
                replica.get("/actuator/health").json().path("components").path("jobs");
        assertThat(replicaHealth.path("details").path("runsJobs").asBoolean()).isFalse();
        assertThat(replicaHealth.path("details").path("reason").asString()).contains("job queue");
    }
}
