package dev.tolk.translate;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tolk.glossary.GlossaryStore;
import dev.tolk.modelstore.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * LibreTranslate's {@code /translate} requires {@code source} and {@code target} and answers 400
 * "Invalid request: missing source parameter" without them; Tolk does the same for requests in its
 * shape (JSON with {@code q}, or a form), with the real {@link TranslationRequests} behind the
 * controller and no model. {@code "source": "auto"} still asks for detection.
 */
@WebMvcTest(controllers = TranslateController.class)
@Import({dev.tolk.testing.WebSlice.class, TranslationRequests.class})
class LibreTranslateRequiredFieldsTest {

    @Autowired MockMvc mvc;

    @MockitoBean TranslationService service;

    @MockitoBean ModelChoice choice;

    @MockitoBean ModelStore store;

    @MockitoBean LanguageDetection detection;

    @MockitoBean GlossaryStore glossaries;

    private ResultActions perform(MockHttpServletRequestBuilder request) throws Exception {
        ResultActions first = mvc.perform(request);
        MvcResult started = first.andReturn();
        return started.getRequest().isAsyncStarted() ? mvc.perform(asyncDispatch(started)) : first;
    }

    private ResultActions json(String body) throws Exception {
        return perform(post("/translate").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions form(String body) throws Exception {
        return perform(
                post("/translate")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content(body));
    }

    private static void missing(ResultActions result, String field) throws Exception {
        result.andExpect(status().isBadRequest())
                .andExpect(
                        jsonPath("$.error")
                                .value("Invalid request: missing " + field + " parameter"))
                .andExpect(jsonPath("$.type").value("/problems/missing-" + field));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"q\": \"w1\", \"target\": \"de\"}                    | source",
                "{\"q\": [\"w1\"], \"target\": \"de\"}                  | source",
                "{\"q\": \"w1\", \"source\": null, \"target\": \"de\"}  | source",
                "{\"q\": \"w1\", \"source\": \"\", \"target\": \"de\"}  | source",
                "{\"q\": \"w1\"}                                        | source",
                "{\"q\": \"w1\", \"source\": \"en\"}                    | target",
                "{\"q\": \"w1\", \"source\": \"auto\", \"target\": \"\"} | target",
            })
    void aJsonRequestWithoutALanguageIsRefusedAsLibreTranslateRefusesIt(String body, String field)
            throws Exception {
        missing(json(body), field);
        verify(choice, never()).choose(any(), any(), any(), any());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "q=w1&target=de, source",
        "q=w1&q=w2&target=de, source",
        "q=w1&source=&target=de, source",
        "q=w1&source=en, target",
        "q=w1&source=auto, target",
    })
    void aFormWithoutALanguageIsRefusedAsLibreTranslateRefusesIt(String body, String field)
            throws Exception {
        missing(form(body), field);
        missing(perform(post("/translate?" + body)), field); // the query-only POST, a form too
        verify(choice, never()).choose(any(), any(), any(), any());
    }

    @Test
    void noTextIsRefusedBeforeAMissingLanguageAsLibreTranslateDoes() throws Exception {
        json("{\"q\": \"\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/empty-text"));
    }

    @Test
    void sourceAutoStillAsksForDetection() throws Exception {
        when(choice.choose(null, "auto", "de", "w1"))
                .thenThrow(new PairNotServedException("fr", "de", java.util.Set.of("en-de")));

        json("{\"q\": \"w1\", \"source\": \"auto\", \"target\": \"de\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(containsString("fr-de")));
        form("q=w1&source=AUTO&target=de")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(containsString("fr-de")));
        verify(choice, org.mockito.Mockito.times(2)).choose(null, "auto", "de", "w1");
    }
}
