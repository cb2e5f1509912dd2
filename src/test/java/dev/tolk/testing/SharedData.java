package dev.tolk.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The corpora in {@code ../shared} beside the checkout; tests that need them skip without. */
public final class SharedData {

    private SharedData() {}

    /** {@code ../shared/data/multi30k}; skips the calling test with a message when absent. */
    public static Path multi30k() {
        Path dir = Path.of("..", "shared", "data", "multi30k").toAbsolutePath().normalize();
        assumeTrue(
                Files.isRegularFile(dir.resolve("train.en.gz")),
                "Multi30k is not at " + dir + ": test skipped (see data/README.md to get it)");
        return dir;
    }
}
