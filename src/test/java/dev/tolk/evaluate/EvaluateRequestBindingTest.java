package dev.tolk.evaluate;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tolk.testing.WebSlice;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** {@code POST /evaluate}: bodies bound and scored, malformed ones refused naming the field. */
@WebMvcTest(EvaluateController.class)
@Import(WebSlice.class)
class EvaluateRequestBindingTest {

    @Autowired MockMvc mvc;

    private ResultActions evaluate(String body) throws Exception {
        return mvc.perform(post("/evaluate").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void scoresOneAndSeveralReferenceStreams() throws Exception {
        evaluate(
                        "{\"hypotheses\": [\"a cat sat on the mat\"], \"references\": [\"a cat sat on the mat\"]}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.bleu").value(100.0));
        evaluate(
                        "{\"hypotheses\": [\"a cat sat\"], \"references\": [[\"a dog\"], [\"a"
                                + " cat sat\"]], \"lowercase\": true, \"tokenize\": \"intl\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.signature").value(Matchers.containsString("nrefs:2")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"hypotheses\": [null], \"references\": [\"a\"]}          | invalid-hypotheses | hypotheses[0]",
                "{\"hypotheses\": [], \"references\": [\"a\"]}              | invalid-hypotheses | hypotheses",
                "{\"hypotheses\": [\"a\"]}                                  | invalid-references | references",
                "{\"hypotheses\": [\"a\"], \"references\": 5}               | malformed-body     | references",
                "{\"hypotheses\": [\"a\"], \"references\": [\"a\", null]}   | malformed-body     | references[1]",
                "{\"hypotheses\": [\"a\"], \"references\": [[\"a\"], \"b\"]} | malformed-body    | references[1]",
                "{\"hypotheses\": [\"a\"], \"references\": [\"a\"], \"tokenize\": \"x\"} | invalid-tokenize | tokenize",
                "{\"hypotheses\": [\"a\"], \"references\": [\"a\"], \"smooth\": 3.5}    | invalid-smooth   | smooth",
                "{\"hypotheses\": [\"a\"], \"references\": [\"a\"], \"lowercase\": \"no\"} | malformed-body | lowercase",
                "{\"hypotheses\": [\"a\", \"b\"], \"references\": [\"a\"]}   | length-mismatch    | hypotheses",
            })
    void aMalformedBodyIsAProblemNamingTheField(String body, String type, String field)
            throws Exception {
        evaluate(body)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/" + type))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString(field)));
    }
}
