package dev.tolk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tolk.metrics.OutputChecks;
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

/** {@code translate} on a tiny model trained here for a few steps. */
@Tag("slow") // trains a model
class TranslateCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir static Path dir;

    private static Path model;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void trainTinyModel() throws IOException {
        model = TinyModels.train(dir.resolve("model"), "xx", "yy", 30);
    }

    private int run(String... args) {
        CommandLine commandLine = TolkMain.commandLine(new TolkCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    /** {@code translate --model MODEL --input FILE(text) extra...}. */
    private int translate(String text, String... extra) throws IOException {
        Path in = Files.writeString(Files.createTempFile(dir, "in", ".txt"), text);
        String[] args = {"translate", "--model", model.toString(), "--input", in.toString()};
        String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return run(all);
    }

    @Test
    void oneOutputLinePerInputLineInOrder() throws IOException {
        assertThat(translate("w1 w2 w3\n\nw4 w5\n")).as(err.toString()).isZero();
        String[] lines = out.toString().split("\n", -1);
        assertThat(lines).hasSize(4); // three lines and the final newline
        assertThat(lines[1]).isEmpty();
        assertThat(lines[3]).isEmpty();
    }

    @Test
    void jsonWithNBestAndAttention() throws IOException {
        assertThat(
                        translate(
                                "w1 w2 w3\nw7\n",
                                "--beam",
                                "3",
                                "--n-best",
                                "2",
                                "--attention",
                                "--json"))
                .as(err.toString())
                .isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            // The shape of POST /translate's translations (TranslationJson).
            assertThat(record.propertyNames())
                    .containsExactly(
                            "text",
                            "score",
                            "confidence",
                            "nBest",
                            "sourceTokens",
                            "targetTokens",
                            "attention");
            assertThat(record.get("confidence").asDouble())
                    .isCloseTo(Math.exp(record.get("score").asDouble()), within(1e-9));
            assertThat(record.get("nBest")).hasSize(2);
            assertThat(record.get("nBest").get(0).get("text").asString())
                    .isEqualTo(record.get("text").asString());
            assertThat(record.get("nBest").get(0).get("score").asDouble())
                    .isEqualTo(record.get("score").asDouble());
            JsonNode attention = record.get("attention");
            assertThat(attention.size()).isEqualTo(record.get("targetTokens").size());
            for (JsonNode row : attention) {
                assertThat(row.size()).isEqualTo(record.get("sourceTokens").size());
                double sum = 0;
                for (JsonNode w : row) {
                    sum += w.asDouble();
                }
                assertThat(sum).isBetween(0.999, 1.001);
            }
        }
    }

    @Test
    void nBestInMosesFormat() throws IOException {
        assertThat(translate("w1 w2\n", "--beam", "4", "--n-best", "3")).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(3);
        for (String line : lines) {
            String[] fields = line.split(" \\|\\|\\| ");
            assertThat(fields).hasSize(3);
            assertThat(fields[0]).isEqualTo("0");
            // a mean log-probability
            assertThat(Double.parseDouble(fields[2])).isLessThanOrEqualTo(0.0).isFinite();
        }
    }

    @Test
    void longTextIsSplitAtSentencesAndAnOverlongSentenceIsRejected() throws IOException {
        String sentence = "W1 w2 w3 w4 w5 w6 w7 w8 w9 w10. ";
        assertThat(translate(sentence.repeat(60) + "\n", "--json", "--beam", "1"))
                .as(err.toString())
                .isZero();
        JsonNode split = JSON.readTree(out.toString().strip());
        assertThat(split.propertyNames())
                .containsExactly("text", "score", "confidence", "sentences", "sentenceConfidences");
        assertThat(split.get("sentences").asInt()).isEqualTo(60);
        JsonNode perSentence = split.get("sentenceConfidences");
        assertThat(perSentence).hasSize(60);
        // the text's confidence lies among its sentences'
        double lowest = 1;
        double highest = 0;
        for (JsonNode c : perSentence) {
            lowest = Math.min(lowest, c.asDouble());
            highest = Math.max(highest, c.asDouble());
        }
        assertThat(lowest).isPositive();
        assertThat(split.get("confidence").asDouble()).isBetween(lowest, highest);

        assertThat(translate("w1 ".repeat(600) + "\n")).isEqualTo(1);
        assertThat(err.toString())
                .contains("text 1 has a sentence of")
                .contains("split it into shorter sentences");
    }

    @Test
    void batchesOnTwoStreamsGiveTheSameLinesInTheSameOrder() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            text.append("w").append(i % 9).append(" w").append((i * 5) % 9).append('\n');
        }
        assertThat(translate(text.toString(), "--batch-size", "2", "--streams", "1"))
                .as(err.toString())
                .isZero();
        String one = out.toString();
        out.getBuffer().setLength(0);
        assertThat(translate(text.toString(), "--batch-size", "2", "--streams", "2"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).isEqualTo(one);
        assertThat(one.split("\n")).hasSize(12);
    }

    @Test
    void aMissingModelIsAClearError() {
        assertThat(run("translate", "--model", dir.resolve("nothing").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("model.json");
    }

    @Test
    void evaluatePrintsTheScoresThatBleuGivesOnItsTranslations() throws IOException {
        Path source = Files.writeString(dir.resolve("eval.src"), "w1 w2 w3\nw4 w5\nw6 w7 w8 w9\n");
        Path reference =
                Files.writeString(
                        dir.resolve("eval.ref"), "z18 z17 z16\nz15 z14\nZ13 z12 z11 z10\n");
        Path output = dir.resolve("eval.hyp");
        assertThat(
                        run(
                                "evaluate",
                                "--model",
                                model.toString(),
                                "--source",
                                source.toString(),
                                "--reference",
                                reference.toString(),
                                "--beam",
                                "2",
                                "--output",
                                output.toString(),
                                "--json"))
                .as(err.toString())
                .isZero();
        JsonNode scores = JSON.readTree(out.toString().strip());
        assertThat(scores.get("sentences").asInt()).isEqualTo(3);
        assertThat(scores.get("search").asString())
                .isEqualTo("beam 2, length penalty 1.5, no repeated 3-grams");
        assertThat(Files.readAllLines(output)).hasSize(3);
        List<String> written = Files.readAllLines(output);
        OutputChecks expected =
                OutputChecks.of(Files.readAllLines(source), written, OutputChecks.PHRASE);
        JsonNode checks = scores.get("checks");
        assertThat(checks.get("outputs").asInt()).isEqualTo(3);
        assertThat(checks.get("empty").asInt()).isEqualTo(expected.empty());
        assertThat(checks.get("copies").asInt()).isEqualTo(expected.copies());
        assertThat(checks.get("repeats").asInt()).isEqualTo(expected.repeats());
        assertThat(checks.get("n").asInt()).isEqualTo(3);

        // The same numbers as the bleu command on the written translations, cased and lowercased.
        out.getBuffer().setLength(0);
        assertThat(run("bleu", "--hyp", output.toString(), "--ref", reference.toString(), "--json"))
                .isZero();
        JsonNode cased = JSON.readTree(out.toString().strip());
        assertThat(scores.get("sacrebleu").get("bleu").asDouble())
                .isEqualTo(cased.get("bleu").asDouble());
        assertThat(scores.get("sacrebleu").get("signature").asString())
                .isEqualTo(cased.get("signature").asString());
        out.getBuffer().setLength(0);
        assertThat(
                        run(
                                "bleu",
                                "--hyp",
                                output.toString(),
                                "--ref",
                                reference.toString(),
                                "--lowercase",
                                "--json"))
                .isZero();
        JsonNode lowercased = JSON.readTree(out.toString().strip());
        assertThat(scores.get("lowercased").get("bleu").asDouble())
                .isEqualTo(lowercased.get("bleu").asDouble());
        assertThat(scores.get("lowercased").get("signature").asString()).contains("case:lc");
    }

    @Test
    void evaluateRejectsFilesOfDifferentLengths() throws IOException {
        Path source = Files.writeString(dir.resolve("short.src"), "w1 w2\nw3\n");
        Path reference = Files.writeString(dir.resolve("short.ref"), "z18 z17\n");
        assertThat(
                        run(
                                "evaluate",
                                "--model",
                                model.toString(),
                                "--source",
                                source.toString(),
                                "--reference",
                                reference.toString()))
                .isEqualTo(EvaluateCommand.MISMATCHED_FILES);
        assertThat(err.toString()).contains("has 2 lines").contains("has 1");
    }
}
