package dev.tolk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.decode.SearchSettings;
import dev.tolk.testing.TinyModels;
import dev.tolk.text.SubwordTokenizer;
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

/** {@code bench decode} on a tiny trained model and on random weights. */
@Tag("slow") // trains a model
class BenchDecodeCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir static Path dir;

    private static Path model;
    private static Path source;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void setUp() throws IOException {
        model = TinyModels.train(dir.resolve("model"), "xx", "yy", 20);
        source =
                Files.write(
                        dir.resolve("source.txt"),
                        List.of("w1 w2 w3", "w4", "w5 w6 w7 w8 w9", "w2 w3", "w7 w1 w4 w4"));
    }

    private JsonNode bench(String... args) {
        CommandLine commandLine = TolkMain.commandLine(new TolkCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 2];
        all[0] = "bench";
        all[1] = "decode";
        System.arraycopy(args, 0, all, 2, args.length);
        assertThat(commandLine.execute(all)).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void beamOnATrainedModelOverTwoStreamsAndTwoPasses() {
        JsonNode figures =
                bench(
                        "--model",
                        model.toString(),
                        "--source",
                        source.toString(),
                        "--method",
                        "beam",
                        "--beam",
                        "2",
                        "--batch-size",
                        "2",
                        "--streams",
                        "2",
                        "--passes",
                        "2",
                        "--warmup-seconds",
                        "0",
                        "--json");
        assertThat(figures.get("method").asString()).isEqualTo("beam");
        assertThat(figures.get("beam").asInt()).isEqualTo(2);
        assertThat(figures.get("streams").asInt()).isEqualTo(2);
        assertThat(figures.get("sentences").asInt()).isEqualTo(10);
        assertThat(figures.get("tgt_tokens").asLong()).isPositive();
        assertThat(figures.get("sentences_per_s").asDouble()).isPositive();
        assertThat(figures.get("tgt_tokens_per_s").asDouble()).isPositive();
        assertThat(figures.get("peak_rss_mib").asDouble()).isPositive();
        assertThat(figures.get("rss_by_pass_mib")).hasSize(2);
    }

    @Test
    void randomWeightsRunEverySentenceToItsLimitAtMost() throws IOException {
        Path vocab = model.resolve("tokenizer.json");
        JsonNode figures =
                bench(
                        "--random-weights",
                        "--preset",
                        "tiny",
                        "--vocab",
                        vocab.toString(),
                        "--source",
                        source.toString(),
                        "--method",
                        "greedy",
                        "--batch-size",
                        "64",
                        "--warmup-seconds",
                        "0",
                        "--json");
        assertThat(figures.get("sentences").asInt()).isEqualTo(5);
        // At most the default output limit (the peer's) per sentence, end token included.
        long limit = 0;
        try (SubwordTokenizer tokenizer = SubwordTokenizer.load(vocab)) {
            for (int[] ids : tokenizer.encodeAllWithEnd(Files.readAllLines(source))) {
                limit += SearchSettings.GREEDY.maxLength(ids.length);
            }
        }
        assertThat(figures.get("tgt_tokens").asLong()).isBetween(5L, limit);
    }

    @Test
    void withoutAThreadCountTheJsonLineIsStillValidAndTheOnlyLine() {
        String threads = System.getProperty("ai.djl.pytorch.num_threads");
        System.clearProperty("ai.djl.pytorch.num_threads");
        try {
            JsonNode figures =
                    bench(
                            "--random-weights",
                            "--preset",
                            "tiny",
                            "--vocab",
                            model.resolve("tokenizer.json").toString(),
                            "--source",
                            source.toString(),
                            "--warmup-seconds",
                            "0",
                            "--json");
            assertThat(out.toString().strip().split("\n")).hasSize(1);
            assertThat(figures.get("threads").isNull()).isTrue();
            assertThat(figures.get("method").asString()).isEqualTo("greedy");
            assertThat(figures.get("rss_by_pass_mib").get(0).isIntegralNumber()).isTrue();
        } finally {
            if (threads != null) {
                System.setProperty("ai.djl.pytorch.num_threads", threads);
            }
        }
    }

    @Test
    void anUnknownMethodIsRejected() {
        CommandLine commandLine = TolkMain.commandLine(new TolkCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code =
                commandLine.execute(
                        "bench",
                        "decode",
                        "--random-weights",
                        "--preset",
                        "tiny",
                        "--source",
                        source.toString(),
                        "--method",
                        "sampling");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--method must be greedy or beam");
    }
}
