package dev.tolk.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * node and npm for tests that run real JavaScript clients (the {@code libretranslate} package, the
 * web page's browser script): a package installed from the npm registry into a directory, scripts
 * run there with a time limit. Where node 18+, npm or the registry is missing, the calling test is
 * skipped and says which.
 */
public final class Node {

    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");

    private Node() {}

    /** What a process printed (stdout and stderr) and its exit code; -1 when it timed out. */
    public record Run(int exit, String output) {}

    /** Skips the calling test unless node 18 or newer and npm are on the PATH. */
    public static void assumeNode18(Path dir, String needs) {
        String node = version(dir, "node");
        String npm = version(dir, "npm");
        Assumptions.assumeTrue(
                node != null && npm != null,
                "skipped: node and npm must be on the PATH to install and run "
                        + needs
                        + " (node: "
                        + (node == null ? "missing" : node)
                        + ", npm: "
                        + (npm == null ? "missing" : npm)
                        + ")");
        int major = Integer.parseInt(node.replaceFirst("^v", "").split("\\.")[0]);
        Assumptions.assumeTrue(
                major >= 18, "skipped: " + needs + " needs node 18 or newer, found " + node);
    }

    /**
     * Installs {@code spec} (e.g. {@code libretranslate@1}) from the npm registry into {@code dir}
     * unless {@code node_modules/<name>} is already there; skips the calling test when it cannot.
     */
    public static void install(Path dir, String spec, String name, long seconds)
            throws IOException {
        Path installed = dir.resolve("node_modules").resolve(name);
        if (Files.isRegularFile(installed.resolve("package.json"))) {
            return;
        }
        if (!Files.exists(dir.resolve("package.json"))) {
            Files.writeString(dir.resolve("package.json"), "{\"private\": true}\n");
        }
        Run install =
                run(
                        dir,
                        seconds,
                        "npm",
                        "install",
                        "--no-audit",
                        "--no-fund",
                        "--no-update-notifier",
                        "--fetch-retries=1",
                        spec);
        Assumptions.assumeTrue(
                install.exit() == 0 && Files.isDirectory(installed),
                "skipped: could not install "
                        + spec
                        + " from the npm registry (offline?): "
                        + (install.exit() == -1
                                ? "timed out after " + seconds + " s"
                                : "npm exited with " + install.exit())
                        + "\n"
                        + install.output());
    }

    /** Runs {@code command} in {@code dir}, killed after {@code seconds}. */
    public static Run run(Path dir, long seconds, String... command) throws IOException {
        List<String> line = new ArrayList<>(List.of(command));
        if (WINDOWS && line.get(0).equals("npm")) {
            line.set(0, "npm.cmd");
        }
        Path log = Files.createTempFile("tolk-node", ".log");
        try {
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
        } finally {
            Files.deleteIfExists(log);
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
}
