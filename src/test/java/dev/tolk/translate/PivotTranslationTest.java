package dev.tolk.translate;

import static dev.tolk.testing.Http.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tolk.testing.Http;
import dev.tolk.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Pivot translation against a running server with two tiny models that chain through English: fr→en
 * learned the toy task ({@code wN} → {@code z(19-N)}), en→de its reverse, so fr→de through en gives
 * back the source.
 */
@Tag("slow") // trains two models
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PivotTranslationTest {

    private static Path root;

    @LocalServerPort int port;

    private Http http;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createTempDirectory("tolk-pivot-test");
        TinyModels.trainAccurate(root.resolve("models").resolve("toy-fr-en"), "fr", "en");
        TinyModels.trainAccurateReversed(root.resolve("models").resolve("toy-en-de"), "en", "de");
        Files.createDirectories(root.resolve("data"));
        registry.add("tolk.models-dir", () -> root.resolve("models").toString());
        registry.add("tolk.data-dir", () -> root.resolve("data").toString());
        registry.add("tolk.device", () -> "cpu");
        registry.add("tolk.translate.cache-max-chars", () -> "0");
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private JsonNode translate(Object... fields) {
        Http.Response response = http.postJson("/translate", object(fields));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void aPairNoModelServesIsTranslatedThroughThePivotAndSaysSo() {
        JsonNode body = translate("text", "w1 w2 w3", "source", "fr", "target", "de");

        assertThat(body.get("pivot").asString()).isEqualTo("en");
        assertThat(body.get("model").asString()).isEqualTo("toy-fr-en+toy-en-de");
        assertThat(body.get("source").asString()).isEqualTo("fr");
        assertThat(body.get("target").asString()).isEqualTo("de");
        assertThat(body.get("modelScores")).hasSize(2);
        JsonNode t = body.get("translations").get(0);
        assertThat(t.get("text").asString()).isEqualTo("w1 w2 w3");

        // the confidence is the product of both legs', each leg asked for on its own
        JsonNode first = translate("text", "w1 w2 w3", "source", "fr", "target", "en");
        assertThat(first.has("pivot")).isFalse();
        JsonNode firstLeg = first.get("translations").get(0);
        assertThat(firstLeg.get("text").asString()).isEqualTo(TinyModels.answer("w1 w2 w3"));
        JsonNode secondLeg =
                translate("text", firstLeg.get("text").asString(), "source", "en", "target", "de")
                        .get("translations")
                        .get(0);
        assertThat(t.get("confidence").asDouble())
                .isCloseTo(
                        firstLeg.get("confidence").asDouble()
                                * secondLeg.get("confidence").asDouble(),
                        within(1e-9));
    }

    @Test
    void libreTranslatesShapeTranslatesThroughThePivotToo() {
        JsonNode one = translate("q", "w4 w5", "source", "fr", "target", "de");
        assertThat(one.get("translatedText").asString()).isEqualTo("w4 w5");
        assertThat(one.get("pivot").asString()).isEqualTo("en");
        assertThat(one.get("confidence").asDouble()).isBetween(0.0, 1.0);

        JsonNode many = translate("q", List.of("w1", "w6 w7"), "source", "fr", "target", "de");
        assertThat(many.get("translatedText").get(1).asString()).isEqualTo("w6 w7");
        assertThat(many.get("pivot")).hasSize(2);

        Http.Response form =
                http.postForm("/translate", Map.of("q", "w8 w9", "source", "fr", "target", "de"));
        assertThat(form.json().get("translatedText").asString()).isEqualTo("w8 w9");

        JsonNode direct = translate("q", "w4 w5", "source", "fr", "target", "en");
        assertThat(direct.has("pivot")).isFalse();
    }

    @Test
    void languagesListThePairsReachedThroughAPivot() {
        JsonNode languages = http.get("/languages").json();

        JsonNode french = null;
        for (JsonNode language : languages) {
            if (language.get("code").asString().equals("fr")) {
                french = language;
            }
        }
        assertThat(french).isNotNull();
        assertThat(french.get("targets").toString()).isEqualTo("[\"de\",\"en\"]");
        assertThat(french.get("pivots").get("de").asString()).isEqualTo("en");
        for (JsonNode language : languages) {
            if (!language.get("code").asString().equals("fr")) {
                assertThat(language.has("pivots")).as(language.toString()).isFalse();
            }
        }
    }

    @Test
    void aNamedModelIsUsedAsItIsNeverThroughAPivot() {
        Http.Response response =
                http.postJson(
                        "/translate",
                        object("text", "w1", "model", "toy-fr-en", "source", "fr", "target", "de"));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("translates fr-en");
    }
}
