package dev.tolk.modelstore;

import java.nio.file.Path;
import java.util.List;

/** A parameter file does not fit the model it is loaded into, or is not a parameter file. */
public class IncompatibleModelException extends RuntimeException {

    private final Path file;

    public IncompatibleModelException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    /**
     * The file's model and the target model differ in {@code differences} ("name: file vs model").
     */
    public static IncompatibleModelException differentArchitecture(
            Path file, List<String> differences) {
        return new IncompatibleModelException(
                file,
                "parameters were saved for a different architecture ("
                        + String.join(", ", differences)
                        + "; file vs model): build the model from the file's own model.json");
    }

    public Path file() {
        return file;
    }
}
