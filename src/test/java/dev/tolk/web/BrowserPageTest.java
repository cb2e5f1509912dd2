package dev.tolk.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.testing.Node;
import dev.tolk.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web page at {@code /} in a real headless browser ({@link PageScript}: Debian's Chromium
 * driven by {@code playwright-core}), against the running service with two tiny en→de models. It
 * translates a sentence and reads the result, translates a document and sends a correction (the
 * service offers both), translates with a glossary chosen in the options (text and document), finds
 * the attention map with one cell per token pair and reads a value by hover and keyboard, uploads a
 * corpus and starts a job whose curves gain points, cancels and resumes it, switches the default
 * model both ways, compares the models, and sees no console error in any view; screenshots of every
 * view at desktop and phone widths land in {@code target/browser-screenshots/}. Skipped, with the
 * reason, without Chromium, node or npm.
 */
@Tag("slow") // trains models, installs from npm, runs a browser
// Closed after the class: a training job the browser left running stops with it.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserPageTest {

    private static final String SOURCE_TEXT = "w1 w2";

    private static Path root;

    @LocalServerPort int port;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createTempDirectory("tolk-browser-test");
        Path models = root.resolve("models");
        // A second model of the pair, older (the newest serves a pair without a default), to
        // switch the default to and to compare with.
        TinyModels.train(models.resolve("toy-en-de-short"), "en", "de", 40);
        TinyModels.trainAccurate(models.resolve("toy-en-de"), "en", "de");
        Files.createDirectories(root.resolve("data"));
        registry.add("tolk.models-dir", models::toString);
        registry.add("tolk.data-dir", () -> root.resolve("data").toString());
        registry.add("tolk.device", () -> "cpu");
        registry.add("tolk.suggestions.enabled", () -> "true");
    }

    @Test
    void thePageTranslatesTrainsAndManagesModelsInARealBrowser() throws Exception {
        Path corpus = Files.writeString(root.resolve("toy.tsv"), TinyModels.corpus(300, 1));

        Node.Run browser =
                PageScript.run(
                        "http://localhost:" + port,
                        PageScript.SCREENSHOTS.toAbsolutePath().toString(),
                        corpus.toAbsolutePath().toString(),
                        SOURCE_TEXT,
                        TinyModels.answer(SOURCE_TEXT),
                        "toy-en-de");

        assertThat(browser.exit()).as(browser.output()).isZero();
        assertThat(browser.output())
                .contains("ok translate view shows")
                .contains("ok heat map has one cell per token pair")
                .contains("ok loss curve gains points")
                .contains("ok a document is translated and offered for download")
                .contains("ok a chosen glossary's term is in the translation")
                .contains("ok a document is translated with the chosen glossary")
                .contains("ok glossary None translates as the model does")
                .contains("ok a correction is sent to /suggest and kept")
                .contains("ok worst held-out sentences listed")
                .contains("ok resumed job goes on")
                .contains("ok default switched to toy-en-de-short")
                .contains("ok default switched to toy-en-de")
                .contains("ok no console errors in any view");
        for (String view : List.of("translate", "train", "models")) {
            for (String width : List.of("desktop", "phone")) {
                assertThat(PageScript.SCREENSHOTS.resolve(view + "-" + width + ".png"))
                        .isNotEmptyFile();
            }
        }
    }
}
