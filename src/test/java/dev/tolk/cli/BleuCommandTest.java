package dev.tolk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BleuCommandTest {

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = TolkMain.commandLine(new TolkCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void printsSacrebleuStyleLines() throws IOException {
        Path hyp = write("hyp.txt", "the cat sat on the mat\n");
        Path ref = write("ref.txt", "the cat sat on a mat\n");

        assertThat(run("bleu", "--hyp", hyp.toString(), "--ref", ref.toString())).isZero();

        String[] lines = out.toString().split("\n");
        assertThat(lines[0])
                .matches(
                        "BLEU\\|nrefs:1\\|case:mixed\\|eff:no\\|tok:13a\\|smooth:exp\\|version:tolk-\\S+"
                                + " = 53\\.73 83\\.3/60\\.0/50\\.0/33\\.3 \\(BP = 1\\.000 ratio ="
                                + " 1\\.000 hyp_len = 6 ref_len = 6\\)");
        assertThat(lines[1])
                .matches(
                        "chrF2\\|nrefs:1\\|case:mixed\\|eff:yes\\|nc:6\\|nw:0\\|space:no\\|version:tolk-\\S+ = \\d+\\.\\d\\d");
    }

    @Test
    void jsonHasTheDocumentedFields() throws IOException {
        Path hyp = write("hyp.txt", "The cat sat on the mat\n");
        Path ref1 = write("ref1.txt", "the cat sat on a mat\n");
        Path ref2 = write("ref2.txt", "a cat sat on the mat\n");
        // lowercased: unigrams 5/6 ("the" twice, at most once in either reference), every
        // bigram, trigram and 4-gram in one reference or the other: (5/6)^(1/4) = 95.54

        int code =
                run(
                        "bleu",
                        "--hyp",
                        hyp.toString(),
                        "--ref",
                        ref1.toString(),
                        "--ref",
                        ref2.toString(),
                        "--lowercase",
                        "--tokenize",
                        "intl",
                        "--smooth",
                        "floor",
                        "--json");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("\"bleu\":95.54", "\"precisions\":[", "\"bp\":1.0", "\"ratio\":1.0")
                .contains("\"sys_len\":6", "\"ref_len\":6", "\"chrf\":")
                .contains(
                        "\"signature\":\"nrefs:2|case:lc|eff:no|tok:intl|smooth:floor[0.10]|version:tolk-")
                .contains(
                        "\"chrf_signature\":\"nrefs:2|case:lc|eff:yes|nc:6|nw:0|space:no|version:tolk-");
    }

    @Test
    void filesOfDifferentLengthsExitWithTwoAndBothCounts() throws IOException {
        Path hyp = write("hyp.txt", "a\nb\nc\n");
        Path ref = write("ref.txt", "a\nb\n");

        assertThat(run("bleu", "--hyp", hyp.toString(), "--ref", ref.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(hyp + " has 3 lines but " + ref + " has 2");
    }

    @Test
    void unknownTokenizerIsAUsageError() throws IOException {
        Path hyp = write("hyp.txt", "a\n");
        assertThat(
                        run(
                                "bleu",
                                "--hyp",
                                hyp.toString(),
                                "--ref",
                                hyp.toString(),
                                "--tokenize",
                                "zh"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("not one of 13a, intl, char, none");
    }
}
