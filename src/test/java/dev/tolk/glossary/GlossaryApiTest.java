package dev.tolk.glossary;

import static dev.tolk.testing.Http.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.testing.Http;
import dev.tolk.testing.TinyModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Glossaries over HTTP against a running server with a tiny en→de model that has learned the toy
 * task ({@code wN} becomes {@code z(19-N)}): uploads, refusals, and translations whose terms come
 * out as the glossary says.
 */
@Tag("slow") // trains a model
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GlossaryApiTest {

    private static Path root;

    @LocalServerPort int port;

    private Http http;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createTempDirectory("tolk-glossary-test");
        TinyModels.trainAccurate(root.resolve("models").resolve("toy-en-de"), "en", "de");
        Files.createDirectories(root.resolve("data"));
        registry.add("tolk.models-dir", () -> root.resolve("models").toString());
        registry.add("tolk.data-dir", () -> root.resolve("data").toString());
        registry.add("tolk.device", () -> "cpu");
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private String upload(String tsv, String query) {
        Http.Response created = http.post("/glossaries?" + query, "text/tab-separated-values", tsv);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.raw().headers().firstValue("Location")).hasValue("/glossaries/" + id);
        return id;
    }

    private JsonNode translate(Object... fields) {
        Http.Response response = http.postJson("/translate", object(fields));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static void assertProblem(Http.Response r, int status, String type, String detail) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("type").asString()).isEqualTo("/problems/" + type);
        assertThat(r.json().get("detail").asString()).contains(detail);
    }

    @Test
    void termsComeOutAsTheGlossarySaysWholeWordsOnlyAndCasedForTheirPlace() {
        String id = upload("w3\tKätzchen\nw1\tkater\n", "source=en&target=de&name=toy");

        JsonNode body =
                translate(
                        "texts",
                        List.of("w5 w3 w1", "w1 w5", "w10 w2"),
                        "source",
                        "en",
                        "target",
                        "de",
                        "glossary",
                        id);

        JsonNode t = body.get("translations");
        // the rest of the sentence is the model's: w5 → z14
        assertThat(t.get(0).get("text").asString()).isEqualTo("z14 Kätzchen kater");
        // a term starting the sentence starts with a capital
        assertThat(t.get(1).get("text").asString()).isEqualTo("Kater z14");
        // w1 is not in w10
        assertThat(t.get(2).get("text").asString()).isEqualTo(TinyModels.answer("w10 w2"));
        JsonNode report = body.get("glossary");
        assertThat(report.get("id").asString()).isEqualTo(id);
        assertThat(report.get("terms").asInt()).isEqualTo(3);
        assertThat(report.get("applied").asInt()).isEqualTo(3);
        assertThat(report.get("misses")).isEmpty();
        // attention was needed to place the terms, not asked for: not in the answer
        assertThat(t.get(0).has("attention")).isFalse();

        JsonNode libre =
                translate(
                        "q",
                        List.of("w4 w3", "w2"),
                        "source",
                        "en",
                        "target",
                        "de",
                        "glossary",
                        id);
        assertThat(libre.get("translatedText").get(0).asString()).isEqualTo("z15 Kätzchen");
        assertThat(libre.get("glossary").get("applied").asInt()).isEqualTo(1);
        Http.Response form =
                http.postForm(
                        "/translate",
                        Map.of("q", "w3", "source", "en", "target", "de", "glossary", id));
        assertThat(form.json().get("translatedText").asString()).isEqualTo("Kätzchen");
    }

    @Test
    void aDocumentsSentencesGetTheGlossarysTermsAndTheAnswerSaysWhatItDid() {
        String id = upload("w3\tKätzchen\n", "source=en&target=de");
        byte[] doc = "w5 w3 w1\n\nw3 w2\n\nw6 w7\n".getBytes(StandardCharsets.UTF_8);

        Http.Response answer =
                http.postFiles(
                        "/translate_file",
                        Map.of("file", new Http.FilePart("notes.txt", doc)),
                        Map.of("source", "en", "target", "de", "glossary", id));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode report = answer.json().get("glossary");
        assertThat(report.get("id").asString()).isEqualTo(id);
        assertThat(report.get("terms").asInt()).isEqualTo(2);
        assertThat(report.get("applied").asInt()).isEqualTo(2);
        String translated =
                new String(
                        http.getBytes(answer.json().get("translatedFileUrl").asString()).body(),
                        StandardCharsets.UTF_8);
        assertThat(translated)
                .isEqualTo(
                        "z14 Kätzchen "
                                + TinyModels.answer("w1")
                                + "\n\nKätzchen "
                                + TinyModels.answer("w2")
                                + "\n\n"
                                + TinyModels.answer("w6 w7")
                                + "\n");

        Http.Response without =
                http.postFiles(
                        "/translate_file",
                        Map.of("file", new Http.FilePart("notes.txt", doc)),
                        Map.of("source", "en", "target", "de", "glossary", "none"));
        assertThat(without.json().has("glossary")).isFalse();
        assertThat(
                        new String(
                                http.getBytes(without.json().get("translatedFileUrl").asString())
                                        .body(),
                                StandardCharsets.UTF_8))
                .startsWith(TinyModels.answer("w5 w3 w1"));
        assertProblem(
                http.postFiles(
                        "/translate_file",
                        Map.of("file", new Http.FilePart("notes.txt", doc)),
                        Map.of("source", "en", "target", "de", "glossary", "nope")),
                400, // LibreTranslate's status for what its clients name wrong
                "unknown-glossary",
                "nope");
    }

    @Test
    void aTermWhosePlaceIsUnknownIsReportedAndTheTranslationLeftWhole() {
        String id = upload("w3\tKatze\n", "source=en&target=de");
        // longer than the model's limit: translated sentence by sentence, without attention
        String sentence = "W2 w3 w4 w5 w6 w7 w8 w9 w10 w11. ";
        String text = sentence.repeat(60).strip();

        JsonNode body = translate("text", text, "source", "en", "target", "de", "glossary", id);

        JsonNode report = body.get("glossary");
        assertThat(report.get("terms").asInt()).isEqualTo(60);
        assertThat(report.get("applied").asInt()).isZero();
        assertThat(report.get("misses")).hasSize(60);
        assertThat(report.get("misses").get(0).get("source").asString()).isEqualTo("w3");
        assertThat(report.get("misses").get(0).get("text").asInt()).isZero();
        String plain =
                translate("text", text, "source", "en", "target", "de", "glossary", "none")
                        .get("translations")
                        .get(0)
                        .get("text")
                        .asString();
        assertThat(body.get("translations").get(0).get("text").asString()).isEqualTo(plain);
    }

    @Test
    void aPairsDefaultGlossaryAppliesUnlessTheRequestSaysNone() {
        String id = upload("w7\tHund\n", "source=en&target=de&default=true");
        try {
            JsonNode byDefault = translate("text", "w7 w8", "source", "en", "target", "de");
            assertThat(byDefault.get("translations").get(0).get("text").asString())
                    .isEqualTo("Hund z11");
            assertThat(byDefault.get("glossary").get("id").asString()).isEqualTo(id);

            JsonNode none =
                    translate("text", "w7 w8", "source", "en", "target", "de", "glossary", "none");
            assertThat(none.get("translations").get(0).get("text").asString())
                    .isEqualTo(TinyModels.answer("w7 w8"));
            assertThat(none.has("glossary")).isFalse();
        } finally {
            assertThat(http.delete("/glossaries/" + id).status()).isEqualTo(204);
        }
        JsonNode after = translate("text", "w7 w8", "source", "en", "target", "de");
        assertThat(after.get("translations").get(0).get("text").asString())
                .isEqualTo(TinyModels.answer("w7 w8"));
    }

    @Test
    void glossariesAreListedShownAndDeleted() {
        Http.Response created =
                http.postJson(
                        "/glossaries",
                        object(
                                "name",
                                "Pets",
                                "source",
                                "en",
                                "target",
                                "de",
                                "entries",
                                List.of(
                                        object("source", "cat", "target", "Katze"),
                                        object("source", "dog", "target", "Hund"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Http.Response file =
                http.postMultipart(
                        "/glossaries",
                        Map.of("file", new String[] {"terms.tsv", "bird\tVogel\n"}),
                        Map.of("source", "en", "target", "de"));
        assertThat(file.status()).as(file.body()).isEqualTo(201);

        JsonNode listed = null;
        for (JsonNode g : http.get("/glossaries").json()) {
            if (g.get("id").asString().equals(id)) {
                listed = g;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("entries").asInt()).isEqualTo(2);
        assertThat(listed.get("default").asBoolean()).isFalse();
        JsonNode one = http.get("/glossaries/" + id).json();
        assertThat(one.get("name").asString()).isEqualTo("Pets");
        assertThat(one.get("entries").get(1).get("target").asString()).isEqualTo("Hund");

        assertThat(http.delete("/glossaries/" + id).status()).isEqualTo(204);
        assertProblem(http.get("/glossaries/" + id), 404, "unknown-glossary", id);
        assertProblem(http.delete("/glossaries/" + id), 404, "unknown-glossary", id);
    }

    @Test
    void badUploadsAre400sNamingTheFieldOrLine() {
        assertProblem(
                http.post("/glossaries?target=de", "text/tab-separated-values", "cat\tKatze\n"),
                400,
                "invalid-glossary",
                "source is missing");
        assertProblem(
                http.post(
                        "/glossaries?source=en&target=de",
                        "text/tab-separated-values",
                        "cat\tKatze\ndog Hund\n"),
                400,
                "invalid-glossary",
                "line 2 has 0 tabs");
        assertProblem(
                http.postJson(
                        "/glossaries",
                        object(
                                "source",
                                "en",
                                "target",
                                "de",
                                "entries",
                                List.of(object("source", "cat", "target", "")))),
                400,
                "invalid-glossary",
                "entries[0].target is empty");
        assertProblem(
                http.postJson(
                        "/glossaries", object("source", "en", "target", "de", "entries", "x")),
                400,
                "malformed-body",
                "entries");
        assertProblem(
                http.postJson("/glossaries", object("source", "en", "target", "de")),
                400,
                "invalid-glossary",
                "entries is empty");
    }

    @Test
    void anUnknownGlossaryIs404AndOneOfAnotherPairA400() {
        assertProblem(
                http.postJson(
                        "/translate",
                        object("text", "w1", "source", "en", "target", "de", "glossary", "nope")),
                404,
                "unknown-glossary",
                "nope");
        // LibreTranslate's clients get its 400 for what they name wrong
        assertProblem(
                http.postJson(
                        "/translate",
                        object("q", "w1", "source", "en", "target", "de", "glossary", "nope")),
                400,
                "unknown-glossary",
                "nope");
        String other = upload("z1\tw1\n", "source=de&target=en");
        assertProblem(
                http.postJson(
                        "/translate",
                        object("text", "w1", "source", "en", "target", "de", "glossary", other)),
                400,
                "glossary-mismatch",
                "is for de-en");
    }
}
