package dev.tolk.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads and paths: every refusal is a {@link DatasetRejectedException} saying what to fix. */
class DatasetStoreTest {

    @TempDir Path data;

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
