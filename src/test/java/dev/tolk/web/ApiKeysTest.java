package dev.tolk.web;

import static dev.tolk.testing.Http.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.testing.Http;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * API keys: who may do what, keys in every place LibreTranslate's clients put them, rate limits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
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
                                object(
                                        "q",
                                        "hello",
                                        "source",
                                        "en",
                                        "target",
                                        "de",
                                        "api_key",
                                        "user-key"));
        assertThat(libreKey.status()).as(libreKey.body()).isEqualTo(409);
        Http.Response formKey =
                new Http(port)
                        .postForm(
                                "/translate",
                                Map.of(
                                        "q",
                                        "hello",
                                        "source",
                                        "en",
                                        "target",
                                        "de",
                                        "api_key",
                                        "user-key"));
        assertThat(formKey.status()).as(formKey.body()).isEqualTo(409);

        Http.Response forbidden = user.get("/train");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().get("type").asString())
                .isEqualTo("/problems/admin-key-required");
        assertThat(user.delete("/models/x").status()).isEqualTo(403);
        assertThat(new Http(port).withKey("admin-key").get("/train").status()).isEqualTo(200);
        assertThat(new Http(port).withKey("admin-key").get("/datasets").status()).isEqualTo(200);

        // A body is read to find api_key only up to tolk.translate.max-body-bytes (2 MiB), and
        // no JSON body is larger, wherever the key comes from.
        String hugeBody = "{\"text\": \"" + "a".repeat(2_100_000) + "\"}";
        Http.Response huge = anonymous.postJson("/translate", hugeBody);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.json().get("type").asString()).isEqualTo("/problems/body-too-large");
        assertThat(huge.json().get("detail").asString()).contains("2097152");
        assertThat(user.postJson("/translate", hugeBody).status()).isEqualTo(413);

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

    /**
     * A large multipart upload without a key is refused while it is still being sent: the server
     * answers 401 after a few kilobytes of a declared 200 MB body, which it never parses.
     */
    @Test
    void anUnauthorisedUploadIsRefusedBeforeItsBodyIsSent() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String boundary = "slow-boundary";
            out.write(
                    ("POST /datasets HTTP/1.1\r\nHost: localhost\r\n"
                                    + "Content-Type: multipart/form-data; boundary="
                                    + boundary
                                    + "\r\nContent-Length: 200000000\r\n\r\n--"
                                    + boundary
                                    + "\r\nContent-Disposition: form-data; name=\"source\";"
                                    + " filename=\"train.en\"\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.write("a line of the corpus\n".repeat(400).getBytes(StandardCharsets.US_ASCII));
            out.flush();

            // The rest (almost 200 MB) is never sent: the answer comes first.
            String status =
                    new BufferedReader(
                                    new InputStreamReader(
                                            socket.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine();
            assertThat(status).startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void healthDetailsNeedAnAdminKeyStatusIsOpen() {
        Http.Response admin = new Http(port).withKey("admin-key").get("/actuator/health");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().has("components")).as(admin.body()).isTrue();
        Http.Response adminByQuery = new Http(port).get("/actuator/health?api_key=admin-key");
        assertThat(adminByQuery.json().has("components")).isTrue();

        for (Http client : List.of(new Http(port), new Http(port).withKey("user-key"))) {
            Http.Response health = client.get("/actuator/health");
            assertThat(health.status()).isIn(200, 503);
            assertThat(health.json().has("status")).isTrue();
            assertThat(health.json().has("components")).as(health.body()).isFalse();
            Http.Response readiness = client.get("/actuator/health/readiness");
            assertThat(readiness.status()).isIn(200, 503);
            assertThat(readiness.json().get("status").asString()).isIn("UP", "OUT_OF_SERVICE");
            assertThat(readiness.body()).doesNotContain("PyTorch");
        }
    }

    @Test
    void keysInQueryStringsNeverReachTheLog(CapturedOutput output) {
        String secret = "admin-key";
        assertThat(new Http(port).get("/languages?api_key=" + secret + "&x=1").status())
                .isEqualTo(200);
        assertThat(new Http(port).get("/models?api_key=" + secret).status()).isEqualTo(200);

        assertThat(output.getAll())
                .contains("/languages?api_key=***&x=1")
                .contains("/models?api_key=***")
                .doesNotContain("api_key=" + secret);
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
