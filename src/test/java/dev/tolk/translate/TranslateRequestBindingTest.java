package dev.tolk.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * How {@code /translate} and {@code /detect} bind their bodies, without the engine: every malformed
 * body is a 400 problem naming its field, and a valid one reaches {@link TranslationRequests} as a
 * typed request.
 */
@WebMvcTest(TranslateController.class)
@org.springframework.context.annotation.Import(dev.tolk.testing.WebSlice.class)
class TranslateRequestBindingTest {

    @Autowired MockMvc mvc;

    @MockitoBean TranslationRequests requests;

    private ResultActions postJson(String path, String body) throws Exception {
        return perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    /** The request, and its asynchronous answer when translation started. */
    private ResultActions perform(MockHttpServletRequestBuilder request) throws Exception {
        ResultActions first = mvc.perform(request);
        MvcResult started = first.andReturn();
        return started.getRequest().isAsyncStarted() ? mvc.perform(asyncDispatch(started)) : first;
    }

    private static ResultActions isProblem(
            ResultActions result, int status, String type, String field) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("/problems/" + type))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(field)))
                .andExpect(jsonPath("$.error").isNotEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"text\": \"a\", \"beamSize\": 3000000000}     | malformed-body          | beamSize",
                "{\"text\": \"a\", \"nBest\": 1e400}             | malformed-body          | nBest",
                "{\"text\": \"a\", \"nBest\": 2.5}               | malformed-body          | nBest",
                "{\"text\": \"a\", \"source\": {}}               | malformed-body          | source",
                "{\"text\": []}                                  | malformed-body          | text",
                "{\"text\": \"a\", \"attention\": \"yes\"}       | malformed-body          | attention",
                "{\"texts\": \"a\"}                              | malformed-body          | texts",
                "{\"texts\": [\"a\", {}]}                        | malformed-body          | texts[1]",
                "{\"texts\": [\"a\", null]}                      | invalid-texts           | texts[1]",
                "{\"text\": \"a\", \"nBest\": 0}                 | invalid-n-best          | nBest",
                "{\"text\": \"a\", \"maxLength\": 0}             | invalid-max-length      | maxLength",
                "{\"text\": \"a\", \"noRepeatNgram\": -1}        | invalid-no-repeat-ngram | noRepeatNgram",
                "{\"q\": {}}                                     | malformed-body          | q",
                "{\"q\": [\"a\", null]}                          | malformed-body          | q[1]",
                "{\"q\": \"a\", \"alternatives\": -1}            | invalid-alternatives    | alternatives",
                "{\"q\": \"a\", \"alternatives\": \"many\"}      | malformed-body          | alternatives",
                "[\"a\"]                                         | malformed-body          | object",
                "{\"text\": \"a\"                                | malformed-body          | JSON",
            })
    void aMalformedBodyIsAProblemNamingTheField(String body, String type, String field)
            throws Exception {
        isProblem(postJson("/translate", body), 400, type, field);
    }

    @Test
    void aFormWithAWrongTypeIsAProblemNamingTheField() throws Exception {
        isProblem(
                perform(
                        post("/translate")
                                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                                .param("q", "a")
                                .param("alternatives", "many")),
                400,
                "malformed-body",
                "alternatives must be an integer, not \"many\"");
    }

    @Test
    void tolksShapeReachesTheServiceTyped() throws Exception {
        when(requests.translate(any(TranslateRequest.class)))
                .thenReturn(
                        CompletableFuture.completedFuture(
                                new TranslateResponse(
                                        "m", "en", "de", null, null, "greedy", List.of(), null,
                                        null)));

        postJson(
                        "/translate",
                        "{\"texts\": [\"a\", \"b\"], \"beamSize\": 3, \"maxLength\": 20,"
                                + " \"attention\": true, \"api_key\": \"ignored\"}")
                .andExpect(status().isOk());

        ArgumentCaptor<TranslateRequest> request = ArgumentCaptor.forClass(TranslateRequest.class);
        verify(requests).translate(request.capture());
        assertThat(request.getValue().texts()).containsExactly("a", "b");
        assertThat(request.getValue().beamSize()).isEqualTo(3);
        assertThat(request.getValue().maxLength()).isEqualTo(20);
        assertThat(request.getValue().attention()).isTrue();
    }

    @Test
    void libreTranslatesShapesKeepWhetherQWasAList() throws Exception {
        when(requests.translate(any(LibreTranslateRequest.class)))
                .thenReturn(
                        CompletableFuture.completedFuture(
                                new LibreTranslateResponse("x", null, null)));

        postJson("/translate", "{\"q\": \"a\", \"source\": \"en\", \"target\": \"de\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.translatedText").value("x"));
        postJson("/translate", "{\"q\": [\"a\"], \"alternatives\": 2}").andExpect(status().isOk());
        perform(
                        post("/translate")
                                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                                .param("q", "a")
                                .param("q", "b")
                                .param("target", "de"))
                .andExpect(status().isOk());

        ArgumentCaptor<LibreTranslateRequest> request =
                ArgumentCaptor.forClass(LibreTranslateRequest.class);
        verify(requests, org.mockito.Mockito.times(3)).translate(request.capture());
        List<LibreTranslateRequest> all = request.getAllValues();
        assertThat(all.get(0).q()).isEqualTo(new Texts(List.of("a"), false));
        assertThat(all.get(1).q()).isEqualTo(new Texts(List.of("a"), true));
        assertThat(all.get(1).alternatives()).isEqualTo(2);
        assertThat(all.get(2).q()).isEqualTo(new Texts(List.of("a", "b"), true));
        assertThat(all.get(2).target()).isEqualTo("de");
    }

    @Test
    void aFeatureRefusalIsMappedToItsStatus() throws Exception {
        when(requests.translate(any(TranslateRequest.class)))
                .thenThrow(new PairNotServedException("fr", "de", java.util.Set.of("en-de")));

        isProblem(postJson("/translate", "{\"text\": \"a\"}"), 404, "unknown-pair", "fr-de");
    }

    @Test
    void aRefusalInTheBackgroundIsMappedToo() throws Exception {
        when(requests.translate(any(TranslateRequest.class)))
                .thenReturn(CompletableFuture.failedFuture(new TranslationTimeoutException(60)));

        isProblem(postJson("/translate", "{\"text\": \"a\"}"), 503, "busy", "60 s")
                .andExpect(
                        org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
                                .string("Retry-After", "5"));
    }

    @Test
    void aRequestPastItsDeadlineIsA503AndItsWorkIsCancelled() throws Exception {
        CompletableFuture<TranslateResponse> never = new CompletableFuture<>();
        when(requests.translate(any(TranslateRequest.class))).thenReturn(never);

        MvcResult started =
                mvc.perform(
                                post("/translate")
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .content("{\"text\": \"a\"}"))
                        .andReturn();
        var async =
                (org.springframework.mock.web.MockAsyncContext)
                        started.getRequest().getAsyncContext();
        for (var listener : async.getListeners()) {
            listener.onTimeout(new jakarta.servlet.AsyncEvent(async));
        }

        isProblem(mvc.perform(asyncDispatch(started)), 503, "busy", "deadline-seconds");
        assertThat(never).isCancelled();
    }

    @Test
    void overloadIsA503AtOnceWithRetryAfter() throws Exception {
        when(requests.translate(any(TranslateRequest.class)))
                .thenThrow(new OverloadedException("2000 texts", 1));

        isProblem(postJson("/translate", "{\"text\": \"a\"}"), 503, "overloaded", "2000 texts")
                .andExpect(
                        org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
                                .string("Retry-After", "1"));
    }

    @Test
    void aBugIsA500NotA400() throws Exception {
        when(requests.translate(any(TranslateRequest.class)))
                .thenThrow(new IllegalArgumentException("a bug"));

        isProblem(postJson("/translate", "{\"text\": \"a\"}"), 500, "internal", "unexpected");
    }

    @Test
    void detectTakesJsonAndForms() throws Exception {
        when(requests.detect(any())).thenReturn(List.of(new LanguageDetection.Detected("en", 90)));

        postJson("/detect", "{\"q\": \"hello\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].language").value("en"));
        mvc.perform(
                        post("/detect")
                                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                                .param("q", "hello"))
                .andExpect(status().isOk());
        isProblem(postJson("/detect", "{\"q\": {}}"), 400, "malformed-body", "q");
    }
}
