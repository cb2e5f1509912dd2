package dev.tolk.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslatedFilesTest {

    @TempDir Path dir;

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void aStoredFileIsFoundByItsNameAndDownloadedUnderTheUploadedName() throws Exception {
        TranslatedFiles files = new TranslatedFiles(dir, Duration.ofMinutes(30), Clock.systemUTC());

        String name = files.store("My Report.docx", out -> out.write(new byte[] {1, 2, 3}));

        assertThat(name).matches("[0-9a-f]{32}\\.My_Report\\.docx");
        var stored = files.find(name).orElseThrow();
        assertThat(stored.downloadName()).isEqualTo("My_Report.docx");
        assertThat(stored.format()).isEqualTo(DocumentFormat.DOCX);
        assertThat(Files.readAllBytes(stored.path())).containsExactly(1, 2, 3);
    }

    @Test
    void aFileOlderThanTheKeepTimeIsGoneAndDeleted() throws Exception {
        TranslatedFiles now = new TranslatedFiles(dir, Duration.ofMinutes(30), Clock.systemUTC());
        String name = now.store("a.txt", out -> out.write("x".getBytes(StandardCharsets.UTF_8)));

        TranslatedFiles later =
                new TranslatedFiles(
                        dir,
                        Duration.ofMinutes(30),
                        at(Instant.now().plus(Duration.ofMinutes(31))));

        assertThat(later.find(name)).isEmpty();
        assertThat(dir.resolve(name)).doesNotExist();
    }

    @Test
    void namesThatAreNotTheStoresOwnFindNothing() throws Exception {
        TranslatedFiles files = new TranslatedFiles(dir, Duration.ofMinutes(30), Clock.systemUTC());
        Files.writeString(dir.getParent().resolve("secret.txt"), "no");

        assertThat(files.find("../secret.txt")).isEmpty();
        assertThat(files.find("0123456789abcdef0123456789abcdef.../secret.txt")).isEmpty();
        assertThat(files.find("0123456789abcdef0123456789abcdef.missing.txt")).isEmpty();
        assertThat(files.find(null)).isEmpty();
    }

    @Test
    void unsafeUploadedNamesAreCleaned() {
        assertThat(TranslatedFiles.safe("../../etc/passwd.txt")).isEqualTo("passwd.txt");
        assertThat(TranslatedFiles.safe("C:\\docs\\Brief (1).docx")).isEqualTo("Brief__1_.docx");
        assertThat(TranslatedFiles.safe(".hidden.odt")).isEqualTo("hidden.odt");
        assertThat(TranslatedFiles.safe("")).isEqualTo("document");
    }
}
