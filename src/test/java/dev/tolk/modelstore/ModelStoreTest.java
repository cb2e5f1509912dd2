package dev.tolk.modelstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.testing.FakeModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** defaults.json: written atomically, and a damaged one does not stop the store. */
class ModelStoreTest {

    @TempDir Path models;

    @Test
    void aDamagedDefaultsFileReadsAsNoDefaultsAndSaysWhatIsWrong() throws Exception {
        FakeModels.write(models, "en-de-old", 10, "2026-01-01T00:00:00Z");
        FakeModels.write(models, "en-de-new", 5, "2026-02-01T00:00:00Z");
        Files.writeString(models.resolve("defaults.json"), "{\"en-de\": \"en-de-old\"");
        ModelStore store = new ModelStore(models);

        assertThat(store.defaults()).isEmpty();
        assertThat(store.defaultsProblem())
                .hasValueSatisfying(
                        p -> assertThat(p).contains("defaults.json is damaged").contains("fix"));
        assertThat(store.list()).extracting(ModelStore.Entry::id).hasSize(2);
        // served by the newest model of the pair meanwhile
        assertThat(store.forPair("en", "de").orElseThrow().id()).isEqualTo("en-de-new");

        // Setting a default keeps the damaged file aside and writes a whole new one.
        store.setDefault(store.find("en-de-old").orElseThrow());
        assertThat(store.defaults()).containsEntry("en-de", "en-de-old");
        assertThat(store.defaultsProblem()).isEmpty();
        assertThat(models.resolve("defaults.json.damaged")).hasContent("{\"en-de\": \"en-de-old\"");
        try (var files = Files.list(models)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void aDefaultsFileOfTheWrongShapeIsDamagedToo() throws Exception {
        Files.createDirectories(models);
        Files.writeString(models.resolve("defaults.json"), "[\"en-de\"]");
        ModelStore store = new ModelStore(models);
        assertThat(store.defaults()).isEmpty();
        assertThat(store.defaultsProblem()).isPresent();
        Files.writeString(models.resolve("defaults.json"), "{\"en-de\": null}");
        Files.setLastModifiedTime(
                models.resolve("defaults.json"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertThat(store.defaults()).isEmpty();
        assertThat(store.defaultsProblem()).hasValueSatisfying(p -> assertThat(p).contains("pair"));
    }
}
