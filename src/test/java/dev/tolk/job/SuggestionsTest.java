package dev.tolk.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tolk.FeatureException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuggestionsTest {

    @TempDir Path data;

    private Path journal() {
        return data.resolve("datasets/suggestions-en-de").resolve(Suggestions.FILE);
    }

    @Test
    void refusedWhenOffAsLibreTranslateDoes() {
        Suggestions off = new Suggestions(new DatasetStore(data), false, 100);

        assertThatThrownBy(() -> off.add("a", "b", "en", "de"))
                .isInstanceOfSatisfying(
                        SuggestionRejectedException.class,
                        e -> assertThat(e.failure()).isEqualTo(FeatureException.Failure.DISABLED));
        assertThat(data.resolve("datasets")).doesNotExist();
    }

    @Test
    void eachSuggestionIsALineOfItsPairsDatasetWithLineBreaksMadeSpaces() throws Exception {
        DatasetStore store = new DatasetStore(data);
        Suggestions suggestions = new Suggestions(store, true, 100);

        suggestions.add("A man\nrides.", "Ein Mann\tfährt.", "EN", "de");
        DatasetStore.Dataset dataset = suggestions.add("Hi", "Hallo", "en", "de");

        assertThat(dataset.id()).isEqualTo("suggestions-en-de");
        assertThat(dataset.pairs()).isEqualTo(2);
        assertThat(dataset.kind()).isEqualTo(DatasetStore.Dataset.SUGGESTIONS);
        assertThat(store.find("suggestions-en-de")).contains(dataset);
        assertThat(Files.readAllLines(journal()))
                .containsExactly(
                        "{\"source\":\"A man rides.\",\"target\":\"Ein Mann fährt.\"}",
                        "{\"source\":\"Hi\",\"target\":\"Hallo\"}");
    }

    @Test
    void aLineACrashCutShortIsDroppedBeforeTheNextOne() throws Exception {
        Suggestions suggestions = new Suggestions(new DatasetStore(data), true, 100);
        suggestions.add("one", "eins", "en", "de");
        Files.writeString(journal(), "{\"source\":\"tw", StandardOpenOption.APPEND);

        DatasetStore.Dataset dataset = suggestions.add("three", "drei", "en", "de");

        assertThat(dataset.pairs()).isEqualTo(2);
        assertThat(Files.readString(journal(), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"source\":\"one\",\"target\":\"eins\"}\n"
                                + "{\"source\":\"three\",\"target\":\"drei\"}\n");
    }

    @Test
    void aJobGetsASnapshotThatLaterSuggestionsLeaveAlone() throws Exception {
        DatasetStore store = new DatasetStore(data);
        Suggestions suggestions = new Suggestions(store, true, 100);
        suggestions.add("one", "eins", "en", "de");
        suggestions.add("two", "zwei", "en", "de");

        String snapshot = suggestions.snapshot("suggestions-en-de");
        suggestions.add("three", "drei", "en", "de");

        assertThat(snapshot).isEqualTo("suggestions-en-de-2");
        DatasetStore.Dataset frozen = store.find(snapshot).orElseThrow();
        assertThat(frozen.kind()).isEqualTo(DatasetStore.Dataset.SNAPSHOT);
        assertThat(frozen.pairs()).isEqualTo(2);
        assertThat(Files.readAllLines(store.files(frozen).source())).hasSize(2);
        assertThat(suggestions.snapshot("suggestions-en-de")).isEqualTo("suggestions-en-de-3");
        assertThat(suggestions.snapshot("an-upload")).isEqualTo("an-upload");
    }

    @Test
    void missingAndOverlongFieldsAreRefusedByName() {
        Suggestions suggestions = new Suggestions(new DatasetStore(data), true, 5);

        assertThatThrownBy(() -> suggestions.add("a", " ", "en", "de"))
                .hasMessage("Invalid request: missing s parameter");
        assertThatThrownBy(() -> suggestions.add("a", "b", null, "de"))
                .hasMessage("Invalid request: missing source parameter");
        assertThatThrownBy(() -> suggestions.add("abcdef", "b", "en", "de"))
                .hasMessageContaining("q has 6 characters; the limit is 5");
        assertThatThrownBy(() -> suggestions.add("a", "b", "en/../x", "de"))
                .hasMessageContaining("language codes");
    }
}
