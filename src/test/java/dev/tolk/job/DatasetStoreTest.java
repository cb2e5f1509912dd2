package dev.tolk.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tolk.FeatureException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads and paths: every refusal is a {@link DatasetRejectedException} saying what to fix, or an
 * {@link UploadTooLargeException} (413) naming the cap and its property.
 */
class DatasetStoreTest {

    @TempDir Path data;

    /** One line of 1 GiB of zero bytes, gzipped: about 1 MB on disk. */
    @TempDir static Path bombs;

    private static Path bomb;

    @BeforeAll
    static void gzipBomb() throws IOException {
        bomb = bombs.resolve("bomb.gz");
        byte[] zeros = new byte[1 << 20];
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16)) {
            for (int i = 0; i < 1024; i++) {
                out.write(zeros);
            }
        }
        assertThat(Files.size(bomb)).isLessThan(2L << 20);
    }

    private static DatasetStore.Upload upload(String name, Path file) {
        return new DatasetStore.Upload() {
            @Override
            public String filename() {
                return name;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }
        };
    }

    private static void assertTooLarge(ThrowingCallable upload, String... mentions) {
        long start = System.nanoTime();
        assertThatThrownBy(upload)
                .isInstanceOfSatisfying(
                        UploadTooLargeException.class,
                        e -> {
                            assertThat(e.failure()).isEqualTo(FeatureException.Failure.TOO_LARGE);
                            assertThat(e.type()).isEqualTo("upload-too-large");
                            assertThat(e.getMessage()).contains(mentions).doesNotContain(".upload");
                        });
        // refused as soon as the cap is passed, not after decompressing the whole file
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aGzipBombOfOneLineIsRefusedAtTheLineCap() throws Exception {
        DatasetStore store = new DatasetStore(data);

        assertTooLarge(
                () -> store.add("bomb", null, null, Map.of("file", upload("bomb.tsv.gz", bomb))),
                "bomb.tsv.gz:1",
                "100000 characters",
                "tolk.datasets.max-line-chars");
        assertTooLarge(
                () ->
                        store.add(
                                "bomb",
                                null,
                                null,
                                Map.of(
                                        "source", upload("a.en.gz", bomb),
                                        "target", upload("a.de.gz", bomb))),
                "source.txt.gz:1",
                "tolk.datasets.max-line-chars");
        assertThat(store.list()).isEmpty();
        assertThat(data.resolve("datasets")).isEmptyDirectory();
    }

    @Test
    void aGzipBombIsRefusedAtTheDecompressedSizeCap() {
        DatasetStore store = new DatasetStore(data, 50_000, 100_000);

        assertTooLarge(
                () -> store.add("bomb", null, null, Map.of("file", upload("bomb.jsonl.gz", bomb))),
                "bomb.jsonl.gz",
                "larger than 50000 bytes",
                "tolk.datasets.max-uncompressed-bytes");
    }

    @Test
    void aFileOverTheCapsIsRefusedPlainToo() throws Exception {
        DatasetStore store = new DatasetStore(data, 1000, 20);

        assertThat(
                        store.add(
                                        null,
                                        null,
                                        null,
                                        Map.of("file", upload("ok.tsv", "a\tb\n".repeat(250))))
                                .pairs())
                .isEqualTo(250); // exactly 1000 bytes
        assertTooLarge(
                () ->
                        store.add(
                                null,
                                null,
                                null,
                                Map.of("file", upload("big.tsv", "a\tb\n".repeat(251)))),
                "big.tsv",
                "larger than 1000 bytes",
                "tolk.datasets.max-uncompressed-bytes");
        assertTooLarge(
                () ->
                        store.add(
                                null,
                                null,
                                null,
                                Map.of(
                                        "file",
                                        upload("long.tsv", "a\tb\n" + "x".repeat(30) + "\tb\n"))),
                "long.tsv:2",
                "longer than 20 characters",
                "tolk.datasets.max-line-chars");
    }

    @Test
    void leftoversOfInterruptedUploadsAreRemovedAtStart() throws Exception {
        DatasetStore.Dataset kept =
                new DatasetStore(data)
                        .add("kept", null, null, Map.of("file", upload("pairs.tsv", "a\tb\n")));
        Path leftover = data.resolve("datasets").resolve(".20250101-000000-0badc0de.upload");
        Files.createDirectories(leftover);
        Files.writeString(leftover.resolve("source.txt"), "half an upload");

        DatasetStore store = new DatasetStore(data);

        assertThat(leftover).doesNotExist();
        assertThat(store.list()).extracting(DatasetStore.Dataset::id).containsExactly(kept.id());
    }

    private static DatasetStore.Upload upload(String name, String text) {
        return new DatasetStore.Upload() {
            @Override
            public String filename() {
                return name;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    @Test
    void pathsStayInsideTheDataDirectory() throws Exception {
        DatasetStore store = new DatasetStore(data);
        Files.writeString(data.resolve("train.tsv"), "a\tb\n");

        assertThat(store.resolveInside("train.tsv", "trainSource")).isRegularFile();
        assertThatThrownBy(() -> store.resolveInside("../outside.tsv", "trainSource"))
                .isInstanceOfSatisfying(
                        DatasetRejectedException.class,
                        e -> assertThat(e.type()).isEqualTo("path-outside-data-dir"));
        assertThatThrownBy(() -> store.resolveInside("nul\0.tsv", "trainSource"))
                .isInstanceOf(DatasetRejectedException.class)
                .hasMessageContaining("trainSource");
        assertThatThrownBy(() -> store.resolveInside("missing.tsv", "validSource"))
                .isInstanceOfSatisfying(
                        DatasetRejectedException.class,
                        e -> assertThat(e.type()).isEqualTo("missing-file"));
    }

    @Test
    void theStoreDecidesWhichPartsMakeACorpus() throws Exception {
        DatasetStore store = new DatasetStore(data);

        DatasetStore.Dataset aligned =
                store.add(
                        "toy",
                        "en",
                        "de",
                        Map.of(
                                "source", upload("a.en", "one\ntwo\n"),
                                "target", upload("a.de", "eins\nzwei\n")));
        assertThat(aligned.pairs()).isEqualTo(2);
        assertThatThrownBy(
                        () ->
                                store.add(
                                        null,
                                        null,
                                        null,
                                        Map.of(
                                                "file", upload("a.tsv", "a\tb\n"),
                                                "source", upload("a.en", "a\n"))))
                .isInstanceOf(DatasetRejectedException.class)
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> store.add(null, null, null, Map.of("source", upload("a", "a\n"))))
                .isInstanceOf(DatasetRejectedException.class)
                .hasMessageContaining("source and target");
        assertThatThrownBy(
                        () ->
                                store.add(
                                        null,
                                        null,
                                        null,
                                        Map.of("file", upload("bad.tsv", "one\ttwo\nno tab\n"))))
                .isInstanceOf(DatasetRejectedException.class)
                .hasMessageContaining(":2");
    }
}
