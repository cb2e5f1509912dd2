package dev.tolk.web;

import static dev.tolk.testing.Http.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.testing.Http;
import dev.tolk.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Every endpoint of the service and its errors, against a running server with a tiny en→de model
 * (trained here in seconds on a toy task) in its models directory.
 */
@Tag("slow") // trains a model
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServiceApiTest {

    private static Path root;

    @LocalServerPort int port;

    private Http http;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createTempDirectory("tolk-api-test");
        TinyModels.trainAccurate(root.resolve("models").resolve("toy-en-de"), "en", "de");
        Files.createDirectories(root.resolve("data"));
        registry.add("tolk.models-dir", () -> root.resolve("models").toString());
        registry.add("tolk.data-dir", () -> root.resolve("data").toString());
        registry.add("tolk.device", () -> "cpu");
        registry.add("tolk.translate.max-chars", () -> "200");
        registry.add("tolk.translate.max-texts", () -> "5");
        registry.add("spring.servlet.multipart.max-file-size", () -> "4KB");
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private static void assertProblem(Http.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo("/problems/" + type);
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(problem.get("error").asString()).isEqualTo(problem.get("detail").asString());
    }

    @Test
    void translatesOneText() {
        Http.Response response = http.postJson("/translate", object("text", "w1 w2 w3"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("model").asString()).isEqualTo("toy-en-de");
        assertThat(body.get("source").asString()).isEqualTo("en");
        assertThat(body.get("target").asString()).isEqualTo("de");
        assertThat(body.get("translations")).hasSize(1);
        JsonNode t = body.get("translations").get(0);
        assertThat(t.get("text").asString()).isEqualTo(TinyModels.answer("w1 w2 w3"));
        assertThat(t.get("score").asDouble()).isLessThanOrEqualTo(0);
        assertThat(t.get("confidence").asDouble())
                .isEqualTo(Math.exp(t.get("score").asDouble()))
                .isBetween(0.0, 1.0);
        assertThat(body.get("modelScores").get("heldOut").get("signature").asString())
                .contains("tok:13a");
    }

    @Test
    void translatesABatchWithNBestAndAttention() {
        Http.Response response =
                http.postJson(
                        "/translate",
                        object(
                                "texts",
                                List.of("w4 w5", "w3 w4 w5"),
                                "source",
                                "en",
                                "target",
                                "de",
                                "beamSize",
                                3,
                                "nBest",
                                2,
                                "noRepeatNgram",
                                2,
                                "attention",
                                true));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("search").asString()).endsWith("no repeated 2-grams");
        JsonNode translations = response.json().get("translations");
        assertThat(translations).hasSize(2);
        assertThat(translations.get(0).get("text").asString())
                .isEqualTo(TinyModels.answer("w4 w5"));
        assertThat(translations.get(1).get("text").asString())
                .isEqualTo(TinyModels.answer("w3 w4 w5"));
        for (JsonNode t : translations) {
            assertThat(t.get("nBest")).hasSize(2);
            List<String> bigrams = new ArrayList<>();
            JsonNode tokens = t.get("targetTokens");
            for (int i = 0; i + 1 < tokens.size(); i++) {
                bigrams.add(tokens.get(i).asString() + " " + tokens.get(i + 1).asString());
            }
            assertThat(bigrams).doesNotHaveDuplicates();
            JsonNode attention = t.get("attention");
            assertThat(attention.size()).isEqualTo(t.get("targetTokens").size());
            assertThat(attention.get(0).size()).isEqualTo(t.get("sourceTokens").size());
        }
    }

    @Test
    void answersLibreTranslateClientsInLibreTranslatesShape() {
        JsonNode one =
                http.postJson("/translate", object("q", "w1 w2", "source", "en", "target", "de"))
                        .json();
        assertThat(one.get("translatedText").asString()).isEqualTo(TinyModels.answer("w1 w2"));
        assertThat(one.has("alternatives")).isFalse();
        assertThat(one.get("confidence").asDouble()).isBetween(0.0, 1.0);

        JsonNode many =
                http.postJson(
                                "/translate",
                                object(
                                        "q",
                                        List.of("w1", "w2 w3"),
                                        "source",
                                        "en",
                                        "target",
                                        "de",
                                        "alternatives",
                                        2,
                                        "api_key",
                                        ""))
                        .json();
        assertThat(many.get("translatedText")).hasSize(2);
        assertThat(many.get("translatedText").get(1).asString())
                .isEqualTo(TinyModels.answer("w2 w3"));
        assertThat(many.get("alternatives")).hasSize(2);
        assertThat(many.get("alternatives").get(0).size()).isBetween(1, 2);
        assertThat(many.get("confidence")).hasSize(2);

        Http.Response form =
                http.postForm("/translate", Map.of("q", "w4 w5", "source", "auto", "target", "de"));
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        assertThat(form.json().get("translatedText").asString())
                .isEqualTo(TinyModels.answer("w4 w5"));
        assertThat(form.json().get("detectedLanguage").get("language").asString()).isEqualTo("en");
    }

    /**
     * A client that speaks as {@code libretranslatepy} does: form-encoded POSTs (urllib's {@code
     * urlencode}) to {@code /translate} and {@code /detect}, a GET of {@code /languages}; then the
     * other small things LibreTranslate clients rely on.
     */
    @Test
    void aFormEncodedClientAsLibretranslatepySpeaksWorks() throws Exception {
        Http.Response translated =
                http.postForm(
                        "/translate",
                        Map.of("q", "w1 w2", "source", "en", "target", "de", "api_key", ""));
        assertThat(translated.status()).as(translated.body()).isEqualTo(200);
        assertThat(translated.json().get("translatedText").asString())
                .isEqualTo(TinyModels.answer("w1 w2"));

        Http.Response detected =
                http.postForm("/detect", Map.of("q", "A man rides a bike.", "api_key", ""));
        assertThat(detected.status()).as(detected.body()).isEqualTo(200);
        assertThat(detected.json().get(0).get("language").asString()).isEqualTo("en");
        assertThat(detected.json().get(0).get("confidence").isNumber()).isTrue();

        JsonNode languages = http.get("/languages").json();
        assertThat(languages.get(1).get("code").asString()).isEqualTo("en");

        // Codes as LibreTranslate reads them; "format": "" is text; a POST with only a query.
        Http.Response codes =
                http.postJson(
                        "/translate",
                        object("q", "w1 w2", "source", "EN", "target", "de-DE", "format", ""));
        assertThat(codes.status()).as(codes.body()).isEqualTo(200);
        assertThat(codes.json().get("translatedText").asString())
                .isEqualTo(TinyModels.answer("w1 w2"));
        Http.Response query = http.postEmpty("/translate?q=w1%20w2&source=en-US&target=de");
        assertThat(query.status()).as(query.body()).isEqualTo(200);
        assertThat(query.json().get("translatedText").asString())
                .isEqualTo(TinyModels.answer("w1 w2"));

        // LibreTranslate's 400 with an error for an unsupported language; Tolk's shape keeps 404.
        Http.Response unsupported =
                http.postForm("/translate", Map.of("q", "w1", "source", "fr", "target", "de"));
        assertThat(unsupported.status()).as(unsupported.body()).isEqualTo(400);
        assertThat(unsupported.json().get("error").asString()).contains("fr-de");
        Http.Response tooLong =
                http.postJson(
                        "/translate",
                        object("q", "w1 ".repeat(100), "source", "en", "target", "de"));
        assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(400);
        Http.Response noQ = http.postJson("/detect", object("nothing", 1));
        assertThat(noQ.status()).as(noQ.body()).isEqualTo(400);
        assertThat(noQ.json().get("error").asString()).contains("missing q");

        JsonNode settings = http.get("/frontend/settings").json();
        assertThat(settings.get("charLimit").asInt()).isEqualTo(200);
        assertThat(settings.get("keyRequired").asBoolean()).isFalse();
        assertThat(settings.get("language").get("target").get("code").asString()).isEqualTo("de");
        assertThat(http.get("/health").json().get("status").asString()).isEqualTo("ok");

        // A browser's preflight, as the real server answers it.
        java.net.http.HttpResponse<String> preflight =
                java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(
                                                java.net.URI.create(
                                                        "http://localhost:" + port + "/translate"))
                                        .method(
                                                "OPTIONS",
                                                java.net.http.HttpRequest.BodyPublishers.noBody())
                                        .header("Origin", "https://ext.example")
                                        .header("Access-Control-Request-Method", "POST")
                                        .header("Access-Control-Request-Headers", "content-type")
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    @Test
    void htmlKeepsMarkupOutOfTheModel() {
        JsonNode body =
                http.postJson(
                                "/translate",
                                object(
                                        "q",
                                        "<p class=\"x\">w1 w2 <b>w3</b></p>",
                                        "source",
                                        "en",
                                        "target",
                                        "de",
                                        "format",
                                        "html"))
                        .json();
        String html = body.get("translatedText").asString();
        assertThat(html).isEqualTo("<p class=\"x\">z18 z17 <b>z16</b></p>");
        assertThat(html).doesNotContain("w1").doesNotContain("w3");
        assertThat(body.get("confidence").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void listsLanguagesAndDetects() {
        JsonNode languages = http.get("/languages").json();
        assertThat(languages).hasSize(2);
        assertThat(languages.get(0).get("code").asString()).isEqualTo("de");
        assertThat(languages.get(1).get("code").asString()).isEqualTo("en");
        assertThat(languages.get(1).get("name").asString()).isEqualTo("English");
        assertThat(languages.get(1).get("targets").get(0).asString()).isEqualTo("de");

        Http.Response detect = http.postJson("/detect", object("q", "A man rides a bike."));
        assertThat(detect.status()).as(detect.body()).isEqualTo(200);
        assertThat(detect.json().get(0).get("language").asString()).isEqualTo("en");
        Http.Response form = http.postForm("/detect", Map.of("q", "A man rides a bike."));
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        // One source language served: its share against common languages, not always 100.
        assertThat(form.json().get(0).get("confidence").asDouble()).isBetween(50.0, 100.0);
    }

    @Test
    void modelsAreListedInspectedMadeDefaultAndDeleted() throws IOException {
        JsonNode list = http.get("/models").json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asString()).isEqualTo("toy-en-de");
        assertThat(list.get(0).get("bytes").asLong()).isPositive();

        JsonNode one = http.get("/models/toy-en-de").json();
        assertThat(one.get("config").get("modelDim").asInt()).isEqualTo(64);
        assertThat(one.get("metrics").get("heldOut").get("bleu").isNumber()).isTrue();
        // No server paths in public answers: the recipe's corpus files by name only.
        assertThat(one.get("recipe").toString()).doesNotContain(root.toString());
        assertThat(one.get("recipe").get("trainSource").asString()).doesNotContain("/");

        Http.Response made = http.postEmpty("/models/toy-en-de/default");
        assertThat(made.status()).isEqualTo(200);
        assertThat(made.json().get("default").asBoolean()).isTrue();

        // A copy to delete: the original stays for the other tests.
        Path copy = root.resolve("models").resolve("copy-en-de");
        copyTree(root.resolve("models").resolve("toy-en-de"), copy);
        assertThat(http.get("/models").json()).hasSize(2);
        assertThat(http.delete("/models/copy-en-de").status()).isEqualTo(204);
        assertThat(Files.exists(copy)).isFalse();
        assertProblem(http.get("/models/copy-en-de"), 404, "unknown-model");
    }

    @Test
    void evaluatesLikeSacreBleu() {
        JsonNode perfect =
                http.postJson(
                                "/evaluate",
                                object(
                                        "hypotheses",
                                        List.of("a cat sat on the mat"),
                                        "references",
                                        List.of("a cat sat on the mat")))
                        .json();
        assertThat(perfect.get("bleu").asDouble()).isEqualTo(100.0);
        assertThat(perfect.get("signature").asString())
                .startsWith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp");

        assertProblem(
                http.postJson(
                        "/evaluate",
                        object("hypotheses", List.of("a", "b"), "references", List.of("a"))),
                400,
                "length-mismatch");
    }

    @Test
    void datasetsAreValidatedOnUpload() {
        Http.Response ok =
                http.postMultipart(
                        "/datasets",
                        Map.of("file", new String[] {"toy.tsv", TinyModels.corpus(20, 2)}),
                        Map.of("name", "toy", "sourceLang", "en", "targetLang", "de"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().get("pairs").asLong()).isEqualTo(20);
        String id = ok.json().get("id").asString();
        assertThat(http.get("/datasets").json().toString()).contains(id);
        assertThat(ok.raw().headers().firstValue("Location")).hasValue("/datasets/" + id);
        assertThat(http.get("/datasets/" + id).json().get("pairs").asLong()).isEqualTo(20);
        assertProblem(http.get("/datasets/nope"), 404, "unknown-dataset");

        // a file named like the dataset's own record is still kept as the corpus
        Http.Response named =
                http.postMultipart(
                        "/datasets",
                        Map.of(
                                "file",
                                new String[] {
                                    "dataset.json", "{\"source\": \"w1\", \"target\": \"z18\"}\n"
                                }),
                        Map.of());
        assertThat(named.status()).as(named.body()).isEqualTo(201);
        assertThat(named.json().get("pairs").asLong()).isEqualTo(1);
        assertThat(named.json().get("files").get(0).asString()).isNotEqualTo("dataset.json");

        Http.Response bad =
                http.postMultipart(
                        "/datasets",
                        Map.of("file", new String[] {"bad.tsv", "one\ttwo\nno tab here\n"}),
                        Map.of());
        assertProblem(bad, 400, "invalid-dataset");
        assertThat(bad.json().get("detail").asString()).contains(":2");

        Http.Response tooBig =
                http.postMultipart(
                        "/datasets",
                        Map.of("file", new String[] {"big.tsv", TinyModels.corpus(400, 4)}),
                        Map.of());
        assertProblem(tooBig, 413, "upload-too-large");

        Http.Response uneven =
                http.postMultipart(
                        "/datasets",
                        Map.of(
                                "source", new String[] {"a.en", "one\ntwo\n"},
                                "target", new String[] {"a.de", "eins\n"}),
                        Map.of());
        assertProblem(uneven, 400, "invalid-dataset");
    }

    @Test
    void trainingRequestsAreCheckedBeforeAJobStarts() {
        assertProblem(
                http.postJson(
                        "/train",
                        object(
                                "sourceLang", "en",
                                "targetLang", "de",
                                "trainSource", "../../etc/passwd")),
                400,
                "path-outside-data-dir");
        Http.Response invalid =
                http.postJson(
                        "/train",
                        object("sourceLang", "en", "targetLang", "de", "dataset", "nope"));
        assertProblem(invalid, 400, "unknown-dataset");
        Http.Response unknownField =
                http.postJson(
                        "/train", object("sourceLang", "en", "targetLang", "de", "epochs", 3));
        assertProblem(unknownField, 400, "invalid-settings");
        assertThat(unknownField.json().get("detail").asString()).contains("epochs");

        String dataset =
                http.postMultipart(
                                "/datasets",
                                Map.of("file", new String[] {"toy.tsv", TinyModels.corpus(20, 3)}),
                                Map.of())
                        .json()
                        .get("id")
                        .asString();
        Http.Response badPreset =
                http.postJson(
                        "/train",
                        object(
                                "sourceLang", "en",
                                "targetLang", "de",
                                "dataset", dataset,
                                "preset", "huge"));
        assertProblem(badPreset, 400, "invalid-settings");
        assertThat(badPreset.json().get("detail").asString()).contains("preset");

        assertProblem(http.get("/train/nope"), 404, "unknown-job");
        assertProblem(http.delete("/train/nope"), 404, "unknown-job");
        assertProblem(http.postEmpty("/train/nope/resume"), 404, "unknown-job");
    }

    @Test
    void badTranslationRequestsGetProblemDetails() {
        assertProblem(http.postJson("/translate", object("text", "  ")), 400, "empty-text");
        assertProblem(
                http.postJson("/translate", object("text", "w1 ".repeat(100))),
                413,
                "text-too-long");
        assertProblem(
                http.postJson("/translate", object("texts", List.of("a", "b", "c", "d", "e", "f"))),
                413,
                "too-many-texts");
        assertProblem(
                http.postJson("/translate", object("text", "w1", "model", "nope")),
                404,
                "unknown-model");
        assertProblem(
                http.postJson("/translate", object("text", "w1", "source", "fr", "target", "de")),
                404,
                "unknown-pair");
        assertProblem(
                http.postJson("/translate", object("text", "w1", "beamSize", 99)),
                400,
                "invalid-beam");
        assertProblem(
                http.postJson("/translate", object("text", "w1", "noRepeatNgram", -1)),
                400,
                "invalid-no-repeat-ngram");
        assertProblem(http.postJson("/translate", "{\"text\": "), 400, "malformed-body");
        assertProblem(
                http.post("/translate", "text/plain", "w1 w2"), 415, "unsupported-media-type");
        assertProblem(http.get("/no/such/path"), 404, "unknown-path");
        assertProblem(http.postJson("/translate", object("nothing", 1)), 400, "missing-text");
    }

    @Test
    void operationsEndpoints() {
        http.postJson("/translate", object("text", "w1 w2"));
        Http.Response metrics = http.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("tolk_translate_batch_texts")
                .contains("tolk_translate_queue_wait")
                .contains("tolk_translate_tokens_total")
                .contains("http_server_requests")
                // the names bench http reads its per-request breakdown from
                .contains("tolk_translate_queue_wait_seconds_sum")
                .contains("tolk_translate_stage_seconds_sum{stage=\"search\"}")
                .contains("cache_gets_total{cache=\"translations\"")
                .containsPattern("http_server_requests_seconds_sum\\{[^}]*uri=\"/translate\"");
        Http.Response docs = http.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/translate").contains("/train/{id}/resume");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
