package dev.tolk.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir Path dir;

    @Test
    void replacesTheTargetWithTheNewContent() throws IOException {
        Path target = dir.resolve("sub/model.params");
        AtomicFiles.write(target, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(target, out -> out.write("second".getBytes(StandardCharsets.UTF_8)));

        assertThat(target).hasContent("second");
        assertThat(filesIn(target.getParent())).containsExactly("model.params");
    }

    @Test
    void aFailedWriteLeavesTheCompleteOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("model.params");
        AtomicFiles.write(target, out -> out.write("complete".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(
                        () ->
                                AtomicFiles.write(
                                        target,
                                        out -> {
                                            out.write("half".getBytes(StandardCharsets.UTF_8));
                                            throw new IOException("disk full");
                                        }))
                .hasMessage("disk full");

        assertThat(target).hasContent("complete");
        assertThat(filesIn(dir)).containsExactly("model.params");
    }

    private static String[] filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toArray(String[]::new);
        }
    }
}
