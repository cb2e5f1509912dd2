package dev.tolk.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /models/{id}} shows a model's recipe and corpus report without server paths. */
class ModelsControllerPathsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void pathsInTheRecipeAreCutToFileNames() {
        JsonNode recipe =
                JSON.readTree(
                        """
                        {"sourceLang": "en", "targetLang": "de",
                         "trainSource": "/srv/tolk/data/uploads/7f3a/train.en.gz",
                         "trainTarget": "/srv/tolk/data/uploads/7f3a/train.de.gz",
                         "validSource": "C:\\\\corpora\\\\dev.en", "validTarget": null,
                         "testSource": "data/test.en", "preset": "small", "maxEpochs": 3,
                         "extra": {"files": ["/home/me/a.tsv", "b.tsv"]}}
                        """);

        JsonNode shown = ModelsController.withoutServerPaths(recipe);

        assertThat(shown.get("trainSource").asString()).isEqualTo("train.en.gz");
        assertThat(shown.get("trainTarget").asString()).isEqualTo("train.de.gz");
        assertThat(shown.get("validSource").asString()).isEqualTo("dev.en");
        assertThat(shown.get("validTarget").isNull()).isTrue();
        assertThat(shown.get("testSource").asString()).isEqualTo("test.en");
        assertThat(shown.get("preset").asString()).isEqualTo("small");
        assertThat(shown.get("maxEpochs").asInt()).isEqualTo(3);
        assertThat(shown.get("extra").get("files").get(0).asString()).isEqualTo("a.tsv");
        assertThat(shown.toString()).doesNotContain("/srv").doesNotContain("/home");
        // The manifest itself is not changed (job decisions read it).
        assertThat(recipe.get("trainSource").asString()).startsWith("/srv/");
        assertThat(ModelsController.withoutServerPaths(null)).isNull();
    }
}
