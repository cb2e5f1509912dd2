package dev.tolk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tolk.decode.Translator;
import dev.tolk.metrics.Bleu;
import dev.tolk.metrics.RankCorrelation;
import dev.tolk.testing.TinyModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The confidence of translations, {@code bench confidence} and {@code bench glossary}, on a tiny
 * model that has learned the toy task (trained here in seconds).
 */
@Tag("slow") // trains a model
class QualityBenchCommandsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir static Path dir;

    private static Path model;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void trainTinyModel() throws IOException {
        model = TinyModels.trainAccurate(dir.resolve("model"), "xx", "yy");
    }

    private int run(String... args) {
        CommandLine commandLine = TolkMain.commandLine(new TolkCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    private List<JsonNode> translate(String lines) throws IOException {
        Path in = Files.writeString(Files.createTempFile(dir, "in", ".txt"), lines);
        assertThat(
                        run(
                                "translate",
                                "--model",
                                model.toString(),
                                "--input",
                                in.toString(),
                                "--json"))
                .as(err.toString())
                .isZero();
        List<JsonNode> records =
                out.toString().strip().lines().map(l -> (JsonNode) JSON.readTree(l)).toList();
        out.getBuffer().setLength(0);
        return records;
    }

    @Test
    void aSentenceTheModelKnowsIsMoreConfidentThanGibberish() throws IOException {
        List<JsonNode> records = translate("w3 w7 w12\nqu'est-ce que c'est? blorf!\n");

        double known = records.get(0).get("confidence").asDouble();
        double gibberish = records.get(1).get("confidence").asDouble();
        assertThat(records.get(0).get("text").asString()).isEqualTo(TinyModels.answer("w3 w7 w12"));
        assertThat(known).isBetween(0.0, 1.0);
        assertThat(gibberish).isBetween(0.0, 1.0);
        assertThat(known).isGreaterThan(gibberish + 0.2);
    }

    @Test
    void benchConfidencePrintsTheRankCorrelationWithSentenceBleu() throws IOException {
        StringBuilder source = new StringBuilder();
        StringBuilder reference = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            String s = "w" + i + " w" + (i + 3) + " w" + (i * 2);
            source.append(s).append('\n');
            reference.append(TinyModels.answer(s)).append('\n');
        }
        for (String gibberish : List.of("blorf quux", "ça ne va pas!", "§§ ¿qué?")) {
            source.append(gibberish).append('\n');
            reference.append("z1 z2 z3").append('\n');
        }
        Path src = Files.writeString(dir.resolve("val.src"), source);
        Path ref = Files.writeString(dir.resolve("val.ref"), reference);

        int code =
                run(
                        "bench",
                        "confidence",
                        "--model",
                        model.toString(),
                        "--source",
                        src.toString(),
                        "--reference",
                        ref.toString(),
                        "--beam",
                        "2",
                        "--worst",
                        "0.25",
                        "--json");

        assertThat(code).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode figures = JSON.readTree(lines[0]);
        assertThat(figures.get("sentences").asInt()).isEqualTo(11);
        // the known sentences are translated right and more confidently than the gibberish
        assertThat(figures.get("spearman").asDouble()).isGreaterThan(0.5).isLessThanOrEqualTo(1);
        assertThat(figures.get("worst_found").asDouble()).isEqualTo(1.0);
        assertThat(figures.get("least_confident_bleu").asDouble())
                .isLessThan(figures.get("rest_bleu").asDouble());
        assertThat(figures.get("mean_confidence").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void benchGlossaryPrintsTheShareOfTermsInTheOutputAndBleuWithAndWithout() throws IOException {
        // BLEU needs four words a sentence to have 4-grams
        Path src =
                Files.writeString(
                        dir.resolve("g.src"),
                        "w1 w3 w5 w7 w9\nw2 w4 w6 w8\nw3 w2 w4 w6 w8\nw6 w7 w8 w9\n");
        Path ref =
                Files.writeString(
                        dir.resolve("g.ref"),
                        "z18 Katze z14 z12 z10\nz17 z15 z13 z11\nKatze z17 z15 z13 z11\n"
                                + "z13 z12 z11 z10\n");
        Path glossary = Files.writeString(dir.resolve("g.tsv"), "w3\tKatze\n");
        Path output = dir.resolve("g.out");

        int code =
                run(
                        "bench",
                        "glossary",
                        "--model",
                        model.toString(),
                        "--glossary",
                        glossary.toString(),
                        "--source",
                        src.toString(),
                        "--reference",
                        ref.toString(),
                        "--beam",
                        "2",
                        "--output",
                        output.toString(),
                        "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode figures = JSON.readTree(out.toString().strip());
        String glossed = Files.readString(output);
        assertThat(figures.get("sentences").asInt()).as(figures + "\n" + glossed).isEqualTo(4);
        assertThat(figures.get("sentences_with_terms").asInt()).isEqualTo(2);
        assertThat(figures.get("terms").asInt()).isEqualTo(2);
        assertThat(figures.get("share_without").asDouble()).isZero();
        assertThat(figures.get("share_with").asDouble()).isEqualTo(1.0);
        assertThat(figures.get("misses").asInt()).isZero();
        assertThat(figures.get("bleu_with").asDouble())
                .as(figures + "\n" + glossed)
                .isGreaterThan(figures.get("bleu_without").asDouble());
        assertThat(figures.get("bleu_terms_with").asDouble())
                .as(figures + "\n" + glossed)
                .isGreaterThan(figures.get("bleu_terms_without").asDouble());
        // the terms' sentences have the required word once, the others none
        List<String> lines = Files.readAllLines(output);
        assertThat(lines).hasSize(4);
        assertThat(lines)
                .extracting(l -> l.split("Katze", -1).length - 1)
                .containsExactly(1, 0, 1, 0);
    }

    @Test
    void theRankingComparesConfidenceWithSentenceBleu() {
        // Four translations with hand-set scores (confidence = exp(score)) and their references.
        List<Translator.Translation> translations =
                List.of(
                        translation("the cat sat on the mat", -0.1),
                        translation("a dog", -2.0),
                        translation("the cat sat on a mat", -0.5),
                        translation("nothing alike at all", -1.0));
        List<String> references =
                List.of(
                        "the cat sat on the mat",
                        "the cat sat on the mat",
                        "the cat sat on the mat",
                        "the cat sat on the mat");

        BenchConfidenceCommand.Ranking ranking =
                BenchConfidenceCommand.Ranking.of(translations, references, 0.25);

        Bleu bleu = new Bleu(Bleu.Options.SENTENCE);
        double[] sentenceBleu =
                translations.stream()
                        .mapToDouble(
                                t ->
                                        bleu.sentenceScore(t.text(), List.of(references.get(0)))
                                                .score())
                        .toArray();
        double[] confidence = {Math.exp(-0.1), Math.exp(-2.0), Math.exp(-0.5), Math.exp(-1.0)};
        assertThat(ranking.sentences()).isEqualTo(4);
        assertThat(ranking.spearman())
                .isEqualTo(RankCorrelation.spearman(confidence, sentenceBleu));
        assertThat(ranking.meanConfidence())
                .isCloseTo(
                        (confidence[0] + confidence[1] + confidence[2] + confidence[3]) / 4,
                        within(1e-12));
        // the least confident one ("a dog") is scored and compared with the rest
        assertThat(ranking.lowCount()).isEqualTo(1);
        assertThat(ranking.lowBleu()).isEqualTo(sentenceBleu[1]);
        assertThat(ranking.restBleu())
                .isCloseTo((sentenceBleu[0] + sentenceBleu[2] + sentenceBleu[3]) / 3, within(1e-9));
        assertThat(ranking.worstFound()).isEqualTo(sentenceBleu[1] <= sentenceBleu[3] ? 1.0 : 0.0);
    }

    private static Translator.Translation translation(String text, double score) {
        return new Translator.Translation(
                text,
                score,
                List.of(new Translator.Alternative(text, score)),
                null,
                null,
                null,
                1,
                text.split(" ").length + 1);
    }
}
