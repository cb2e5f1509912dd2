package dev.tolk.evaluate;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /evaluate}: corpus BLEU and chrF of hypotheses against references, as sacreBLEU. */
@RestController
class EvaluateController {

    @Operation(summary = "BLEU and chrF with sacreBLEU's signatures")
    @PostMapping(path = "/evaluate", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> evaluate(@Valid @RequestBody EvaluateRequest request) {
        return request.score().toJson();
    }
}
