package dev.tolk.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStampTest {

    @Test
    void twoVersionsWrittenAtTheSameTimeStampDifferently(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("defaults.json");
        FileTime tick = FileTime.fromMillis(1_700_000_000_000L);
        AtomicFiles.write(file, out -> out.write("{\"en-de\":\"a\"}".getBytes()));
        Files.setLastModifiedTime(file, tick);
        FileStamp first = FileStamp.of(file);
        AtomicFiles.write(file, out -> out.write("{\"en-de\":\"b\"}".getBytes()));
        Files.setLastModifiedTime(file, tick);

        assertThat(FileStamp.of(file).modified()).isEqualTo(first.modified());
        assertThat(FileStamp.of(file)).isNotEqualTo(first); // same size too: the inode tells
        assertThat(FileStamp.of(file)).isEqualTo(FileStamp.of(file));
    }
}
