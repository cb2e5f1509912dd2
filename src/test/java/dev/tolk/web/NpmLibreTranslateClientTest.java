package dev.tolk.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.testing.TinyModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code libretranslate} package from npm, unchanged, against the running service with a tiny
 * en→de model: installed by the test run into a temporary directory, its {@code translate()} must
 * return the model's translation, with {@code source} named and with the package's default ({@code
 * auto}). Without {@code node} and {@code npm}, or when the registry cannot be reached (offline),
 * the test is skipped and says why.
 */
@Tag("slow") // trains a model, installs from npm
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NpmLibreTranslateClientTest {

    private static final String PACKAGE = "libretranslate@1";
    private static final long INSTALL_SECONDS = 120;
    private static final long RUN_SECONDS = 60;
    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");

    /**
     * Imports the package (CommonJS, as it is published) and prints what its {@code translate()}
     * returns for each source: {@code node client.cjs <apiurl> <text> <source>...}; {@code -} is no
     * source (the package then sends {@code auto}).
     */
    private static final String SCRIPT =
            """
            const { translate } = require('libretranslate');
            const [apiurl, query, ...sources] = process.argv.slice(2);
            (async () => {
              const out = [];
              for (const source of sources) {
                const args = { query, target: 'de', format: 'text', apiurl };
                if (source !== '-') args.source = source;
                out.push(await translate(args));
              }
              process.stdout.write(JSON.stringify(out) + '\\n');
            })().catch((e) => { console.error(e); process.exit(1); });
            """;

    private static Path root;

    @LocalServerPort int port;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createTempDirectory("tolk-npm-test");
        TinyModels.trainAccurate(root.resolve("models").resolve("toy-en-de"), "en", "de");
        Files.createDirectories(root.resolve("data"));
        registry.add("tolk.models-dir", () -> root.resolve("models").toString());
        registry.add("tolk.data-dir", () -> root.resolve("data").toString());
        registry.add("tolk.device", () -> "cpu");
    }

    /** What a process printed (stdout and stderr) and its exit code; -1 when it timed out. */
    private record Run(int exit, String output) {}

    private static Run run(Path dir, long seconds, String... command) throws IOException {
        List<String> line = new ArrayList<>(List.of(command));
        if (WINDOWS && line.get(0).equals("npm")) {
            line.set(0, "npm.cmd");
        }
        Path log = Files.createTempFile(dir, "process", ".log");
        Process process =
                new ProcessBuilder(line)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            boolean done = process.waitFor(seconds, TimeUnit.SECONDS);
            if (!done) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            return new Run(done ? process.exitValue() : -1, output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", line), e);
        }
    }

    /** The tool's version, or null when it is not on the PATH. */
    private static String version(Path dir, String tool) {
        try {
            Run run = run(dir, 30, tool, "--version");
            return run.exit() == 0 ? run.output().strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void theNpmPackagesTranslateReturnsTheModelsTranslation(@TempDir Path dir) throws Exception {
        String node = version(dir, "node");
        String npm = version(dir, "npm");
        Assumptions.assumeTrue(
                node != null && npm != null,
                "skipped: node and npm must be on the PATH to install and run the npm client"
                        + " 'libretranslate' (node: "
                        + (node == null ? "missing" : node)
                        + ", npm: "
                        + (npm == null ? "missing" : npm)
                        + ")");
        int major = Integer.parseInt(node.replaceFirst("^v", "").split("\\.")[0]);
        Assumptions.assumeTrue(
                major >= 18,
                "skipped: the npm client 'libretranslate' needs node 18+ (fetch), found " + node);

        Run install =
                run(
                        dir,
                        INSTALL_SECONDS,
                        "npm",
                        "install",
                        "--no-audit",
                        "--no-fund",
                        "--no-update-notifier",
                        "--fetch-retries=1",
                        PACKAGE);
        Assumptions.assumeTrue(
                install.exit() == 0
                        && Files.isDirectory(dir.resolve("node_modules").resolve("libretranslate")),
                "skipped: could not install "
                        + PACKAGE
                        + " from the npm registry (offline?): "
                        + (install.exit() == -1
                                ? "timed out after " + INSTALL_SECONDS + " s"
                                : "npm exited with " + install.exit())
                        + "\n"
                        + install.output());

        Files.writeString(dir.resolve("client.cjs"), SCRIPT);
        Run client =
                run(
                        dir,
                        RUN_SECONDS,
                        "node",
                        "client.cjs",
                        "http://localhost:" + port,
                        "w1 w2",
                        "en",
                        "-");

        assertThat(client.exit()).as(client.output()).isZero();
        String expected = TinyModels.answer("w1 w2");
        assertThat(client.output().strip())
                .as(client.output())
                .isEqualTo("[\"" + expected + "\",\"" + expected + "\"]");
    }
}
