package dev.tolk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code src/bench/compare.py}, the script behind the README's performance table, stays in step
 * with the commands it runs: every Tolk command of its dry run parses, and every option it gives
 * the peer's {@code baseline.py} is one that script declares.
 */
class CompareScriptTest {

    private static final Path SCRIPT = Path.of("src", "bench", "compare.py");
    private static final Path PEER =
            Path.of("..", "shared", "bench", "pytorch", "baseline.py").toAbsolutePath().normalize();

    @Test
    void everyCommandOfTheDryRunIsOneTolkAndThePeerAccept(@TempDir Path work) throws Exception {
        List<List<String>> commands = dryRun(work);
        List<List<String>> tolk = new ArrayList<>();
        List<List<String>> peer = new ArrayList<>();
        for (List<String> command : commands) {
            if (command.get(0).equals("java")) {
                tolk.add(command.subList(3, command.size())); // java -jar JAR args...
            } else {
                peer.add(command);
            }
        }
        assertThat(tolk)
                .extracting(c -> c.get(0) + (c.get(0).equals("bench") ? " " + c.get(1) : ""))
                .contains(
                        "vocab", "bench train", "bench decode", "bench http", "--server.port=8097");
        for (List<String> args : tolk) {
            if (args.get(0).startsWith("--server.")) {
                continue; // the service itself: Spring Boot's arguments, not picocli's
            }
            TolkCommand root = new TolkCommand((arguments, device) -> {});
            CommandLine.ParseResult parsed =
                    TolkMain.commandLine(root).parseArgs(args.toArray(String[]::new));
            assertThat(parsed.hasSubcommand()).as("%s", args).isTrue();
        }
        assertThat(peer).hasSize(3); // throughput, greedy, beam
        assumeTrue(
                Files.isRegularFile(PEER), "the peer is not at " + PEER + ": checked no further");
        String declared = Files.readString(PEER, StandardCharsets.UTF_8);
        Matcher options = Pattern.compile("add_argument\\(\"(--[a-z-]+)\"").matcher(declared);
        List<String> known = new ArrayList<>();
        while (options.find()) {
            known.add(options.group(1));
        }
        for (List<String> command : peer) {
            for (String arg : command.subList(2, command.size())) {
                if (arg.startsWith("--")) {
                    assertThat(known).as("baseline.py declares %s", arg).contains(arg);
                }
            }
        }
    }

    /** The commands {@code compare.py --dry-run --model M} prints, split into arguments. */
    private static List<List<String>> dryRun(Path work) throws IOException, InterruptedException {
        assumeTrue(python() != null, "python3 is not installed: compare.py not checked");
        Path model = Files.createDirectories(work.resolve("en-de"));
        Process process =
                new ProcessBuilder(
                                python(),
                                SCRIPT.toString(),
                                "--dry-run",
                                "--model",
                                model.toString(),
                                "--work",
                                work.resolve("work").toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<List<String>> commands = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("$ ")) {
                String command = line.substring(2).replaceFirst(" &$", "");
                commands.add(Arrays.asList(command.split(" ")));
            }
        }
        return commands;
    }

    private static String python() {
        for (String candidate : List.of("/usr/bin/python3", "/usr/local/bin/python3")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }
}
