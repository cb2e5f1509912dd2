package dev.tolk.glossary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Glossaries kept as files: uploads checked, listed, a default per pair, deleted. */
class GlossaryStoreTest {

    @TempDir Path data;

    private static GlossaryUpload json(String name, boolean byDefault, GlossaryUpload.Entry... e) {
        return new GlossaryUpload(name, "en", "de", byDefault, List.of(e));
    }

    @Test
    void aTsvUploadIsKeptListedAndFoundByItsId() {
        GlossaryStore store = new GlossaryStore(data);

        Glossary kept =
                store.add(
                        GlossaryUpload.fromTsv(
                                "# pets\ncat\tKatze\n\n  dog \tHund\r\n",
                                "Pets!",
                                "en",
                                "de",
                                null));

        assertThat(kept.id()).matches("pets-[0-9a-f]{8}");
        assertThat(kept.name()).isEqualTo("Pets!");
        assertThat(kept.entries())
                .containsExactly(
                        new Glossary.Term("cat", "Katze"), new Glossary.Term("dog", "Hund"));
        assertThat(Files.exists(data.resolve("glossaries").resolve(kept.id() + ".json"))).isTrue();
        // a new store reads what the first wrote
        GlossaryStore again = new GlossaryStore(data);
        assertThat(again.list()).containsExactly(kept);
        assertThat(again.get(kept.id()).glossary()).isEqualTo(kept);
    }

    @Test
    void theLastUploadAskingToBeDefaultIsItsPairsDefaultUntilDeleted() {
        GlossaryStore store = new GlossaryStore(data);
        Glossary first = store.add(json("a", true, new GlossaryUpload.Entry("cat", "Katze")));
        Glossary second = store.add(json("b", true, new GlossaryUpload.Entry("cat", "Mieze")));
        store.add(json("c", false, new GlossaryUpload.Entry("cat", "Kater")));

        assertThat(store.defaultFor("en", "de").orElseThrow().glossary().id())
                .isEqualTo(second.id());
        assertThat(store.get(first.id()).glossary().byDefault()).isFalse();
        assertThat(store.defaultFor("de", "en")).isEmpty();

        store.delete(second.id());

        assertThat(store.find(second.id())).isEmpty();
        assertThat(store.defaultFor("en", "de")).isEmpty();
        assertThat(store.list()).hasSize(2);
    }

    @Test
    void anUnknownIdIsNotFound() {
        GlossaryStore store = new GlossaryStore(data);

        assertThatThrownBy(() -> store.get("nope"))
                .isInstanceOf(GlossaryNotFoundException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> store.delete("../escape"))
                .isInstanceOf(GlossaryNotFoundException.class);
    }

    @Test
    void badUploadsNameTheFieldOrLineAndLeaveNothingBehind() {
        GlossaryStore store = new GlossaryStore(data);

        assertRejected(store, json("x", false), "entries is empty");
        assertRejected(
                store,
                json(
                        "x",
                        false,
                        new GlossaryUpload.Entry("cat", "Katze"),
                        new GlossaryUpload.Entry("dog", " ")),
                "entries[1].target is empty");
        assertRejected(
                store,
                json(
                        "x",
                        false,
                        new GlossaryUpload.Entry("cat", "Katze"),
                        new GlossaryUpload.Entry("CAT", "Kater")),
                "entries[1].source \"CAT\" repeats entries[0]");
        assertRejected(
                store,
                json("x", false, new GlossaryUpload.Entry("-cat", "Katze")),
                "entries[0].source \"-cat\" must start with a letter or digit");
        assertRejected(
                store,
                new GlossaryUpload(
                        "x", null, "de", false, List.of(new GlossaryUpload.Entry("a", "b"))),
                "source is missing");
        assertRejected(
                store,
                new GlossaryUpload(
                        "x", "en", "d e", false, List.of(new GlossaryUpload.Entry("a", "b"))),
                "target \"d e\" is not a language code");
        assertThatThrownBy(
                        () ->
                                store.add(
                                        GlossaryUpload.fromTsv(
                                                "cat\tKatze\ndog Hund\n", null, "en", "de", null)))
                .isInstanceOf(GlossaryRejectedException.class)
                .hasMessageStartingWith("line 2 has 0 tabs");
        assertThatThrownBy(
                        () ->
                                store.add(
                                        GlossaryUpload.fromTsv(
                                                "cat\tKatze\n\ndog\t\n", null, "en", "de", null)))
                .isInstanceOf(GlossaryRejectedException.class)
                .hasMessageStartingWith("line 3, column 2 (target) is empty");
        assertThat(store.list()).isEmpty();
    }

    private static void assertRejected(GlossaryStore store, GlossaryUpload upload, String message) {
        assertThatThrownBy(() -> store.add(upload))
                .isInstanceOf(GlossaryRejectedException.class)
                .hasMessageContaining(message)
                .satisfies(
                        e ->
                                assertThat(((GlossaryRejectedException) e).type())
                                        .isEqualTo("invalid-glossary"));
    }
}
