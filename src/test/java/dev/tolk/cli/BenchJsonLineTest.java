package dev.tolk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.testing.TinyModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code --json} line of {@code bench train}, {@code vocab} and {@code bleu}: one object that
 * Jackson reads, also when no PyTorch thread count was set ({@code "threads": null}).
 */
@Tag("slow") // trains a model
class BenchJsonLineTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String THREADS = "ai.djl.pytorch.num_threads";

    @TempDir static Path dir;

    private static Path source;
    private static Path target;

    private final String threads = System.getProperty(THREADS);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void writeCorpus() throws IOException {
        List<String> sources = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (String line : TinyModels.corpus(40, 7).split("\n")) {
            String[] pair = line.split("\t");
            sources.add(pair[0]);
            targets.add(pair[1]);
        }
        source = Files.write(dir.resolve("train.xx"), sources);
        target = Files.write(dir.resolve("train.yy"), targets);
    }

    @AfterEach
    void restoreThreads() {
        if (threads != null) {
            System.setProperty(THREADS, threads);
        }
    }

    /** Runs {@code bench args}: exit code 0, output exactly one line, returned parsed. */
    private JsonNode benchJson(String... args) {
        CommandLine commandLine = TolkMain.commandLine(new TolkCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        assertThat(commandLine.execute(all)).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(1);
        return JSON.readTree(lines[0]);
    }

    @Test
    void benchTrainPrintsOneJsonObjectWithoutAThreadCount() {
        System.clearProperty(THREADS);

        JsonNode figures =
                benchJson(
                        "train",
                        "--preset",
                        "tiny",
                        "--vocab-size",
                        "300",
                        "--batch-tokens",
                        "128",
                        "--steps",
                        "2",
                        "--warmup-steps",
                        "1",
                        "--train-source",
                        source.toString(),
                        "--train-target",
                        target.toString(),
                        "--json");

        assertThat(figures.get("preset").asString()).isEqualTo("tiny");
        assertThat(figures.get("threads").isNull()).isTrue();
        assertThat(figures.get("timed_steps").asInt()).isEqualTo(2);
        assertThat(figures.get("tgt_tokens_per_s").asDouble()).isPositive();
        assertThat(figures.get("fraction_of_peak").isNumber()).isTrue();
        assertThat(figures.get("peak_rss_mib").asDouble()).isPositive();
    }

    @Test
    void benchVocabPrintsOneJsonObject() {
        JsonNode figures =
                benchJson("vocab", "--size", "300", "--json", source.toString(), target.toString());

        assertThat(figures.get("lines").asInt()).isEqualTo(80);
        assertThat(figures.get("vocab_size").asInt()).isPositive();
        assertThat(figures.get("tokens_per_line").asDouble()).isPositive();
    }

    @Test
    void benchBleuPrintsOneJsonObject() {
        JsonNode figures =
                benchJson(
                        "bleu",
                        "--hyp",
                        target.toString(),
                        "--ref",
                        target.toString(),
                        "--runs",
                        "3",
                        "--warmup",
                        "1",
                        "--json");

        assertThat(figures.get("segments").asInt()).isEqualTo(40);
        assertThat(figures.get("bleu").asDouble()).isEqualTo(100.0);
        assertThat(figures.get("median_ms").isNumber()).isTrue();
    }

    @Test
    void figuresAreRoundedAsTheTextLineShowsThemAndNaNIsNull() {
        String line =
                new JsonLine()
                        .put("name", "a \"quoted\" name")
                        .put("rate", 1234.5678, 1)
                        .put("share", 0.12345, 3)
                        .put("none", Double.NaN, 2)
                        .put("threads", (Object) null)
                        .line();

        assertThat(line)
                .isEqualTo(
                        "{\"name\":\"a \\\"quoted\\\" name\",\"rate\":1234.6,\"share\":0.123,"
                                + "\"none\":null,\"threads\":null}");
        assertThat(JSON.readTree(line).get("rate").asDouble()).isEqualTo(1234.6);
    }

    @Test
    void threadsAreTheNumberAskedFor() {
        System.setProperty(THREADS, "3");
        assertThat(JsonLine.threads()).isEqualTo(3);
        System.clearProperty(THREADS);
        assertThat(JsonLine.threads()).isNull();
    }
}
