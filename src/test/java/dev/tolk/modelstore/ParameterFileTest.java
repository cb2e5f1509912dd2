package dev.tolk.modelstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.tolk.model.ModelHarness;
import dev.tolk.model.Norm;
import dev.tolk.model.PositionKind;
import dev.tolk.model.TransformerConfig;
import dev.tolk.model.TransformerModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ParameterFileTest {

    @TempDir Path dir;

    static Stream<TransformerConfig> configs() {
        return Stream.of(
                TransformerConfig.tiny(50),
                TransformerConfig.tiny(50)
                        .withNorm(Norm.PRE)
                        .withPositions(PositionKind.LEARNED)
                        .withMaxLength(32));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void saveThenLoadGivesBitIdenticalOutputs(TransformerConfig config) throws IOException {
        Path file = dir.resolve("model.params");
        var random = new Random(1);
        long[][] source = ModelHarness.randomIds(random, 3, 7, 1, 50);
        long[][] target = ModelHarness.randomIds(random, 3, 5, 1, 50);
        float[] expected;
        try (var h = new ModelHarness(config, 21)) {
            expected = h.logits(source, target).toFloatArray();
            ParameterFile.save(h.model, file);
        }

        try (NDManager manager = NDManager.newBaseManager()) {
            var loaded = new TransformerModel(config);
            ParameterFile.load(loaded, file, manager);
            var ps = new ParameterStore(manager, false);
            float[] actual =
                    loaded.forward(
                                    ps,
                                    new NDList(manager.create(source), manager.create(target)),
                                    false)
                            .head()
                            .toFloatArray();
            assertThat(actual).containsExactly(expected);
        }
        assertThat(ParameterFile.readConfig(file)).isEqualTo(config);
    }

    @Test
    void loadingIntoAModelOfAnotherArchitectureIsAClearError() throws IOException {
        Path file = dir.resolve("model.params");
        TransformerConfig saved = TransformerConfig.tiny(50);
        try (var h = new ModelHarness(saved, 22)) {
            ParameterFile.save(h.model, file);
        }
        TransformerConfig other =
                new TransformerConfig(
                        50,
                        0,
                        32,
                        2,
                        2,
                        4,
                        128,
                        0.1f,
                        512,
                        Norm.POST,
                        PositionKind.SINUSOIDAL,
                        saved.tying());

        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> ParameterFile.load(new TransformerModel(other), file, manager))
                    .isInstanceOf(IncompatibleModelException.class)
                    .hasMessageContaining("different architecture")
                    .hasMessageContaining("modelDim: 64 vs 32")
                    .hasMessageContaining(file.toString());
        }
    }

    @Test
    void dropoutDoesNotMakeArchitecturesDiffer() throws IOException {
        Path file = dir.resolve("model.params");
        try (var h = new ModelHarness(TransformerConfig.tiny(50), 23)) {
            ParameterFile.save(h.model, file);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            var model = new TransformerModel(TransformerConfig.tiny(50).withDropout(0.3f));
            ParameterFile.load(model, file, manager);
            assertThat(model.isInitialized()).isTrue();
        }
    }

    @Test
    void rejectsFilesThatAreNotParameterFiles() throws IOException {
        Path file = dir.resolve("model.params");
        Files.writeString(file, "{\"not\": \"parameters\"}");
        assertThat(loadFailure(file)).hasMessageContaining("not a Tolk parameter file");
    }

    @Test
    void rejectsTruncatedFiles() throws IOException {
        Path file = dir.resolve("model.params");
        try (var h = new ModelHarness(TransformerConfig.tiny(50), 24)) {
            ParameterFile.save(h.model, file);
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(loadFailure(file)).hasMessageContaining("truncated");
    }

    /** The exception loading {@code file} into a tiny model throws. */
    private static IncompatibleModelException loadFailure(Path file) {
        try (NDManager manager = NDManager.newBaseManager()) {
            var model = new TransformerModel(TransformerConfig.tiny(50));
            return assertThrows(
                    IncompatibleModelException.class,
                    () -> ParameterFile.load(model, file, manager));
        }
    }
}
