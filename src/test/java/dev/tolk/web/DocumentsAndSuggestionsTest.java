package dev.tolk.web;

import static dev.tolk.testing.Http.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.testing.Http;
import dev.tolk.testing.SampleDocuments;
import dev.tolk.testing.TinyModels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.odftoolkit.odfdom.doc.OdfDocument;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * LibreTranslate's documents and suggestions against the running service with a tiny en→de model,
 * keys set: a .docx and an .odt translated by {@code /translate_file} (the key among the form's
 * fields, as LibreTranslate's page sends it) and downloaded, their copies opened with the same
 * libraries; the refusals; suggestions sent as LibreTranslate's clients send them, listed as a
 * dataset, and a job trained on them whose model has learned them.
 */
@Tag("slow") // trains two models
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DocumentsAndSuggestionsTest {

    private static final String USER = "user-key";
    private static final String ADMIN = "admin-key";

    private static Path root;

    @LocalServerPort int port;

    private Http http;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createTempDirectory("tolk-documents-test");
        TinyModels.trainAccurate(root.resolve("models").resolve("toy-en-de"), "en", "de");
        Files.createDirectories(root.resolve("data"));
        registry.add("tolk.models-dir", () -> root.resolve("models").toString());
        registry.add("tolk.data-dir", () -> root.resolve("data").toString());
        registry.add("tolk.device", () -> "cpu");
        registry.add("tolk.security.api-keys", () -> USER + "," + ADMIN + ":admin");
        registry.add("tolk.security.requests-per-minute", () -> "0");
        registry.add("tolk.suggestions.enabled", () -> "true");
        registry.add("tolk.documents.max-bytes", () -> "65536");
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    /** Sends a document as LibreTranslate's page does: the key is one of the form's fields. */
    private Http.Response translateFile(String name, byte[] content, String source, String target) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("api_key", USER);
        if (source != null) {
            fields.put("source", source);
        }
        if (target != null) {
            fields.put("target", target);
        }
        return http.postFiles(
                "/translate_file", Map.of("file", new Http.FilePart(name, content)), fields);
    }

    private HttpResponse<byte[]> download(Http.Response answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        String url = answer.json().get("translatedFileUrl").asString();
        assertThat(url).startsWith("http://localhost:" + port + "/download_file/");
        HttpResponse<byte[]> file = http.getBytes(url); // no key: the link is the key
        assertThat(file.statusCode()).isEqualTo(200);
        return file;
    }

    @Test
    void aWordDocumentIsTranslatedWithItsRunsFormattingAndTablesKept() throws Exception {
        HttpResponse<byte[]> file =
                download(translateFile("Brief.docx", SampleDocuments.docx(), "en", "de"));

        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("attachment")
                .contains("filename=\"Brief.docx\"");
        assertThat(file.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/vnd.openxmlformats-officedocument.wordprocessingml");
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(file.body()))) {
            assertThat(doc.getParagraphs().get(0).getRuns())
                    .extracting(XWPFRun::text)
                    .containsExactly(TinyModels.answer("w1 w2"), "");
            List<XWPFRun> second = doc.getParagraphs().get(1).getRuns();
            assertThat(second)
                    .extracting(XWPFRun::text)
                    .containsExactly(TinyModels.answer("w3 w4") + " ", TinyModels.answer("w5 w6"));
            assertThat(second.get(1).isBold()).isTrue();
            var table = doc.getTables().get(0);
            assertThat(table.getRow(0).getCell(0).getText()).isEqualTo(TinyModels.answer("w6 w7"));
            assertThat(table.getRow(1).getCell(1).getText()).isEqualTo("12");
            assertThat(doc.getHeaderList().get(0).getText().strip())
                    .isEqualTo(TinyModels.answer("w12 w13"));
        }
    }

    @Test
    void anOpenDocumentTextIsTranslatedWithItsSpansAndTablesKept() throws Exception {
        HttpResponse<byte[]> file =
                download(translateFile("notes.odt", SampleDocuments.odt(), "en", "de"));

        try (OdfDocument doc = OdfDocument.loadDocument(new ByteArrayInputStream(file.body()))) {
            var paragraphs =
                    doc.getContentDom().getElementsByTagNameNS(SampleDocuments.TEXT_NS, "p");
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < paragraphs.getLength(); i++) {
                if (!paragraphs.item(i).getTextContent().isEmpty()) {
                    texts.add(paragraphs.item(i).getTextContent());
                }
            }
            assertThat(texts)
                    .containsExactly(
                            TinyModels.answer("w1 w2"),
                            TinyModels.answer("w3 w4") + " " + TinyModels.answer("w5 w6"),
                            TinyModels.answer("w6 w7"),
                            TinyModels.answer("w8 w9"),
                            TinyModels.answer("w10 w11"),
                            "12");
            var spans = doc.getContentDom().getElementsByTagNameNS(SampleDocuments.TEXT_NS, "span");
            assertThat(spans.item(0).getTextContent()).isEqualTo(TinyModels.answer("w5 w6"));
        }
    }

    @Test
    void documentRefusalsAreLibreTranslates() {
        Http.Response pdf = translateFile("a.pdf", new byte[] {1}, "en", "de");
        assertThat(pdf.status()).isEqualTo(400);
        assertThat(pdf.json().get("error").asString()).contains("file format not supported");

        Http.Response noTarget = translateFile("a.txt", "w1 w2".getBytes(), "en", null);
        assertThat(noTarget.status()).isEqualTo(400);
        assertThat(noTarget.json().get("error").asString())
                .isEqualTo("Invalid request: missing target parameter");

        Http.Response tooLarge = translateFile("a.txt", new byte[70_000], "en", "de");
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.json().get("type").asString())
                .isEqualTo("/problems/document-too-large");
        assertThat(tooLarge.json().get("error").asString()).contains("tolk.documents.max-bytes");

        Http.Response badDocx = translateFile("a.docx", "not a zip".getBytes(), "en", "de");
        assertThat(badDocx.status()).isEqualTo(400);
        assertThat(badDocx.json().get("type").asString()).isEqualTo("/problems/invalid-document");

        Http.Response wrongKey =
                http.postFiles(
                        "/translate_file",
                        Map.of("file", new Http.FilePart("a.txt", "w1".getBytes())),
                        Map.of("api_key", "nope", "source", "en", "target", "de"));
        assertThat(wrongKey.status()).isEqualTo(403);

        assertThat(
                        http.getBytes("/download_file/0123456789abcdef0123456789abcdef.a.txt")
                                .statusCode())
                .isEqualTo(404);
        assertThat(http.getBytes("/download_file/..%2F..%2Fetc%2Fpasswd").statusCode())
                .isIn(400, 404);
    }

    @Test
    void frontendSettingsSayWhatIsServed() {
        JsonNode settings = http.get("/frontend/settings").json();

        assertThat(settings.get("filesTranslation").asBoolean()).isTrue();
        assertThat(settings.get("suggestions").asBoolean()).isTrue();
        List<String> formats = new ArrayList<>();
        settings.get("supportedFilesFormat").forEach(f -> formats.add(f.asString()));
        assertThat(formats).contains(".txt", ".html", ".docx", ".pptx", ".odt");
    }

    @Test
    void suggestionsBecomeADatasetThatAJobTrainsAModelOn() throws Exception {
        String[] pairs = TinyModels.corpus(300, 11).split("\n");
        for (String pair : pairs) {
            String[] qs = pair.split("\t");
            Http.Response kept =
                    http.postForm(
                            "/suggest",
                            Map.of(
                                    "q", qs[0], "s", qs[1], "source", "EN", "target", "de",
                                    "api_key", USER));
            assertThat(kept.status()).as(kept.body()).isEqualTo(200);
            assertThat(kept.json().get("success").asBoolean()).isTrue();
        }
        Http admin = new Http(port).withKey(ADMIN);
        JsonNode dataset = admin.get("/datasets/suggestions-en-de").json();
        assertThat(dataset.get("pairs").asLong()).isEqualTo(300);
        assertThat(dataset.get("kind").asString()).isEqualTo("suggestions");

        Http.Response accepted =
                admin.postJson(
                        "/train",
                        object(
                                "dataset", "suggestions-en-de",
                                "preset", "tiny",
                                "vocabSize", 300,
                                "dropout", 0,
                                "maxSteps", 600,
                                "maxEpochs", 500,
                                "batchTokens", 512,
                                "learningRate", 3e-3,
                                "warmupSteps", 30,
                                "evalEverySteps", 600,
                                "averageLast", 0,
                                "patience", 100,
                                "finalBeamSize", 1));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode job = accepted.json();
        // the job trains on the suggestions as they were: a snapshot, also a dataset
        assertThat(job.get("dataset").asString()).isEqualTo("suggestions-en-de-300");
        String id = job.get("id").asString();

        job = waitForSuccess(admin, id);
        assertThat(admin.get("/datasets/suggestions-en-de-300").json().get("kind").asString())
                .isEqualTo("snapshot");
        // a later suggestion goes to the live dataset, not to the job's snapshot
        http.postJson(
                "/suggest",
                object("q", "w1", "s", "z18", "source", "en", "target", "de", "api_key", USER));
        assertThat(admin.get("/datasets/suggestions-en-de").json().get("pairs").asLong())
                .isEqualTo(301);
        assertThat(admin.get("/datasets/suggestions-en-de-300").json().get("pairs").asLong())
                .isEqualTo(300);

        Http.Response translated =
                http.withKey(USER).postJson("/translate", object("text", "w4 w2 w9", "model", id));
        assertThat(translated.json().get("translations").get(0).get("text").asString())
                .isEqualTo(TinyModels.answer("w4 w2 w9"));
    }

    @Test
    void aSuggestionWithoutAFieldIsRefusedAndNothingIsKept() throws IOException {
        Http.Response missing =
                http.postJson(
                        "/suggest",
                        object("q", "w1", "source", "en", "target", "fr", "api_key", USER));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").asString())
                .isEqualTo("Invalid request: missing s parameter");
        assertThat(root.resolve("data/datasets/suggestions-en-fr")).doesNotExist();
    }

    private static JsonNode waitForSuccess(Http admin, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonNode job = admin.get("/train/" + id).json();
        while (!job.get("state").asString().equals("SUCCEEDED")) {
            assertThat(job.get("state").asString()).as(job.toString()).isNotEqualTo("FAILED");
            assertThat(Instant.now()).as(job.toString()).isBefore(deadline);
            Thread.sleep(200);
            job = admin.get("/train/" + id).json();
        }
        return job;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
