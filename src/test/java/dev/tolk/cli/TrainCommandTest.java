package dev.tolk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tolk.training.InvalidSettingsException;
import dev.tolk.training.TrainingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train}'s settings: the config file's fields, the flags over them, one mapping. */
class TrainCommandTest {

    @TempDir Path dir;

    private TrainingSettings settings(String config, String... flags) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), config);
        String[] args = new String[flags.length + 3];
        args[0] = "train";
        args[1] = "--config";
        args[2] = file.toString();
        System.arraycopy(flags, 0, args, 3, flags.length);
        CommandLine.ParseResult parsed = TolkMain.commandLine(new TolkCommand()).parseArgs(args);
        TrainCommand train = (TrainCommand) parsed.subcommand().commandSpec().userObject();
        return train.settings();
    }

    @Test
    void flagsWinOverTheConfigFile() throws Exception {
        TrainingSettings settings =
                settings(
                        "{\"sourceLang\": \"en\", \"targetLang\": \"de\", \"trainSource\": \"t.tsv\","
                                + " \"maxEpochs\": 5, \"learningRate\": 0.002}",
                        "--max-epochs",
                        "7",
                        "--warmup",
                        "30",
                        "--length-penalty",
                        "0.8");

        assertThat(settings.maxEpochs()).isEqualTo(7);
        assertThat(settings.learningRate()).isEqualTo(0.002f);
        assertThat(settings.warmupSteps()).isEqualTo(30);
        assertThat(settings.lengthPenalty()).isEqualTo(0.8f);
        assertThat(settings.trainSource()).isEqualTo("t.tsv");
    }

    @Test
    void aBadConfigFieldIsNamed() {
        assertThatThrownBy(
                        () ->
                                settings(
                                        "{\"sourceLang\": \"en\", \"targetLang\": \"de\","
                                                + " \"trainSource\": \"t.tsv\", \"maxEpochs\":"
                                                + " \"many\"}"))
                .isInstanceOfSatisfying(
                        InvalidSettingsException.class,
                        e -> assertThat(e.field()).isEqualTo("maxEpochs"));
        assertThatThrownBy(
                        () ->
                                settings(
                                        "{\"sourceLang\": \"en\", \"targetLang\": \"de\","
                                                + " \"trainSource\": \"t.tsv\", \"epochs\": 3}"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("epochs");
    }
}
