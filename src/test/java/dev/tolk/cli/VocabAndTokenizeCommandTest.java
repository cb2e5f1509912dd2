package dev.tolk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VocabAndTokenizeCommandTest {

    @TempDir Path dir;

    private final StringWriter err = new StringWriter();

    private CommandLine commandLine() {
        CommandLine commandLine = TolkMain.commandLine(new TolkCommand());
        commandLine.setErr(new PrintWriter(err));
        return commandLine;
    }

    private String tokenize(Path vocab, String input, String... extra) {
        CommandLine commandLine = commandLine();
        TokenizeCommand command = commandLine.getSubcommands().get("tokenize").getCommand();
        command.stdin = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        command.stdout = out;
        String[] args = new String[2 + extra.length];
        args[0] = "tokenize";
        args[1] = "--vocab=" + vocab;
        System.arraycopy(extra, 0, args, 2, extra.length);
        assertThat(commandLine.execute(args)).as(err.toString()).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void vocabLearnsATokenizerThatTokenizeAppliesAndReverses() throws IOException {
        Path en = dir.resolve("train.en");
        Path de = dir.resolve("train.de");
        Files.writeString(en, "a man rides a horse\na woman rides a bike\n");
        Files.writeString(de, "ein Mann reitet ein Pferd\neine Frau fährt ein Rad\n");
        Path out = dir.resolve("vocab");

        int code =
                commandLine()
                        .execute(
                                "vocab",
                                "--size",
                                "300",
                                "--out",
                                out.toString(),
                                en.toString(),
                                de.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.resolve("tokenizer.json")).exists();
        assertThat(err.toString()).contains("from 4 lines");

        // words seen twice are single tokens; "man", "Mann" (once each) stay in pieces
        String tokens = tokenize(out.resolve("tokenizer.json"), "a  man rides\nein Mann fährt\n");
        assertThat(tokens).startsWith("▁a ▁").contains(" ▁rides\n▁ein ▁").endsWith("\n");
        String text = tokenize(out, tokens, "--decode");
        assertThat(text).isEqualTo("a man rides\nein Mann fährt\n");
    }

    @Test
    void decodingAnUnknownTokenNamesTheLine() throws IOException {
        Path en = dir.resolve("train.en");
        Files.writeString(en, "a man rides a horse\n");
        Path out = dir.resolve("vocab");
        assertThat(
                        commandLine()
                                .execute(
                                        "vocab",
                                        "--size",
                                        "280",
                                        "--out",
                                        out.toString(),
                                        en.toString()))
                .isZero();

        CommandLine commandLine = commandLine();
        TokenizeCommand command = commandLine.getSubcommands().get("tokenize").getCommand();
        command.stdin =
                new ByteArrayInputStream("▁a\n▁a ▁zebra\n".getBytes(StandardCharsets.UTF_8));
        command.stdout = new ByteArrayOutputStream();

        int code = commandLine.execute("tokenize", "--vocab", out.toString(), "--decode");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("line 2: token '▁zebra' is not in the vocabulary");
    }

    @Test
    void vocabReportsAMissingFile() {
        int code =
                commandLine()
                        .execute(
                                "vocab",
                                "--out",
                                dir.toString(),
                                dir.resolve("nope.txt").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("nope.txt");
    }
}
