package dev.tolk.web;

import dev.tolk.metrics.BleuTokenizer;
import dev.tolk.metrics.Evaluation;
import dev.tolk.metrics.Smoothing;
import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /evaluate}: corpus BLEU and chrF of hypotheses against references, as sacreBLEU. */
@RestController
public class EvaluateController {

    /**
     * The request.
     *
     * @param hypotheses the system's output, one string per segment
     * @param references one reference per segment, or several streams (a list of lists)
     * @param tokenize BLEU's tokenizer: 13a (default), intl, char, none
     * @param lowercase case-insensitive scores
     * @param smooth exp (default), floor, add-k, none
     */
    public record Request(
            List<String> hypotheses,
            List<Object> references,
            String tokenize,
            Boolean lowercase,
            String smooth) {}

    @Operation(summary = "BLEU and chrF with sacreBLEU's signatures")
    @PostMapping(path = "/evaluate", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> evaluate(@RequestBody Request request) {
        if (request.hypotheses() == null || request.hypotheses().isEmpty()) {
            throw ApiException.badRequest(
                    "missing-hypotheses", "hypotheses is empty: send one string per segment");
        }
        if (request.references() == null || request.references().isEmpty()) {
            throw ApiException.badRequest(
                    "missing-references",
                    "references is empty: send one string per segment, or a list of such lists");
        }
        List<List<String>> streams = new ArrayList<>();
        if (request.references().get(0) instanceof List<?>) {
            for (Object stream : request.references()) {
                streams.add(strings(stream));
            }
        } else {
            streams.add(strings(request.references()));
        }
        for (int i = 0; i < streams.size(); i++) {
            if (streams.get(i).size() != request.hypotheses().size()) {
                throw ApiException.badRequest(
                        "length-mismatch",
                        "reference stream "
                                + (i + 1)
                                + " has "
                                + streams.get(i).size()
                                + " segments but there are "
                                + request.hypotheses().size()
                                + " hypotheses: give one reference per hypothesis");
            }
        }
        var options =
                new Evaluation.Options(
                        BleuTokenizer.of(request.tokenize() == null ? "13a" : request.tokenize()),
                        Boolean.TRUE.equals(request.lowercase()),
                        Smoothing.of(request.smooth() == null ? "exp" : request.smooth()),
                        null);
        return Evaluation.score(request.hypotheses(), streams, options).toJson();
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> list)) {
            throw ApiException.badRequest(
                    "malformed-body", "references must be strings or lists of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw ApiException.badRequest(
                        "malformed-body", "references must be strings or lists of strings");
            }
            out.add(s);
        }
        return out;
    }
}
