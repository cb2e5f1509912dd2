package dev.tolk.modelstore;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import dev.tolk.io.AtomicFiles;
import dev.tolk.model.TransformerConfig;
import dev.tolk.model.TransformerModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model's parameters in one file: a header naming the architecture ({@link TransformerConfig} as
 * JSON), then DJL's parameter encoding of the block. The header lets loading refuse a model of
 * another shape with a message instead of loading mismatched arrays (DJL checks names, not shapes).
 */
public final class ParameterFile {

    /** The conventional name of a checkpoint's parameter file. */
    public static final String NAME = "parameters.params";

    private static final byte[] MAGIC = "TOLK-PARAMETERS\n".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ParameterFile() {}

    /** Writes the model's parameters to {@code file} atomically. */
    public static void save(TransformerModel model, Path file) throws IOException {
        AtomicFiles.write(
                file,
                out -> {
                    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
                    data.write(MAGIC);
                    data.writeInt(FORMAT);
                    data.writeUTF(JSON.writeValueAsString(model.config()));
                    model.saveParameters(data);
                    data.flush();
                });
    }

    /** The architecture a parameter file was saved for. */
    public static TransformerConfig readConfig(Path file) throws IOException {
        try (DataInputStream data = open(file)) {
            return readHeader(file, data);
        }
    }

    /**
     * Loads parameters from {@code file} into {@code model} (built, not yet initialized), their
     * arrays owned by {@code manager}.
     *
     * @throws IncompatibleModelException when the file is not a parameter file or was saved for
     *     another architecture
     */
    public static void load(TransformerModel model, Path file, NDManager manager)
            throws IOException {
        try (DataInputStream data = open(file)) {
            TransformerConfig saved = readHeader(file, data);
            List<String> differences = saved.structuralDifferences(model.config());
            if (!differences.isEmpty()) {
                throw IncompatibleModelException.differentArchitecture(file, differences);
            }
            model.loadParameters(manager, data);
            if (data.read() != -1) {
                throw new IncompatibleModelException(file, "unexpected data after the parameters");
            }
        } catch (MalformedModelException | EOFException e) {
            throw new IncompatibleModelException(
                    file, "damaged or truncated parameter file (" + e.getMessage() + ")");
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(in));
    }

    private static TransformerConfig readHeader(Path file, DataInputStream data)
            throws IOException {
        byte[] magic = new byte[MAGIC.length];
        if (data.readNBytes(magic, 0, magic.length) != magic.length
                || !Arrays.equals(magic, MAGIC)) {
            throw new IncompatibleModelException(file, "not a Tolk parameter file");
        }
        int format = data.readInt();
        if (format != FORMAT) {
            throw new IncompatibleModelException(
                    file,
                    "parameter file format "
                            + format
                            + " is not "
                            + FORMAT
                            + ": it was written by another Tolk version");
        }
        try {
            return JSON.readValue(data.readUTF(), TransformerConfig.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IncompatibleModelException(
                    file, "unreadable architecture header (" + e.getMessage() + ")");
        }
    }
}
