package dev.tolk.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The service as shipped, without keys: translation is open, the admin endpoints and health details
 * answer only to local clients, and JSON bodies and detected texts have limits.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SecureByDefaultTest {

    /** A client on another host. */
    private static final RequestPostProcessor REMOTE =
            request -> {
                request.setRemoteAddr("198.51.100.20");
                return request;
            };

    @Autowired MockMvc mvc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path root = Files.createTempDirectory("tolk-secure-default-test");
        registry.add("tolk.models-dir", () -> root.resolve("models").toString());
        registry.add("tolk.data-dir", () -> root.resolve("data").toString());
        registry.add("tolk.device", () -> "cpu");
        registry.add("tolk.translate.max-chars", () -> "100");
    }

    @Test
    void adminEndpointsAnswerOnlyToLocalClients() throws Exception {
        MockMultipartFile source =
                new MockMultipartFile("source", "train.en", "text/plain", "hello\n".getBytes());
        mvc.perform(multipart("/datasets").file(source).with(REMOTE))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("/problems/admin-local-only"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("open-admin=true")));
        mvc.perform(get("/train").with(REMOTE)).andExpect(status().isForbidden());
        mvc.perform(post("/models/x/default").with(REMOTE)).andExpect(status().isForbidden());

        mvc.perform(get("/train")).andExpect(status().isOk());
        mvc.perform(get("/datasets")).andExpect(status().isOk());
        // Translation and listings stay open to everyone.
        mvc.perform(get("/languages").with(REMOTE)).andExpect(status().isOk());
        mvc.perform(get("/models").with(REMOTE)).andExpect(status().isOk());
    }

    @Test
    void healthDetailsOnlyForLocalClientsStatusForEveryone() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(jsonPath("$.components.engine").exists());
        mvc.perform(get("/actuator/health").with(REMOTE))
                .andExpect(jsonPath("$.status").exists())
                .andExpect(jsonPath("$.components").doesNotExist());
        mvc.perform(get("/actuator/health/readiness").with(REMOTE))
                .andExpect(status().is(Matchers.oneOf(200, 503)))
                .andExpect(jsonPath("$.status").value(Matchers.oneOf("UP", "OUT_OF_SERVICE")))
                .andExpect(jsonPath("$.components").doesNotExist());
        mvc.perform(get("/actuator/health/liveness").with(REMOTE))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void jsonBodiesAndDetectedTextsHaveLimitsWithoutKeys() throws Exception {
        String huge = "{\"q\": \"" + "a".repeat(2_100_000) + "\"}";
        mvc.perform(
                        post("/translate")
                                .with(REMOTE)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(huge))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.type").value("/problems/body-too-large"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("2097152")));

        mvc.perform(
                        post("/detect")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"q\": \"" + "a".repeat(101) + "\"}"))
                // LibreTranslate's status for a text over the limit: 400 (the problem as before)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/text-too-long"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("max-chars")));
    }
}
