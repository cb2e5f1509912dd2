package dev.tolk.web;

import static dev.tolk.testing.Http.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * API keys: who may do what, keys in every place LibreTranslate's clients put them, rate limits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiKeysTest {

    @LocalServerPort int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path root = Files.createTempDirectory("tolk-keys-test");
        registry.add("tolk.models-dir", () -> root.resolve("models").toString());
        registry.add("tolk.data-dir", () -> root.resolve("data").toString());
        registry.add("tolk.device", () -> "cpu");
        registry.add("tolk.security.api-keys", () -> "user-key,admin-key:admin,limited-key");
        registry.add("tolk.security.requests-per-minute", () -> "3");
    }

    @Test
    void translationNeedsAKeyAndTrainingAnAdminKey() {
        Http anonymous = new Http(port);
        Http.Response noKey = anonymous.postJson("/translate", object("text", "hello"));
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.contentType()).startsWith("application/problem+json");
        assertThat(noKey.json().get("detail").asString()).contains("Authorization: Bearer");
        assertThat(
                        new Http(port)
                                .withKey("wrong")
                                .postJson("/translate", object("text", "x"))
                                .status())
                .isEqualTo(401);

        // With a valid key the request gets through to the service (no model yet: 409).
        Http user = new Http(port).withKey("user-key");
        assertThat(user.postJson("/translate", object("text", "hello")).status()).isEqualTo(409);
        Http.Response libreKey =
                new Http(port)
                        .postJson(
                                "/translate",
                                object("q", "hello", "target", "de", "api_key", "user-key"));
        assertThat(libreKey.status()).as(libreKey.body()).isEqualTo(409);
        Http.Response formKey =
                new Http(port)
                        .postForm(
                                "/translate",
                                Map.of("q", "hello", "target", "de", "api_key", "user-key"));
        assertThat(formKey.status()).as(formKey.body()).isEqualTo(409);

        Http.Response forbidden = user.get("/train");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().get("type").asString())
                .isEqualTo("/problems/admin-key-required");
        assertThat(user.delete("/models/x").status()).isEqualTo(403);
        assertThat(new Http(port).withKey("admin-key").get("/train").status()).isEqualTo(200);
        assertThat(new Http(port).withKey("admin-key").get("/datasets").status()).isEqualTo(200);

        // A body is read to find api_key only up to the largest valid request.
        Http.Response huge =
                anonymous.postJson("/translate", "{\"text\": \"" + "a".repeat(2_075_000) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.json().get("type").asString()).isEqualTo("/problems/body-too-large");

        // Paths are checked as Spring routes them: decoded, without ;parameters.
        assertThat(anonymous.postJson("/translate;x=1", object("text", "hello")).status())
                .isEqualTo(401);
        assertThat(user.get("/%74rain").status()).isEqualTo(403);
        assertThat(user.get("//train").status()).isEqualTo(403);
        assertThat(anonymous.get("/no-such-endpoint").status()).isEqualTo(401);

        // Open: languages, model list, health.
        assertThat(anonymous.get("/languages").status()).isEqualTo(200);
        assertThat(anonymous.get("/models").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @Test
    void eachKeyHasARateLimit() {
        Http limited = new Http(port).withKey("limited-key");
        for (int i = 0; i < 3; i++) {
            assertThat(limited.postJson("/evaluate", "{}").status()).isEqualTo(400);
        }
        Http.Response over = limited.postJson("/evaluate", "{}");
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.raw().headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
        assertThat(over.json().get("type").asString()).isEqualTo("/problems/rate-limited");
    }
}
