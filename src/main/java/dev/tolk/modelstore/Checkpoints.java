package dev.tolk.modelstore;

import dev.tolk.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checkpoints of a run, {@code checkpoints/step-000123/}: each a directory of files written first,
 * then named by the {@code checkpoints/latest} pointer, which is replaced atomically. A crash while
 * writing leaves the previous checkpoint as the latest.
 */
public final class Checkpoints {

    private static final String LATEST = "latest";

    private final Path root;

    public Checkpoints(ModelDirectory model) {
        this.root = model.resolve(ModelDirectory.CHECKPOINTS);
    }

    /** The directory for the checkpoint of {@code step} (created). */
    public Path directoryFor(int step) throws IOException {
        Path dir = root.resolve(String.format("step-%09d", step));
        Files.createDirectories(dir);
        return dir;
    }

    /** Makes the checkpoint of {@code step}, whose files are all written, the latest. */
    public void commit(int step) throws IOException {
        String name = String.format("step-%09d", step);
        AtomicFiles.write(
                root.resolve(LATEST), out -> out.write(name.getBytes(StandardCharsets.UTF_8)));
    }

    /** The latest committed checkpoint's directory. */
    public Optional<Path> latest() throws IOException {
        Path pointer = root.resolve(LATEST);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        Path dir = root.resolve(Files.readString(pointer, StandardCharsets.UTF_8).trim());
        if (!Files.isDirectory(dir)) {
            throw new IncompatibleModelException(
                    pointer, "names a checkpoint that is missing: " + dir.getFileName());
        }
        return Optional.of(dir);
    }

    /** Committed checkpoints, oldest first. */
    public List<Path> all() throws IOException {
        if (!Files.isDirectory(root)) {
            return new ArrayList<>();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory)
                    .filter(d -> d.getFileName().toString().startsWith("step-"))
                    .sorted(Comparator.comparing(d -> d.getFileName().toString()))
                    .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        }
    }

    /** Deletes all but the newest {@code keep} checkpoints and any not yet committed. */
    public void prune(int keep) throws IOException {
        Optional<Path> latest = latest();
        List<Path> dirs = all();
        List<Path> committed = new ArrayList<>();
        for (Path dir : dirs) {
            if (latest.isPresent()
                    && dir.getFileName().toString().compareTo(latest.get().getFileName().toString())
                            <= 0) {
                committed.add(dir);
            } else if (latest.isEmpty() || !dir.equals(latest.get())) {
                delete(dir); // written after the latest commit: a crash's leftovers
            }
        }
        for (int i = 0; i < committed.size() - keep; i++) {
            delete(committed.get(i));
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
