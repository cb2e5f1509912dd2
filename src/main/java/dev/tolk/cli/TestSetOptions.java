package dev.tolk.cli;

import dev.tolk.decode.DecodeStreams;
import dev.tolk.decode.SearchSettings;
import dev.tolk.decode.Translator;
import dev.tolk.io.TextFiles;
import dev.tolk.modelstore.LoadedModel;
import dev.tolk.runtime.DeviceChoice;
import dev.tolk.runtime.EngineInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --source} and {@code --reference}: a test set of aligned files, shared by the bench
 * commands that score a model's translations ({@code bench confidence}, {@code bench glossary}).
 */
final class TestSetOptions {

    @Option(names = "--source", required = true, description = "One sentence a line (or .gz).")
    Path source;

    @Option(names = "--reference", required = true, description = "Its translations, aligned.")
    Path reference;

    /** The test set's lines. */
    record Lines(List<String> sources, List<String> references) {}

    /**
     * Both files, whole.
     *
     * @throws IllegalArgumentException when their lengths differ
     */
    Lines read() throws IOException {
        List<String> sources = TextFiles.readAllLines(source);
        List<String> references = TextFiles.readAllLines(reference);
        if (sources.size() != references.size()) {
            throw new IllegalArgumentException(
                    "--source has "
                            + sources.size()
                            + " lines and --reference "
                            + references.size()
                            + ": give aligned files");
        }
        return new Lines(sources, references);
    }

    /** {@code sources} translated by the model in {@code model} on the best device. */
    static List<Translator.Translation> translate(
            Path model, List<String> sources, SearchSettings settings, int batchSize)
            throws IOException {
        EngineInfo engine = EngineInfo.load(DeviceChoice.AUTO);
        try (LoadedModel loaded = LoadedModel.load(model, engine.device());
                DecodeStreams streams = DecodeStreams.single()) {
            return loaded.translator()
                    .translate(sources, settings, batchSize, loaded.manager(), streams);
        }
    }
}
