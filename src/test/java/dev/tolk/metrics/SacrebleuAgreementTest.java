package dev.tolk.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tolk.io.TextFiles;
import dev.tolk.testing.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every case in {@code sacrebleu/expected.json} computed by Tolk and compared with what sacreBLEU
 * 2.6.0 itself printed for it ({@code generate_expected.py} made the file): tokenizer output,
 * scores to 1e-9, statistics exactly, and the whole text line but for the version field.
 */
class SacrebleuAgreementTest {

    private static final JsonNode EXPECTED = load();

    private static JsonNode load() {
        try (InputStream in =
                SacrebleuAgreementTest.class.getResourceAsStream("/sacrebleu/expected.json")) {
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> matchesSacrebleu() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : EXPECTED.get("cases")) {
            String kind = c.get("kind").asString();
            String name =
                    kind
                            + ": "
                            + (c.has("name")
                                    ? c.get("name").asString()
                                    : c.get("tokenizer").asString()
                                            + " "
                                            + c.get("text").asString());
            tests.add(DynamicTest.dynamicTest(name, () -> check(kind, c)));
        }
        assertThat(tests).hasSizeGreaterThan(80);
        return tests.stream();
    }

    private static void check(String kind, JsonNode c) throws IOException {
        switch (kind) {
            case "tokenize" ->
                    assertThat(
                                    BleuTokenizer.of(c.get("tokenizer").asString())
                                            .tokenize(c.get("text").asString()))
                            .isEqualTo(c.get("tokens").asString());
            case "bleu" ->
                    checkBleu(
                            c,
                            new Bleu(bleuOptions(c.get("options"), false))
                                    .corpusScore(strings(c.get("hyps")), streams(c.get("refs"))));
            case "sentence" ->
                    checkBleu(
                            c,
                            new Bleu(bleuOptions(c.get("options"), true))
                                    .sentenceScore(
                                            c.get("hyp").asString(), strings(c.get("refs"))));
            case "chrf" -> {
                ChrfScore score =
                        new Chrf(chrfOptions(c.get("options")))
                                .corpusScore(strings(c.get("hyps")), streams(c.get("refs")));
                assertThat(score.score()).isCloseTo(c.get("score").asDouble(), within(1e-9));
                assertThat(withoutVersion(score.format()))
                        .isEqualTo(withoutVersion(c.get("line").asString()));
            }
            case "multi30k" -> checkMulti30k(c);
            default -> throw new IllegalStateException("unknown case kind " + kind);
        }
    }

    private static void checkBleu(JsonNode c, BleuScore score) {
        assertThat(score.score()).isCloseTo(c.get("score").asDouble(), within(1e-9));
        assertThat(score.bp()).isCloseTo(c.get("bp").asDouble(), within(1e-12));
        assertThat(score.sysLen()).isEqualTo(c.get("sys_len").asLong());
        assertThat(score.refLen()).isEqualTo(c.get("ref_len").asLong());
        JsonNode precisions = c.get("precisions");
        for (int n = 0; n < Bleu.MAX_ORDER; n++) {
            assertThat(score.precisions()[n]).isCloseTo(precisions.get(n).asDouble(), within(1e-9));
            if (c.has("counts")) {
                assertThat(score.counts()[n]).isEqualTo(c.get("counts").get(n).asDouble());
                assertThat(score.totals()[n]).isEqualTo(c.get("totals").get(n).asDouble());
            }
        }
        assertThat(withoutVersion(score.format()))
                .isEqualTo(withoutVersion(c.get("line").asString()));
    }

    private static void checkMulti30k(JsonNode c) throws IOException {
        Path dir = SharedData.multi30k();
        List<String> de = TextFiles.readAllLines(dir.resolve("test_2016_flickr.de.gz"));
        List<String> en = TextFiles.readAllLines(dir.resolve("test_2016_flickr.en.gz"));
        List<String> perturbed = de.stream().map(line -> perturb(line, 1)).toList();
        List<String> other = de.stream().map(line -> perturb(line, 3)).toList();
        String name = c.get("name").asString();
        List<String> hypotheses = name.startsWith("en") ? en : perturbed;
        List<List<String>> references =
                name.contains("two references") ? List.of(de, other) : List.of(de);
        JsonNode options = c.get("options");
        boolean lowercase = options.path("lowercase").asBoolean(false);
        BleuScore bleu = new Bleu(bleuOptions(options, false)).corpusScore(hypotheses, references);
        assertThat(bleu.score()).isCloseTo(c.get("bleu").asDouble(), within(1e-9));
        assertThat(bleu.sysLen()).isEqualTo(c.get("sys_len").asLong());
        assertThat(bleu.refLen()).isEqualTo(c.get("ref_len").asLong());
        assertThat(
                        new Chrf(Chrf.Options.CHRF.withLowercase(lowercase))
                                .corpusScore(hypotheses, references)
                                .score())
                .isCloseTo(c.get("chrf").asDouble(), within(1e-9));
        assertThat(
                        new Chrf(Chrf.Options.CHRF_PLUS_PLUS.withLowercase(lowercase))
                                .corpusScore(hypotheses, references)
                                .score())
                .isCloseTo(c.get("chrfpp").asDouble(), within(1e-9));
    }

    /** The generator's system: the word at {@code index} dropped. */
    private static String perturb(String line, int index) {
        String[] words = line.split(" ", -1);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            if (i != index) {
                kept.add(words[i]);
            }
        }
        return String.join(" ", kept);
    }

    private static Bleu.Options bleuOptions(JsonNode options, boolean sentence) {
        Bleu.Options base = sentence ? Bleu.Options.SENTENCE : Bleu.Options.CORPUS;
        if (options.has("use_effective_order")) {
            base =
                    new Bleu.Options(
                            base.tokenizer(),
                            base.lowercase(),
                            base.smoothing(),
                            base.smoothValue(),
                            options.get("use_effective_order").asBoolean());
        }
        Bleu.Options result =
                base.withTokenizer(BleuTokenizer.of(options.path("tokenize").asString("13a")))
                        .withLowercase(options.path("lowercase").asBoolean(false));
        if (options.has("smooth_method")) {
            JsonNode value = options.get("smooth_value");
            result =
                    result.withSmoothing(
                            Smoothing.of(options.get("smooth_method").asString()),
                            value == null ? null : value.asDouble());
        }
        return result;
    }

    private static Chrf.Options chrfOptions(JsonNode options) {
        Chrf.Options base =
                options.path("word_order").asInt(0) == 2
                        ? Chrf.Options.CHRF_PLUS_PLUS
                        : Chrf.Options.CHRF;
        return base.withLowercase(options.path("lowercase").asBoolean(false));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asString()));
        return out;
    }

    private static List<List<String>> streams(JsonNode array) {
        List<List<String>> out = new ArrayList<>();
        array.forEach(node -> out.add(strings(node)));
        return out;
    }

    private static String withoutVersion(String line) {
        return line.replaceAll("\\|version:[^ ]+", "|version:*");
    }
}
