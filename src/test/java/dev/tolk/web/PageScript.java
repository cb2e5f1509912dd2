package dev.tolk.web;

import dev.tolk.testing.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
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

    private PageScript() {}

    /**
     * Skips the calling test unless Chromium, node 18+ and npm are there and playwright-core is
     * installed (installing it when needed), then runs the script with {@code arguments}.
     */
    static Node.Run run(String... arguments) throws IOException {
        Path chromium = chromium();
        Assumptions.assumeTrue(
                Files.isExecutable(chromium),
                "skipped: no Chromium at "
                        + chromium
                        + " (apt-get install chromium, as .ci/run does, or set TOLK_CHROMIUM)");
        Files.createDirectories(WORK);
        Node.assumeNode18(WORK, "playwright-core");
        Node.install(WORK, PACKAGE, "playwright-core", INSTALL_SECONDS);
        Files.copy(
                Path.of("src", "test", "browser", "page.cjs"),
                WORK.resolve("page.cjs"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(SCREENSHOTS);
        List<String> command = new ArrayList<>(List.of("node", "page.cjs"));
        command.addAll(List.of(arguments));
        Node.Run run = Node.run(WORK, RUN_SECONDS, command.toArray(String[]::new));
        System.out.println(run.output());
        return run;
    }

    /** Debian's Chromium, or the one TOLK_CHROMIUM names. */
    private static Path chromium() {
        String named = System.getenv("TOLK_CHROMIUM");
        return Path.of(named != null && !named.isBlank() ? named : "/usr/bin/chromium");
    }
}
