package dev.tolk.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The docker deployment ({@code Dockerfile}, {@code docker/Dockerfile.cuda}, {@code
 * docker/compose.yaml}, {@code .dockerignore}) checked without a Docker engine: what the files name
 * exists and reaches the build, the jar path, port, volumes and health checks agree with the Maven
 * build, the application's configuration and each other, the images run as a non-root user; and the
 * application serves the path the health checks call. Building and running the images is {@code
 * docker/verify.sh}'s part (run by {@code .ci/run} where Docker can run), not this test's.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path COMPOSE_FILE = ROOT.resolve("docker/compose.yaml");
    private static final String READINESS_PATH = "/actuator/health/readiness";
    private static final List<String> ROOT_USERS = List.of("root", "0", "root:root", "0:0");

    /** A service of the compose file that builds an image, with the Dockerfile it builds. */
    private record Image(
            String service,
            Map<String, Object> definition,
            Path context,
            Path dockerfilePath,
            DockerfileText dockerfile) {}

    private final Map<String, Object> compose;
    private final List<Image> images;

    DeploymentFilesTest() throws IOException {
        try (Reader reader = Files.newBufferedReader(COMPOSE_FILE)) {
            compose = new Yaml().load(reader);
        }
        images = new ArrayList<>();
        for (Map.Entry<String, Object> service : map(compose.get("services")).entrySet()) {
            Map<String, Object> definition = map(service.getValue());
            if (definition.get("build") instanceof Map<?, ?> build) {
                Path context = COMPOSE_FILE.resolveSibling(String.valueOf(build.get("context")));
                Object dockerfile = build.get("dockerfile");
                Path path =
                        context.resolve(dockerfile == null ? "Dockerfile" : (String) dockerfile);
                images.add(
                        new Image(
                                service.getKey(),
                                definition,
                                context.normalize(),
                                path.normalize(),
                                Files.isRegularFile(path) ? DockerfileText.read(path) : null));
            }
        }
    }

    @Test
    void composeBuildsTheCpuAndCudaImagesFromFilesThatExist() {
        assertThat(map(compose.get("services"))).containsOnlyKeys("tolk", "tolk-gpu");
        for (Image image : images) {
            assertThat(image.context()).as(image.service() + " build context").isDirectory();
            assertThat(image.dockerfilePath()).as(image.service() + " dockerfile").isRegularFile();
        }
        assertThat(images)
                .extracting(i -> ROOT.relativize(i.dockerfilePath()).toString())
                .containsExactly("Dockerfile", "docker/Dockerfile.cuda");
        assertThat(images).extracting(Image::context).containsOnly(ROOT);
    }

    @Test
    void everyCopySourceExistsAndIsNotDockerIgnored() throws IOException {
        for (Image image : images) {
            DockerIgnore ignore = DockerIgnore.forBuild(image.context(), image.dockerfilePath());
            List<String> sources =
                    image.dockerfile().stages().stream()
                            .flatMap(s -> s.copies().stream())
                            .filter(copy -> copy.from().isEmpty())
                            .flatMap(copy -> copy.sources().stream())
                            .toList();
            assertThat(sources).as(image.dockerfilePath() + " copies").contains("pom.xml", "src");
            for (String source : sources) {
                Path path = image.context().resolve(source).normalize();
                assertThat(path).as(image.dockerfilePath() + ": COPY " + source).exists();
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        String relative = image.context().relativize(file).toString();
                        assertThat(ignore.excludes(relative))
                                .as(relative + " is needed by COPY " + source + " but excluded")
                                .isFalse();
                    }
                }
            }
        }
    }

    @Test
    void dockerIgnoreKeepsTheBuildInputsAndDropsTheRest() throws IOException {
        DockerIgnore ignore = DockerIgnore.forBuild(ROOT, ROOT.resolve("Dockerfile"));

        assertThat(ignore.excludes("pom.xml")).isFalse();
        assertThat(ignore.excludes("src/main/java/dev/tolk/cli/TolkMain.java")).isFalse();
        assertThat(ignore.excludes("src/main/resources/application.properties")).isFalse();
        assertThat(ignore.excludes("target/tolk.jar")).isTrue();
        assertThat(ignore.excludes(".git/HEAD")).isTrue();
        assertThat(ignore.excludes("models/en-de/parameters.params")).isTrue();
        assertThat(ignore.excludes("data/multi30k/train.en.gz")).isTrue();
        assertThat(ignore.excludes("src/test/resources/sacrebleu/sacrebleu.whl")).isTrue();
        assertThat(ignore.excludes("hs_err_pid123.log")).isTrue();
        assertThat(ignore.excludes(".idea/workspace.xml")).isTrue();
    }

    @Test
    void buildStageCachesDependenciesBeforeItCopiesTheSources() {
        for (Image image : images) {
            DockerfileText.Stage build = image.dockerfile().stages().get(0);
            int pom = build.indexOf("COPY", "pom.xml");
            int dependencies = build.indexOf("RUN", "dependency:go-offline");
            int sources = build.indexOf("COPY", "src");
            int packaging = build.indexOf("RUN", "-DskipTests package");

            assertThat(List.of(pom, dependencies, sources, packaging))
                    .as(image.dockerfilePath() + ": COPY pom, go-offline, COPY src, package")
                    .doesNotContain(-1)
                    .isSorted();
        }
    }

    @Test
    void imagesCopyTheJarTheMavenBuildProduces() throws Exception {
        String finalName = pom().getElementsByTagName("finalName").item(0).getTextContent();
        String jar = "target/" + finalName + ".jar";
        assertThat(jar).as("the jar of the project's build contract").isEqualTo("target/tolk.jar");
        for (Image image : images) {
            DockerfileText.Stage runtime = image.dockerfile().runtime();
            DockerfileText.Copy copy =
                    runtime.copies().stream()
                            .filter(c -> c.sources().size() == 1)
                            .filter(c -> c.sources().get(0).endsWith(".jar"))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no COPY of a jar"));
            String workdir =
                    image.dockerfile()
                            .stage(copy.from().orElseThrow())
                            .last("WORKDIR")
                            .orElseThrow();

            assertThat(copy.sources().get(0))
                    .as(image.dockerfilePath() + ": jar copied from the build stage")
                    .isEqualTo(workdir.replaceAll("/+$", "") + "/" + jar);
            assertThat(runtime.entrypoint())
                    .as(image.dockerfilePath() + ": ENTRYPOINT")
                    .containsExactly("java", "-jar", copy.destination());
        }
    }

    @Test
    void portAgreesAcrossDockerfilesComposeAndApplicationProperties() throws IOException {
        String port = applicationProperties().getProperty("server.port");
        assertThat(port).isEqualTo("8080");
        for (Image image : images) {
            assertThat(image.dockerfile().runtime().all("EXPOSE"))
                    .as(image.dockerfilePath() + ": EXPOSE")
                    .containsExactly(port);
            List<String> containerPorts =
                    list(image.definition().get("ports")).stream()
                            .map(String::valueOf)
                            .map(p -> p.replaceAll("/(tcp|udp)$", ""))
                            .map(p -> p.substring(p.lastIndexOf(':') + 1))
                            .toList();
            assertThat(containerPorts).as(image.service() + " ports").containsExactly(port);
        }
    }

    @Test
    void imagesRunAsANonRootUser() {
        for (Image image : images) {
            DockerfileText.Stage runtime = image.dockerfile().runtime();

            String user =
                    runtime.last("USER")
                            .orElseThrow(
                                    () -> new AssertionError(image.dockerfilePath() + ": no USER"));

            assertThat(user).as(image.dockerfilePath() + ": USER").isNotIn(ROOT_USERS);
            assertThat(runtime.indexOf("USER", "")).isLessThan(runtime.indexOf("ENTRYPOINT", ""));
        }
    }

    @Test
    void healthChecksCallTheReadinessPathOnTheServicePort() throws IOException {
        String port = applicationProperties().getProperty("server.port");
        for (Image image : images) {
            URI imageCheck = image.dockerfile().runtime().healthCheckUrl();
            URI composeCheck =
                    DockerfileText.firstUrl(
                            String.join(" ", stringList(healthcheck(image).get("test"))));

            assertThat(imageCheck.getPath())
                    .as(image.dockerfilePath().toString())
                    .isEqualTo(READINESS_PATH);
            assertThat(String.valueOf(imageCheck.getPort())).isEqualTo(port);
            assertThat(composeCheck).as(image.service() + " healthcheck").isEqualTo(imageCheck);
        }
    }

    @Test
    void composeMountsNamedVolumesWhereTheImagesKeepModelsAndData() {
        assertThat(map(compose.get("volumes"))).containsOnlyKeys("tolk-models", "tolk-data");
        for (Image image : images) {
            DockerfileText.Stage runtime = image.dockerfile().runtime();
            Map<String, String> env = runtime.env();
            String models = env.get("TOLK_MODELS_DIR");
            String data = env.get("TOLK_DATA_DIR");

            assertThat(runtime.volumes()).containsExactly(models, data);
            assertThat(stringList(image.definition().get("volumes")))
                    .as(image.service() + " volumes")
                    .containsExactly("tolk-models:" + models, "tolk-data:" + data);
            assertThat(runtime.last("WORKDIR"))
                    .as("relative models/ and data/ (train's default --out) land on the volumes")
                    .hasValue(Path.of(models).getParent().toString());
        }
    }

    @Test
    void cpuImageUnpacksPyTorchAtBuildTimeAsTheRuntimeUser() {
        DockerfileText.Stage runtime = images.get(0).dockerfile().runtime();
        Map<String, String> env = runtime.env();

        assertThat(runtime.baseImage())
                .startsWith("eclipse-temurin:17-jre")
                .doesNotContain("alpine");
        assertThat(env).containsKey("DJL_CACHE_DIR");
        assertThat(env.get("JAVA_TOOL_OPTIONS"))
                .contains("-XX:MaxRAMPercentage=")
                .contains("-Dai.djl.offline=true");
        int user = runtime.indexOf("USER", "");
        int unpack = runtime.indexOf("RUN", "/app/tolk.jar --version");
        assertThat(unpack).as("RUN java -jar /app/tolk.jar --version").isGreaterThan(user);
        assertThat(user).isGreaterThan(0);
    }

    @Test
    void composeDefaultJavaOptionsAreTheImagesOwn() {
        for (Image image : images) {
            Map<String, Object> environment = map(image.definition().get("environment"));
            String imageOptions = image.dockerfile().runtime().env().get("JAVA_TOOL_OPTIONS");

            assertThat(environment.get("JAVA_TOOL_OPTIONS"))
                    .as(
                            image.service()
                                    + ": JAVA_TOOL_OPTIONS passed through with the image's value")
                    .isEqualTo("${JAVA_TOOL_OPTIONS:-" + imageOptions + "}");
        }
    }

    @Test
    void cudaImagePointsDjlAtLibtorchForCuda128() throws Exception {
        Image gpu = images.get(1);
        DockerfileText.Stage runtime = gpu.dockerfile().runtime();
        Map<String, String> env = runtime.env();
        String pytorchVersion =
                pom().getElementsByTagName("pytorch.version").item(0).getTextContent();
        List<String> libraryPath = Arrays.asList(env.get("LD_LIBRARY_PATH").split(":"));

        assertThat(runtime.baseImage()).startsWith("nvidia/cuda:12.8");
        assertThat(env)
                .containsEntry("PYTORCH_VERSION", pytorchVersion)
                .containsEntry("PYTORCH_FLAVOR", "cu128")
                .containsEntry("TOLK_DEVICE", "gpu");
        assertThat(libraryPath).contains(env.get("PYTORCH_LIBRARY_PATH"), "/usr/local/cuda/lib64");
        assertThat(runtime.all("RUN"))
                .anyMatch(run -> run.contains("ln -sf libcudart.so.12 /usr/local/cuda/lib64/"));
        assertThat(runtime.copies())
                .extracting(DockerfileText.Copy::destination)
                .contains(
                        env.get("PYTORCH_LIBRARY_PATH"),
                        env.get("PYTORCH_LIBRARY_PATH") + "/libdjl_torch.so");
        assertThat(gpu.dockerfile().stage("libtorch").all("ARG"))
                .anyMatch(
                        arg ->
                                arg.contains("/cu128/")
                                        && arg.contains(pytorchVersion + "%2Bcu128"));
    }

    @Test
    void gpuServiceIsAProfileThatReservesAnNvidiaGpu() {
        Map<String, Object> gpu = images.get(1).definition();
        Map<String, Object> reservations =
                map(map(map(gpu.get("deploy")).get("resources")).get("reservations"));
        Map<String, Object> device = map(list(reservations.get("devices")).get(0));

        assertThat(stringList(gpu.get("profiles"))).containsExactly("gpu");
        assertThat(device)
                .containsEntry("driver", "nvidia")
                .containsEntry("count", 1)
                .containsEntry("capabilities", List.of("gpu"));
        assertThat(images.get(0).definition()).doesNotContainKey("profiles");
        for (Image image : images) {
            assertThat(image.definition()).containsEntry("restart", "unless-stopped");
        }
    }

    /**
     * Compose waits long enough on stop for the shutdown the application does: requests in flight
     * (up to {@code spring.lifecycle.timeout-per-shutdown-phase}), then a running job's checkpoint
     * ({@code JobService} waits up to 60 s), instead of compose's default 10 s.
     */
    @Test
    void composeStopGracePeriodCoversTheApplicationsShutdown() throws IOException {
        Properties properties = applicationProperties();
        assertThat(properties.getProperty("server.shutdown")).isEqualTo("graceful");
        long phase = seconds(properties.getProperty("spring.lifecycle.timeout-per-shutdown-phase"));
        long jobCheckpoint = 60;
        for (Image image : images) {
            Object grace = image.definition().get("stop_grace_period");
            assertThat(grace).as(image.service() + " stop_grace_period").isNotNull();
            assertThat(seconds(String.valueOf(grace)))
                    .as(image.service() + " stop_grace_period")
                    .isGreaterThanOrEqualTo(phase + jobCheckpoint);
        }
    }

    /** A duration as compose and Spring write it ({@code 90s}, {@code 2m}, {@code 1m30s}), in s. */
    private static long seconds(String duration) {
        java.util.regex.Matcher part =
                java.util.regex.Pattern.compile("(\\d+)(h|m|s)").matcher(duration.strip());
        long total = 0;
        int end = 0;
        while (part.find()) {
            assertThat(part.start()).as(duration).isEqualTo(end);
            long n = Long.parseLong(part.group(1));
            total +=
                    switch (part.group(2)) {
                        case "h" -> n * 3600;
                        case "m" -> n * 60;
                        default -> n;
                    };
            end = part.end();
        }
        assertThat(end).as("a duration: " + duration).isEqualTo(duration.strip().length());
        return total;
    }

    /** The application serves the path both health checks call (ready or still loading). */
    @Nested
    @SpringBootTest(
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "tolk.device=cpu",
                "tolk.models-dir=target/deployment-files-test/models",
                "tolk.data-dir=target/deployment-files-test/data"
            })
    class HealthCheckPath {

        @LocalServerPort int port;

        @Test
        void isServedByTheApplication() throws Exception {
            String path = images.get(0).dockerfile().runtime().healthCheckUrl().getPath();
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();

            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
            JsonNode body = JsonMapper.builder().build().readTree(response.body());
            assertThat(body.path("status").asString()).isIn("UP", "OUT_OF_SERVICE", "DOWN");
        }
    }

    private Map<String, Object> healthcheck(Image image) {
        return map(image.definition().get("healthcheck"));
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in =
                Files.newInputStream(ROOT.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    private static Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(ROOT.resolve("pom.xml").toFile());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        assertThat(yaml).isInstanceOf(Map.class);
        return (Map<String, Object>) yaml;
    }

    private static List<?> list(Object yaml) {
        assertThat(yaml).isInstanceOf(List.class);
        return (List<?>) yaml;
    }

    private static List<String> stringList(Object yaml) {
        return list(yaml).stream().map(String::valueOf).toList();
    }
}
