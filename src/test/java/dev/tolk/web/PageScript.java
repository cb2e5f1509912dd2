package dev.tolk.web;

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

/**
 * Runs the web page's browser script ({@code src/test/browser/page.cjs}) with node, Debian's
 * Chromium and {@code playwright-core} from npm (installed once into {@code target/browser-test/}
 * and reused). Where any of them is missing the calling test is skipped, saying which and how to
 * get it.
 */
final class PageScript {

    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

    private static final String PACKAGE = "playwright-core@1.64";
    private static final long INSTALL_SECONDS = 180;
    private static final long RUN_SECONDS = 420;
    private static final Path WORK = Path.of("target", "browser-test");
    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");

    private PageScript() {}

    /** What a process printed (stdout and stderr) and its exit code; -1 when it timed out. */
    record Run(int exit, String output) {}

    /**
     * Skips the calling test unless Chromium, node 18+ and npm are there and playwright-core is
     * installed (installing it when needed), then runs the script with {@code arguments}.
     */
    static Run run(String... arguments) throws IOException {
        Path chromium = chromium();
        Assumptions.assumeTrue(
                Files.isExecutable(chromium),
                "skipped: no Chromium at "
                        + chromium
                        + " (apt-get install chromium, as .ci/run does, or set TOLK_CHROMIUM)");
        Files.createDirectories(WORK);
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
        Files.copy(
                Path.of("src", "test", "browser", "page.cjs"),
                WORK.resolve("page.cjs"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(SCREENSHOTS);
        List<String> command = new ArrayList<>(List.of("node", "page.cjs"));
        command.addAll(List.of(arguments));
        Run run = process(RUN_SECONDS, command.toArray(String[]::new));
        System.out.println(run.output());
        return run;
    }

    /** Debian's Chromium, or the one TOLK_CHROMIUM names. */
    private static Path chromium() {
        String named = System.getenv("TOLK_CHROMIUM");
        return Path.of(named != null && !named.isBlank() ? named : "/usr/bin/chromium");
    }

    /** playwright-core in {@link #WORK}, installed there unless a previous run did. */
    private static void installPlaywright() throws IOException {
        if (Files.isRegularFile(WORK.resolve("node_modules/playwright-core/package.json"))) {
            return;
        }
        if (!Files.exists(WORK.resolve("package.json"))) {
            Files.writeString(WORK.resolve("package.json"), "{\"private\": true}\n");
        }
        Run install =
                process(
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

    /** The tool's version, or null when it is not on the PATH. */
    private static String version(String tool) {
        try {
            Run run = process(30, tool, "--version");
            return run.exit() == 0 ? run.output().strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Run process(long seconds, String... command) throws IOException {
        List<String> line = new ArrayList<>(List.of(command));
        if (WINDOWS && line.get(0).equals("npm")) {
            line.set(0, "npm.cmd");
        }
        Path log = Files.createTempFile("tolk-browser", ".log");
        try {
            Process process =
                    new ProcessBuilder(line)
                            .directory(WORK.toFile())
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
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
