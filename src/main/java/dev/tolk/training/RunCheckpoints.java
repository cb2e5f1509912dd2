package dev.tolk.training;

import ai.djl.ndarray.NDManager;
import dev.tolk.io.AtomicFiles;
import dev.tolk.model.TransformerModel;
import dev.tolk.modelstore.Checkpoints;
import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ParameterFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's files in its model directory besides the model: a checkpoint per evaluation (parameters,
 * {@code optimizer.bin}, {@code state.json}; the last {@code averageLast} kept, at least one), the
 * best parameters so far ({@code best.params}), and the rules for starting, resuming and training a
 * finished run further.
 */
final class RunCheckpoints {

    static final String OPTIMIZER = "optimizer.bin";
    static final String STATE = "state.json";
    static final String BEST = "best.params";
    static final String AVERAGED = "averaged.params";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ModelDirectory directory;
    private final Checkpoints checkpoints;
    private final int keep;

    RunCheckpoints(ModelDirectory directory, int averageLast) {
        this.directory = directory;
        this.checkpoints = new Checkpoints(directory);
        this.keep = Math.max(1, averageLast);
    }

    /**
     * Refuses a start that would overwrite a model or a run, or a resume with nothing to resume. A
     * finished run goes on with {@code resume} (under a higher limit), as fairseq's training does
     * from its last checkpoint; its model stays in place until the new one replaces it.
     */
    void checkStart(boolean resume) throws IOException {
        boolean started = checkpoints.latest().isPresent();
        if (directory.isComplete() && !(resume && started)) {
            throw new IllegalStateException(
                    directory.path()
                            + " already holds a finished model: train it further with --resume and"
                            + " a higher limit, choose another output directory, or delete it");
        }
        if (resume && !started) {
            throw new IllegalStateException(
                    directory.path() + " has no checkpoint to resume from: start without --resume");
        }
        if (!resume && started) {
            throw new IllegalStateException(
                    directory.path()
                            + " holds an unfinished run: continue it with --resume, or"
                            + " choose another output directory");
        }
    }

    Optional<Path> latest() throws IOException {
        return checkpoints.latest();
    }

    /** The parameter files of the last {@code n} checkpoints, oldest first. */
    List<Path> lastParameters(int n) throws IOException {
        List<Path> all = checkpoints.all();
        return all.subList(Math.max(0, all.size() - n), all.size()).stream()
                .map(p -> p.resolve(ParameterFile.NAME))
                .toList();
    }

    /**
     * The optimizer and the run's state from {@code checkpoint}; metrics lines of evaluations after
     * it are dropped, to be redone.
     */
    RunState restore(Path checkpoint, CheckpointableAdam adam, NDManager manager)
            throws IOException {
        try (DataInputStream in =
                new DataInputStream(
                        new BufferedInputStream(
                                Files.newInputStream(checkpoint.resolve(OPTIMIZER))))) {
            adam.load(in, manager);
        }
        RunState state = JSON.readValue(checkpoint.resolve(STATE).toFile(), RunState.class);
        List<String> kept = new ArrayList<>();
        for (String line : directory.readMetricsLines()) {
            if (!line.isBlank() && JSON.readTree(line).path("step").asInt() <= state.step()) {
                kept.add(line);
            }
        }
        directory.rewriteMetrics(kept);
        return state;
    }

    /** Writes the checkpoint of {@code state.step()} and prunes older ones. */
    void save(TransformerModel block, CheckpointableAdam adam, RunState state) throws IOException {
        Path dir = checkpoints.directoryFor(state.step());
        ParameterFile.save(block, dir.resolve(ParameterFile.NAME));
        AtomicFiles.write(
                dir.resolve(OPTIMIZER),
                out -> {
                    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
                    adam.save(data);
                    data.flush();
                });
        byte[] json = JSON.writeValueAsBytes(state);
        AtomicFiles.write(dir.resolve(STATE), out -> out.write(json));
        checkpoints.commit(state.step());
        checkpoints.prune(keep);
    }

    /** Keeps {@code block}'s parameters as the best so far. */
    void saveBest(TransformerModel block) throws IOException {
        ParameterFile.save(block, best());
    }

    Path best() {
        return directory.resolve(BEST);
    }
}
