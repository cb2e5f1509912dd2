package dev.tolk.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON shape of one translation, shared by {@code translate --json} and HTTP. */
class TranslationJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Translator.Translation SPLIT =
            new Translator.Translation(
                    "Ein Mann. Eine Frau.",
                    -0.25,
                    List.of(new Translator.Alternative("Ein Mann. Eine Frau.", -0.25)),
                    List.of("▁A", "▁man", "</s>"),
                    List.of("▁Ein", "▁Mann", "</s>"),
                    new float[][] {{0.5f, 0.25f, 0.25f}, {0.1f, 0.8f, 0.1f}, {0f, 0f, 1f}},
                    2,
                    7,
                    List.of(0.9, 0.6));

    private static JsonNode json(Translator.Translation t, SearchSettings search) {
        return JSON.readTree(JSON.writeValueAsString(TranslationJson.of(t, search)));
    }

    @Test
    void withDefaultsOnlyTextScoreAndConfidence() {
        Translator.Translation one =
                new Translator.Translation(
                        "Ein Mann.",
                        -0.5,
                        List.of(new Translator.Alternative("Ein Mann.", -0.5)),
                        null,
                        null,
                        null,
                        1,
                        3);

        JsonNode node = json(one, SearchSettings.defaults(4));

        assertThat(node.propertyNames()).containsExactly("text", "score", "confidence");
        assertThat(node.get("text").asString()).isEqualTo("Ein Mann.");
        assertThat(node.get("score").asDouble()).isEqualTo(-0.5);
        assertThat(node.get("confidence").asDouble()).isCloseTo(Math.exp(-0.5), within());
    }

    @Test
    void everyFieldInTheOrderHttpHasThem() {
        JsonNode node = json(SPLIT, SearchSettings.defaults(4).withNBest(2).withAttention(true));

        assertThat(node.propertyNames())
                .containsExactly(
                        "text",
                        "score",
                        "confidence",
                        "nBest",
                        "sentences",
                        "sentenceConfidences",
                        "sourceTokens",
                        "targetTokens",
                        "attention");
        assertThat(node.get("nBest").get(0).propertyNames()).containsExactly("text", "score");
        assertThat(node.get("sentences").asInt()).isEqualTo(2);
        assertThat(node.get("sentenceConfidences").get(1).asDouble()).isEqualTo(0.6);
        assertThat(node.get("sourceTokens").get(1).asString()).isEqualTo("▁man");
        assertThat(node.get("attention").get(1).get(1).asDouble()).isCloseTo(0.8, within());
    }

    @Test
    void attentionOnlyWhenAskedFor() {
        JsonNode node = json(SPLIT, SearchSettings.defaults(4));

        assertThat(node.propertyNames())
                .containsExactly("text", "score", "confidence", "sentences", "sentenceConfidences");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-6);
    }
}
