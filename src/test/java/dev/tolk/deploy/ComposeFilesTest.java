package dev.tolk.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose files work with Compose v2 and Debian's docker-compose 1.29 alike (no top-level
 * {@code name:}, no {@code !reset}, no {@code configs}), and the scaling layout ({@code
 * docker/compose.scale.yaml}, {@code docker/lb.conf}) is the one the README describes: read-only
 * translation replicas with jobs disabled, one trainer that writes the models volume, nginx in
 * front of them, all with the settings, health check and grace period of {@code
 * docker/compose.yaml}. {@code docker/verify.sh} runs both files for real; this checks them without
 * a Docker engine.
 */
class ComposeFilesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path DOCKER = ROOT.resolve("docker");

    private final Map<String, Object> compose = load("compose.yaml");
    private final Map<String, Object> scale = load("compose.scale.yaml");
    private final Map<String, String> runtimeEnv;

    ComposeFilesTest() throws IOException {
        runtimeEnv = DockerfileText.read(ROOT.resolve("Dockerfile")).runtime().env();
    }

    @Test
    void projectNameComesFromDotEnvNotFromATopLevelNameKey() throws IOException {
        assertThat(compose).doesNotContainKey("name");
        assertThat(scale).doesNotContainKey("name");
        assertThat(Files.readAllLines(DOCKER.resolve(".env")))
                .contains("COMPOSE_PROJECT_NAME=tolk");
    }

    @Test
    void filesUseNothingDockerCompose129Rejects() throws IOException {
        for (String file : List.of("compose.yaml", "compose.scale.yaml")) {
            String yaml = Files.readString(DOCKER.resolve(file)).replaceAll("(?m)\\s*#.*$", "");
            assertThat(yaml).as(file).doesNotContain("!reset", "!override");
            assertThat(load(file)).as(file).doesNotContainKeys("name", "configs", "include");
        }
    }

    @Test
    void scaleLayoutIsATrainerReadOnlyReplicasAndALoadBalancer() {
        Map<String, Object> services = map(scale.get("services"));
        assertThat(services).containsOnlyKeys("trainer", "tolk", "lb");
        assertThat(map(scale.get("volumes"))).containsOnlyKeys("tolk-models", "tolk-data");
        String models = runtimeEnv.get("TOLK_MODELS_DIR");
        String data = runtimeEnv.get("TOLK_DATA_DIR");

        Map<String, Object> trainer = map(services.get("trainer"));
        Map<String, Object> build = map(trainer.get("build"));
        assertThat(DOCKER.resolve(String.valueOf(build.get("context"))).normalize())
                .isEqualTo(ROOT);
        assertThat(build.get("dockerfile")).isEqualTo("Dockerfile");
        assertThat(trainer.get("image")).isEqualTo("tolk:cpu");
        assertThat(strings(trainer.get("volumes")))
                .containsExactly("tolk-models:" + models, "tolk-data:" + data);
        assertThat(strings(trainer.get("ports"))).singleElement().asString().endsWith(":8080");

        Map<String, Object> replicas = map(services.get("tolk"));
        assertThat(replicas.get("image")).isEqualTo("tolk:cpu");
        assertThat(replicas).doesNotContainKeys("build", "ports");
        assertThat(strings(replicas.get("volumes")))
                .containsExactly("tolk-models:" + models + ":ro", "tolk-data:" + data + ":ro");
        assertThat(map(replicas.get("environment"))).containsEntry("TOLK_JOBS_ENABLED", "false");
        assertThat(map(trainer.get("environment"))).doesNotContainKey("TOLK_JOBS_ENABLED");
    }

    @Test
    void trainerAndReplicasTakeTheSettingsHealthCheckAndGracePeriodOfComposeYaml() {
        Map<String, Object> single = map(map(compose.get("services")).get("tolk"));
        Map<String, Object> services = map(scale.get("services"));
        for (String name : List.of("trainer", "tolk")) {
            Map<String, Object> service = map(services.get(name));
            Map<String, Object> environment = new LinkedHashMap<>(map(service.get("environment")));
            environment.remove("TOLK_JOBS_ENABLED");

            assertThat(environment).as(name + " environment").isEqualTo(single.get("environment"));
            assertThat(service.get("healthcheck"))
                    .as(name + " healthcheck")
                    .isEqualTo(single.get("healthcheck"));
            assertThat(service.get("stop_grace_period"))
                    .as(name + " stop_grace_period")
                    .isEqualTo(single.get("stop_grace_period"));
            assertThat(service).containsEntry("restart", "unless-stopped");
        }
    }

    @Test
    void loadBalancerSendsTrainingToTheTrainerAndTheRestToTheReplicas() throws IOException {
        Map<String, Object> lb = map(map(scale.get("services")).get("lb"));
        assertThat(String.valueOf(lb.get("image"))).startsWith("nginx:");
        assertThat(strings(lb.get("ports"))).singleElement().asString().endsWith(":8080");
        assertThat(strings(lb.get("volumes")))
                .containsExactly("./lb.conf:/etc/nginx/conf.d/default.conf:ro");
        Map<String, Object> dependsOn = map(lb.get("depends_on"));
        assertThat(map(dependsOn.get("tolk"))).containsEntry("condition", "service_healthy");
        assertThat(map(dependsOn.get("trainer"))).containsEntry("condition", "service_healthy");

        String conf = Files.readString(DOCKER.resolve("lb.conf"));
        assertThat(conf)
                .contains("listen 8080;")
                .contains("server tolk:8080;")
                .contains("server trainer:8080;")
                .containsPattern("location /train \\{\\s*proxy_pass http://trainer;")
                .containsPattern("location /datasets \\{\\s*proxy_pass http://trainer;")
                .containsPattern("location / \\{\\s*proxy_pass http://replicas;")
                .contains("client_max_body_size 512m;");
    }

    @Test
    void verifyScriptIsExecutableAndCiRunsIt() throws IOException {
        Path script = DOCKER.resolve("verify.sh");
        assertThat(script).isRegularFile();
        assertThat(Files.isExecutable(script)).isTrue();
        assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains("docker/verify.sh");
    }

    private static Map<String, Object> load(String file) {
        try (Reader reader = Files.newBufferedReader(DOCKER.resolve(file))) {
            return new Yaml().load(reader);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        assertThat(yaml).isInstanceOf(Map.class);
        return (Map<String, Object>) yaml;
    }

    private static List<String> strings(Object yaml) {
        assertThat(yaml).isInstanceOf(List.class);
        return ((List<?>) yaml).stream().map(String::valueOf).toList();
    }
}
