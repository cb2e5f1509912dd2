package dev.tolk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import dev.tolk.TolkVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TolkCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Arguments the Spring Boot application was started with, if it was. */
    private final List<List<String>> started = new ArrayList<>();

    private int run(String... args) {
        TolkCommand root = new TolkCommand((arguments, device) -> started.add(arguments));
        CommandLine commandLine = TolkMain.commandLine(root);
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        assertThat(root.serviceStarted()).isEqualTo(!started.isEmpty());
        return code;
    }

    @Test
    void versionNamesTolkDjlPytorchAndTheDevice() {
        int code = run("--version", "--device", "cpu");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("Tolk " + TolkVersion.get())
                .contains("DJL 0.35.0")
                .contains("Engine PyTorch 2.7.1")
                .contains("Device CPU");
        assertThat(TolkVersion.get()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void gpuWithoutAGpuIsAClearError() {
        if (Engine.getEngine("PyTorch").getGpuCount() > 0) {
            assertThat(run("--version", "--device", "gpu")).isZero();
            assertThat(out.toString()).contains("Device CUDA");
            return;
        }
        int code = run("--version", "--device", "GPU");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .contains("device 'gpu' was requested but PyTorch sees no CUDA GPU");
    }

    @Test
    void rejectsAnUnknownDevice() {
        int code = run("--version", "--device", "tpu");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--device").contains("tpu");
    }

    @Test
    void helpListsTheServeCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("serve").contains("--version");
    }

    @Test
    void helpListsTheServeCommandAndStartsNothing() {
        assertThat(run("--help")).isZero();
        assertThat(started).isEmpty();
    }

    @Test
    void aSubcommandRejectsAnUnknownOption() {
        int code = run("train", "--bogus-flag", "7");

        assertThat(code).isEqualTo(2);
        // picocli's message names every argument it could not place: the value too
        assertThat(err.toString()).contains("Unknown options: '--bogus-flag', '7'");
        assertThat(started).isEmpty();
    }

    @Test
    void translateRejectsAnUnknownOption() {
        int code = run("translate", "--model", "m", "--bogus");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
    }

    @Test
    void aTypoOfAnOptionIsAnsweredWithTheOptionMeant() {
        int code = run("train", "--max-minute", "60");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("Unknown options: '--max-minute', '60'")
                .contains("Possible solutions: ")
                .contains("--max-minutes");
    }

    @Test
    void benchSubcommandsRejectUnknownOptionsToo() {
        assertThat(run("bench", "decode", "--random-weights", "--source", "f", "--jsn"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--jsn'").contains("--json");
    }

    @Test
    void anOptionBeforeTheCommandNameIsRejected() {
        assertThat(run("--bogus", "vocab", "--out", "d", "f")).isEqualTo(2);
        assertThat(err.toString()).contains("--bogus");
    }

    @Test
    void aMistypedCommandIsRejectedWithTheCommandMeant() {
        assertThat(run("trian", "--max-minutes", "60")).isEqualTo(2);
        assertThat(err.toString()).contains("trian").contains("train");
        assertThat(started).isEmpty();
    }

    @Test
    void serveHandsSpringArgumentsOn() {
        assertThat(run("serve", "--server.port=0", "--tolk.models-dir=/tmp/m")).isZero();
        assertThat(started).containsExactly(List.of("--server.port=0", "--tolk.models-dir=/tmp/m"));
    }

    @Test
    void theBareCommandHandsSpringArgumentsOn() {
        assertThat(run("--device", "cpu", "--server.port=9090")).isZero();
        assertThat(started).containsExactly(List.of("--server.port=9090"));
    }

    @Test
    void serveRejectsAnArgumentThatIsNoSpringProperty() {
        assertThat(run("serve", "9090")).isEqualTo(2);
        assertThat(err.toString()).contains("9090");
        assertThat(started).isEmpty();
    }
}
