package dev.tolk.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.testing.TinyModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web page at {@code /} in a real headless browser: Debian's Chromium driven by {@code
 * playwright-core} from npm ({@code src/test/browser/page.cjs}), against the running service with
 * two tiny en→de models. It translates a sentence and reads the result, finds the attention map
 * with one cell per token pair, uploads a corpus and starts a job whose curves gain points, cancels
 * and resumes it, switches the default model, and sees no console error in any view; screenshots of
 * every view at desktop and phone widths land in {@code target/browser-screenshots/}.
 *
 * <p>Skipped, with the reason, without Chromium ({@code /usr/bin/chromium}, or {@code
 * TOLK_CHROMIUM}; {@code .ci/run} installs Debian's), without node 18+ and npm, or when
 * playwright-core cannot be installed from the registry. The package is installed once into {@code
 * target/browser-test/} and reused by later runs.
 */
@Tag("slow") // trains models, installs from npm, runs a browser
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserPageTest {

    private static final String PACKAGE = "playwright-core@1.64";
    private static final long INSTALL_SECONDS = 180;
    private static final long RUN_SECONDS = 420;
    private static final Path WORK = Path.of("target", "browser-test");
    private static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    private static final String SOURCE_TEXT = "w1 w2";
    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");

    private static Path root;

    @LocalServerPort int port;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createTempDirectory("tolk-browser-test");
        Path models = root.resolve("models");
        // A second model of the pair, older (the newest serves a pair without a default), to
        // switch the default to and to compare with.
        TinyModels.train(models.resolve("toy-en-de-short"), "en", "de", 40);
        TinyModels.trainAccurate(models.resolve("toy-en-de"), "en", "de");
        Files.createDirectories(root.resolve("data"));
        registry.add("tolk.models-dir", models::toString);
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
        Path log = Files.createTempFile(root, "process", ".log");
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
    private static String version(String tool) {
        try {
            Run run = run(root, 30, tool, "--version");
            return run.exit() == 0 ? run.output().strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Debian's Chromium, or the one TOLK_CHROMIUM names. */
    private static Path chromium() {
        String named = System.getenv("TOLK_CHROMIUM");
        return Path.of(named != null && !named.isBlank() ? named : "/usr/bin/chromium");
    }

    /** playwright-core in {@link #WORK}, installed there unless a previous run did. */
    private static void installPlaywright() throws IOException {
        Files.createDirectories(WORK);
        if (Files.isRegularFile(
                WORK.resolve("node_modules").resolve("playwright-core").resolve("package.json"))) {
            return;
        }
        if (!Files.exists(WORK.resolve("package.json"))) {
            Files.writeString(WORK.resolve("package.json"), "{\"private\": true}\n");
        }
        Run install =
                run(
                        WORK,
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
                        && Files.isDirectory(WORK.resolve("node_modules/playwright-core")),
                "skipped: could not install "
                        + PACKAGE
                        + " from the npm registry (offline?): "
                        + (install.exit() == -1
                                ? "timed out after " + INSTALL_SECONDS + " s"
                                : "npm exited with " + install.exit())
                        + "\n"
                        + install.output());
    }

    @Test
    void thePageTranslatesTrainsAndManagesModelsInARealBrowser() throws Exception {
        Path chromium = chromium();
        Assumptions.assumeTrue(
                Files.isExecutable(chromium),
                "skipped: no Chromium at "
                        + chromium
                        + " (apt-get install chromium, as .ci/run does, or set TOLK_CHROMIUM)");
        String node = version("node");
        String npm = version("npm");
        Assumptions.assumeTrue(
                node != null && npm != null,
                "skipped: node and npm must be on the PATH to install and run playwright-core"
                        + " (node: "
                        + (node == null ? "missing" : node)
                        + ", npm: "
                        + (npm == null ? "missing" : npm)
                        + ")");
        int major = Integer.parseInt(node.replaceFirst("^v", "").split("\\.")[0]);
        Assumptions.assumeTrue(
                major >= 18, "skipped: playwright-core needs node 18 or newer, found " + node);
        installPlaywright();

        Path script = WORK.resolve("page.cjs");
        Files.copy(
                Path.of("src", "test", "browser", "page.cjs"),
                script,
                StandardCopyOption.REPLACE_EXISTING);
        Path corpus = Files.writeString(root.resolve("toy.tsv"), TinyModels.corpus(300, 1));
        Files.createDirectories(SCREENSHOTS);

        Run browser =
                run(
                        WORK,
                        RUN_SECONDS,
                        "node",
                        "page.cjs",
                        "http://localhost:" + port,
                        SCREENSHOTS.toAbsolutePath().toString(),
                        corpus.toString(),
                        SOURCE_TEXT,
                        TinyModels.answer(SOURCE_TEXT),
                        "toy-en-de");

        System.out.println(browser.output());
        assertThat(browser.exit()).as(browser.output()).isZero();
        assertThat(browser.output())
                .contains("ok translate view shows")
                .contains("ok heat map has one cell per token pair")
                .contains("ok loss curve gains points")
                .contains("ok resumed job goes on")
                .contains("ok default switched")
                .contains("ok no console errors in any view");
        for (String view : List.of("translate", "train", "models")) {
            for (String width : List.of("desktop", "phone")) {
                assertThat(SCREENSHOTS.resolve(view + "-" + width + ".png")).isNotEmptyFile();
            }
        }
    }
}
