package dev.tolk.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.testing.Node;
import dev.tolk.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web page of a service with API keys, in a real browser ({@link PageScript}): it asks for a
 * key once and refuses an unknown one, translates with a translation key, hides training and the
 * model actions from it (even on this host), keeps the key for the tab, and shows them with an
 * admin key.
 */
@Tag("slow") // trains a model, runs a browser
// Closed after the class: no other test shares its settings, and its memory is freed.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserPageKeysTest {

    private static final String SOURCE_TEXT = "w1 w2";

    @LocalServerPort int port;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("tolk-browser-keys-test");
        TinyModels.trainAccurate(root.resolve("models").resolve("toy-en-de"), "en", "de");
        Files.createDirectories(root.resolve("data"));
        registry.add("tolk.models-dir", () -> root.resolve("models").toString());
        registry.add("tolk.data-dir", () -> root.resolve("data").toString());
        registry.add("tolk.device", () -> "cpu");
        registry.add("tolk.security.api-keys", () -> "reader-key,admin-key:admin");
    }

    @Test
    void thePageAsksForAKeyAndShowsOnlyWhatTheKeyMayDo() throws Exception {
        Node.Run browser =
                PageScript.run(
                        "--keys",
                        "http://localhost:" + port,
                        PageScript.SCREENSHOTS.toAbsolutePath().toString(),
                        "reader-key",
                        "admin-key",
                        SOURCE_TEXT,
                        TinyModels.answer(SOURCE_TEXT));

        assertThat(browser.exit()).as(browser.output()).isZero();
        assertThat(browser.output())
                .contains("ok an unknown key is refused")
                .contains("ok a translation key translates")
                .contains("ok training is hidden from a translation key")
                .contains("ok model actions are hidden from a translation key")
                .contains("ok an admin key shows training and model actions")
                .contains("ok no console errors but the key checks");
    }
}
