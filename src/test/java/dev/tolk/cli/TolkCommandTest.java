package dev.tolk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import dev.tolk.TolkVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TolkCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        TolkCommand root = new TolkCommand();
        CommandLine commandLine = TolkMain.commandLine(root);
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        assertThat(root.serviceStarted()).isFalse();
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
}
