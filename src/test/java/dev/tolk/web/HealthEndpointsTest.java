package dev.tolk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tolk.device=cpu")
class HealthEndpointsTest {

    @LocalServerPort int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void livenessIsUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health/liveness");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void readinessBecomesUpOnceTheEngineHasLoaded() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        HttpResponse<String> response = get("/actuator/health/readiness");
        while (response.statusCode() != 200 && Instant.now().isBefore(deadline)) {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("OUT_OF_SERVICE");
            Thread.sleep(200);
            response = get("/actuator/health/readiness");
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"engine\"")
                .contains("PyTorch 2.7.1")
                .contains("\"device\":\"CPU\"");
    }

    @Test
    void unknownPathsAnswerWithProblemJson() throws Exception {
        HttpResponse<String> response = get("/no-such-endpoint");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
    }
}
