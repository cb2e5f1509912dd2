package dev.tolk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileSummaryTest {

    private static String event(String name, int tid, double ts, double dur) {
        return String.format(
                java.util.Locale.ROOT,
                "{\"name\": \"%s\", \"ph\": \"X\", \"ts\": %.3f, \"dur\": %.3f, \"tid\": %d,"
                        + " \"pid\": \"CPU Functions\", \"args\": {}}",
                name,
                ts,
                dur,
                tid);
    }

    @Test
    void countsTheOperatorsCalledFromJavaPerStepNotTheOnesInsideThem(@TempDir Path dir)
            throws Exception {
        // Two steps on thread 1: matmul (with mm inside), add, log_softmax; the enclosing event
        // is written after the ones it encloses, as PyTorch writes them.
        String trace =
                "[\n"
                        + String.join(
                                ",\n",
                                event("aten::mm", 1, 11, 5),
                                event("aten::matmul", 1, 10, 8),
                                event("aten::add", 1, 20, 2),
                                event("aten::log_softmax", 1, 30, 4),
                                event("aten::mm", 1, 41, 5),
                                event("aten::matmul", 1, 40, 8),
                                event("aten::add", 1, 50, 2),
                                event("aten::_log_softmax", 1, 60.5, 3),
                                event("aten::log_softmax", 1, 60, 4))
                        + ",\n{\"name\": \"memory\", \"ph\": \"i\", \"ts\": 70}\n]";
        Path file = dir.resolve("trace.json");
        Files.writeString(file, trace);

        ProfileSummary summary = ProfileSummary.read(file);

        assertThat(summary.steps()).isEqualTo(2);
        assertThat(summary.ops()).isEqualTo(6);
        assertThat(summary.opsPerStep()).isEqualTo(3.0);
        assertThat(summary.opMicrosPerStep()).isEqualTo(14.0); // (8 + 2 + 4) a step
        assertThat(summary.wallMicrosPerStep()).isEqualTo(27.0); // 10 .. 64
        assertThat(summary.top(1)).containsOnlyKeys("aten::matmul");
        assertThat(summary.top(3).get("aten::add")).containsExactly(1.0, 2.0);
    }
}
