package dev.tolk.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.testing.Node;
import dev.tolk.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code libretranslate} package from npm, unchanged, against the running service with a tiny
 * en→de model: installed by the test run into a temporary directory, its {@code translate()} must
 * return the model's translation, with {@code source} named and with the package's default ({@code
 * auto}). Without {@code node} and {@code npm}, or when the registry cannot be reached (offline),
 * the test is skipped and says why.
 */
@Tag("slow") // trains a model, installs from npm
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NpmLibreTranslateClientTest {

    private static final String PACKAGE = "libretranslate@1";
    private static final long INSTALL_SECONDS = 120;
    private static final long RUN_SECONDS = 60;

    /**
     * Imports the package (CommonJS, as it is published) and prints what its {@code translate()}
     * returns for each source: {@code node client.cjs <apiurl> <text> <source>...}; {@code -} is no
     * source (the package then sends {@code auto}).
     */
    private static final String SCRIPT =
            """
            const { translate } = require('libretranslate');
            const [apiurl, query, ...sources] = process.argv.slice(2);
            (async () => {
              const out = [];
              for (const source of sources) {
                const args = { query, target: 'de', format: 'text', apiurl };
                if (source !== '-') args.source = source;
                out.push(await translate(args));
              }
              process.stdout.write(JSON.stringify(out) + '\\n');
            })().catch((e) => { console.error(e); process.exit(1); });
            """;

    private static Path root;

    @LocalServerPort int port;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createTempDirectory("tolk-npm-test");
        TinyModels.trainAccurate(root.resolve("models").resolve("toy-en-de"), "en", "de");
        Files.createDirectories(root.resolve("data"));
        registry.add("tolk.models-dir", () -> root.resolve("models").toString());
        registry.add("tolk.data-dir", () -> root.resolve("data").toString());
        registry.add("tolk.device", () -> "cpu");
    }

    @Test
    void theNpmPackagesTranslateReturnsTheModelsTranslation(@TempDir Path dir) throws Exception {
        Node.assumeNode18(dir, "the npm client 'libretranslate'");
        Node.install(dir, PACKAGE, "libretranslate", INSTALL_SECONDS);

        Files.writeString(dir.resolve("client.cjs"), SCRIPT);
        Node.Run client =
                Node.run(
                        dir,
                        RUN_SECONDS,
                        "node",
                        "client.cjs",
                        "http://localhost:" + port,
                        "w1 w2",
                        "en",
                        "-");

        assertThat(client.exit()).as(client.output()).isZero();
        String expected = TinyModels.answer("w1 w2");
        assertThat(client.output().strip())
                .as(client.output())
                .isEqualTo("[\"" + expected + "\",\"" + expected + "\"]");
    }
}
