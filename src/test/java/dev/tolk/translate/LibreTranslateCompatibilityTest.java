package dev.tolk.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tolk.modelstore.ModelStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

/**
 * What LibreTranslate's clients meet, without the engine and with API keys set: CORS and key-free
 * preflights, {@code /frontend/settings} and {@code /health} open, LibreTranslate's status codes
 * for its requests (Tolk's own for Tolk's), query-only POSTs, {@code /detect} with a list.
 */
@WebMvcTest(
        controllers = {
            TranslateController.class,
            LibreTranslateController.class,
            FileTranslationController.class
        },
        properties = {
            "tolk.security.api-keys=user-key",
            "tolk.translate.max-chars=1234",
            "tolk.security.requests-per-minute=0"
        })
@Import(dev.tolk.testing.WebSlice.class)
class LibreTranslateCompatibilityTest {

    private static final String KEY = "Bearer user-key";

    @Autowired MockMvc mvc;

    @MockitoBean TranslationRequests requests;

    @MockitoBean ModelStore store;

    @MockitoBean DocumentRequests documents;

    private ResultActions perform(org.springframework.test.web.servlet.RequestBuilder request)
            throws Exception {
        ResultActions first = mvc.perform(request);
        MvcResult started = first.andReturn();
        return started.getRequest().isAsyncStarted() ? mvc.perform(asyncDispatch(started)) : first;
    }

    @Test
    void aBrowserPreflightNeedsNoKeyAndIsAnsweredAsLibreTranslateDoes() throws Exception {
        for (String path :
                List.of(
                        "/translate",
                        "/detect",
                        "/languages",
                        "/frontend/settings",
                        "/translate_file",
                        "/suggest")) {
            mvc.perform(
                            options(path)
                                    .header("Origin", "https://app.example")
                                    .header("Access-Control-Request-Method", "POST")
                                    .header(
                                            "Access-Control-Request-Headers",
                                            "Authorization, Content-Type"))
                    .andExpect(status().isOk())
                    .andExpect(header().string("Access-Control-Allow-Origin", "*"))
                    .andExpect(header().string("Access-Control-Allow-Methods", "GET,POST"))
                    .andExpect(
                            header().string(
                                            "Access-Control-Allow-Headers",
                                            containsString("Authorization")))
                    .andExpect(
                            header().string(
                                            "Access-Control-Allow-Headers",
                                            containsString("Content-Type")))
                    .andExpect(header().string("Access-Control-Max-Age", "1728000"));
        }
        // An actual cross-origin request gets the header too.
        when(requests.languages()).thenReturn(List.of());
        mvc.perform(get("/languages").header("Origin", "https://app.example"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", "*"));
        // The admin endpoints are not opened to other origins.
        mvc.perform(
                        options("/train")
                                .header("Origin", "https://app.example")
                                .header("Access-Control-Request-Method", "POST"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
    }

    @Test
    void frontendSettingsAndHealthAreOpenAndShapedAsLibreTranslates() throws Exception {
        when(store.list()).thenReturn(List.of());
        when(documents.enabled()).thenReturn(true);
        when(documents.supportedFormats()).thenReturn(List.of(".txt", ".docx", ".odt"));
        mvc.perform(get("/frontend/settings"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.charLimit").value(1234))
                .andExpect(jsonPath("$.frontendTimeout").value(500))
                .andExpect(jsonPath("$.apiKeys").value(true))
                .andExpect(jsonPath("$.keyRequired").value(true))
                .andExpect(jsonPath("$.suggestions").value(false))
                .andExpect(jsonPath("$.filesTranslation").value(true))
                .andExpect(jsonPath("$.supportedFilesFormat[1]").value(".docx"))
                .andExpect(jsonPath("$.language.source.code").value("auto"))
                .andExpect(jsonPath("$.language.source.name").value("Auto Detect"))
                .andExpect(jsonPath("$.language.target.code").value("en"))
                .andExpect(jsonPath("$.language.target.name").value("English"));
        mvc.perform(get("/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("ok"));
    }

    @Test
    void keyRefusalsUseLibreTranslatesStatusesForItsRequestsOnly() throws Exception {
        // LibreTranslate: no key 400, an unknown key 403.
        mvc.perform(
                        post("/translate")
                                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                                .content("q=hi&source=en&target=de"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").isNotEmpty());
        mvc.perform(
                        post("/translate")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"q\": \"hi\", \"target\": \"de\", \"api_key\": \"x\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value(containsString("unknown API key")));
        mvc.perform(post("/detect?q=hi&api_key=x")).andExpect(status().isForbidden());
        mvc.perform(
                        post("/translate")
                                .header("Authorization", "Bearer x")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"q\": \"hi\", \"target\": \"de\"}"))
                .andExpect(status().isForbidden());
        // Tolk's own shape keeps 401.
        mvc.perform(
                        post("/translate")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"text\": \"hi\", \"api_key\": \"x\"}"))
                .andExpect(status().isUnauthorized());
        mvc.perform(
                        post("/translate")
                                .header("Authorization", "Bearer x")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"text\": \"hi\"}"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void refusalsOfLibreTranslateRequestsUseItsStatuses() throws Exception {
        when(requests.translate(any(LibreTranslateRequest.class)))
                .thenThrow(new PairNotServedException("fr", "de", Set.of("en-de")));
        when(requests.translate(any(TranslateRequest.class)))
                .thenThrow(new PairNotServedException("fr", "de", Set.of("en-de")));

        perform(
                        post("/translate")
                                .header("Authorization", KEY)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"q\": \"a\", \"source\": \"fr\", \"target\": \"de\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(containsString("fr-de")));
        perform(
                        post("/translate")
                                .header("Authorization", KEY)
                                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                                .content("q=a&source=fr&target=de"))
                .andExpect(status().isBadRequest());
        perform(
                        post("/translate")
                                .header("Authorization", KEY)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"text\": \"a\", \"source\": \"fr\"}"))
                .andExpect(status().isNotFound());

        when(requests.translate(any(LibreTranslateRequest.class)))
                .thenThrow(new OverloadedException("2000 texts", 1));
        perform(
                        post("/translate")
                                .header("Authorization", KEY)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"q\": \"a\", \"target\": \"de\"}"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "1"));

        when(requests.translate(any(LibreTranslateRequest.class)))
                .thenReturn(
                        CompletableFuture.failedFuture(
                                TextLimitException.tooLong("the text", 9, 5)));
        perform(
                        post("/translate")
                                .header("Authorization", KEY)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"q\": \"a\", \"target\": \"de\"}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void aPostWithOnlyQueryParametersIsAForm() throws Exception {
        when(requests.translate(any(LibreTranslateRequest.class)))
                .thenReturn(
                        CompletableFuture.completedFuture(
                                new LibreTranslateResponse("hallo", null, null)));

        perform(post("/translate?q=hi&source=en&target=de").header("Authorization", KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.translatedText").value("hallo"));
        // The key in the query string, as some clients send it.
        perform(post("/translate?q=hi&source=en&target=de&api_key=user-key"))
                .andExpect(status().isOk());

        ArgumentCaptor<LibreTranslateRequest> request =
                ArgumentCaptor.forClass(LibreTranslateRequest.class);
        verify(requests, org.mockito.Mockito.times(2)).translate(request.capture());
        assertThat(request.getValue().q()).isEqualTo(new Texts(List.of("hi"), false));
        assertThat(request.getValue().target()).isEqualTo("de");
    }

    @Test
    void detectTakesAStringOrAList() throws Exception {
        when(requests.detect(any())).thenReturn(List.of(new LanguageDetection.Detected("en", 90)));

        perform(
                        post("/detect")
                                .header("Authorization", KEY)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"q\": [\"hello\", \"world\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].language").value("en"));
        perform(
                        post("/detect")
                                .header("Authorization", KEY)
                                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                                .content("q=hello&q=world"))
                .andExpect(status().isOk());
        perform(post("/detect?q=hello").header("Authorization", KEY)).andExpect(status().isOk());

        ArgumentCaptor<DetectRequest> request = ArgumentCaptor.forClass(DetectRequest.class);
        verify(requests, org.mockito.Mockito.times(3)).detect(request.capture());
        List<DetectRequest> all = request.getAllValues();
        assertThat(all.get(0).q()).isEqualTo(new Texts(List.of("hello", "world"), true));
        assertThat(all.get(1).q()).isEqualTo(new Texts(List.of("hello", "world"), true));
        assertThat(all.get(2).q()).isEqualTo(new Texts(List.of("hello"), false));
    }
}
