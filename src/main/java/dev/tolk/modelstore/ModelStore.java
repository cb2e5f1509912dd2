package dev.tolk.modelstore;

import dev.tolk.io.AtomicFiles;
import dev.tolk.io.FileStamp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The models directory: every complete model directory in it is a model, named by its directory
 * (written by the {@code train} command or by a training job; no registration step). The default
 * model per language pair lives in {@code defaults.json}, written atomically. Subdirectories
 * without {@code model.json} (runs in progress) and the {@code jobs} directory are not models.
 */
public final class ModelStore {

    /** Model ids: directory names, no path separators, no leading dot. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    static final String DEFAULTS = "defaults.json";

    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path root;

    /** Entries read before, by id, with the modification time of the model.json they came from. */
    private final Map<String, Cached> cache = new java.util.HashMap<>();

    private record Cached(FileStamp modified, Entry entry) {}

    /** defaults.json as last read. */
    private record ReadDefaults(FileStamp modified, Map<String, String> defaults, String problem) {}

    private ReadDefaults defaultsRead;

    public ModelStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** A model: its id, manifest and size on disk. */
    public record Entry(String id, Path dir, ModelManifest manifest, long bytes) {

        /** {@code en-de}. */
        public String pair() {
            return manifest.sourceLang() + "-" + manifest.targetLang();
        }
    }

    /** Whether {@code id} is a well-formed model id (not whether it exists). */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Every complete model, by id. Damaged directories are skipped. */
    public synchronized List<Entry> list() {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return entries;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                if (!isValidId(id) || !new ModelDirectory(dir).isComplete()) {
                    continue;
                }
                try {
                    entries.add(cachedEntry(id, dir));
                } catch (IOException | RuntimeException e) {
                    // a damaged model is not listed; loading it by id reports why
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.sort(Comparator.comparing(Entry::id));
        return entries;
    }

    /**
     * The model {@code id}, if it exists and is complete.
     *
     * @throws IncompatibleModelException when the directory is complete but damaged
     */
    public synchronized Optional<Entry> find(String id) throws IOException {
        if (!isValidId(id)) {
            return Optional.empty();
        }
        Path dir = root.resolve(id);
        if (!new ModelDirectory(dir).isComplete()) {
            return Optional.empty();
        }
        return Optional.of(cachedEntry(id, dir));
    }

    /** The entry of a complete model directory, read again only when its model.json changed. */
    private Entry cachedEntry(String id, Path dir) throws IOException {
        var modified = FileStamp.of(dir.resolve(ModelDirectory.MODEL_JSON));
        Cached cached = cache.get(id);
        if (cached != null
                && cached.modified().equals(modified)
                && cached.entry().dir().equals(dir)) {
            return cached.entry();
        }
        Entry entry = entry(id, dir);
        cache.put(id, new Cached(modified, entry));
        return entry;
    }

    private static Entry entry(String id, Path dir) throws IOException {
        ModelManifest manifest = new ModelDirectory(dir).readManifest();
        return new Entry(id, dir, manifest, size(dir));
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(
                            f -> {
                                try {
                                    return Files.size(f);
                                } catch (IOException e) {
                                    return 0;
                                }
                            })
                    .sum();
        }
    }

    /**
     * The default model id of each pair ({@code en-de} → id), as set. A damaged {@code
     * defaults.json} does not stop the service: it reads as no defaults (each pair served by its
     * newest model), is logged once, and {@link #defaultsProblem} says what is wrong.
     */
    public synchronized Map<String, String> defaults() {
        Path file = root.resolve(DEFAULTS);
        if (!Files.isRegularFile(file)) {
            defaultsRead = null;
            return new TreeMap<>();
        }
        try {
            // Read on every translation request: parsed again only when the file changed.
            var modified = FileStamp.of(file);
            if (defaultsRead == null || !defaultsRead.modified().equals(modified)) {
                defaultsRead = readDefaults(file, modified);
            }
            return new TreeMap<>(defaultsRead.defaults());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ReadDefaults readDefaults(Path file, FileStamp modified) throws IOException {
        try {
            Map<String, String> read =
                    JSON.readValue(file.toFile(), new TypeReference<Map<String, String>>() {});
            if (read == null || read.containsKey(null) || read.containsValue(null)) {
                throw new IllegalArgumentException("not an object of pair to model id");
            }
            return new ReadDefaults(modified, Map.copyOf(read), null);
        } catch (JacksonException | IllegalArgumentException e) {
            String detail =
                    e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            String problem =
                    DEFAULTS
                            + " is damaged ("
                            + detail
                            + "): no pair has a default until it is fixed or deleted, or a"
                            + " default is set again (POST /models/{id}/default)";
            LOG.warn("{}: {}", file, problem);
            return new ReadDefaults(modified, Map.of(), problem);
        }
    }

    /** What is wrong with {@code defaults.json}, when it is damaged. */
    public synchronized Optional<String> defaultsProblem() {
        defaults();
        return Optional.ofNullable(defaultsRead == null ? null : defaultsRead.problem());
    }

    /**
     * Runs {@code step} holding the store's lock: what it reads of the defaults and the defaults it
     * sets form one decision, with no other change of a default in between (two jobs finishing
     * together cannot both become the default of their pair).
     */
    public synchronized <T> T atomically(Step<T> step) throws IOException {
        return step.run();
    }

    /** A read-and-set of defaults run by {@link #atomically}. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws IOException;
    }

    /**
     * The model serving a pair: the default if one is set and still exists, else the only model of
     * the pair, else the newest one.
     */
    public synchronized Optional<Entry> forPair(String source, String target) {
        String pair = source + "-" + target;
        List<Entry> candidates = list().stream().filter(e -> e.pair().equals(pair)).toList();
        String chosen = defaults().get(pair);
        return candidates.stream()
                .filter(e -> e.id().equals(chosen))
                .findFirst()
                .or(
                        () ->
                                candidates.stream()
                                        .max(
                                                Comparator.comparing(
                                                        e ->
                                                                String.valueOf(
                                                                        e.manifest()
                                                                                .createdAt()))));
    }

    /**
     * Makes {@code id} the default of its pair. A damaged {@code defaults.json} is kept as {@code
     * defaults.json.damaged} and replaced by one naming this default only.
     */
    public synchronized void setDefault(Entry entry) throws IOException {
        Map<String, String> defaults = defaults();
        if (defaultsRead != null && defaultsRead.problem() != null) {
            Path file = root.resolve(DEFAULTS);
            Files.move(
                    file, root.resolve(DEFAULTS + ".damaged"), StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("{} was damaged: kept as {}.damaged, written anew", file, DEFAULTS);
        }
        defaults.put(entry.pair(), entry.id());
        writeDefaults(defaults);
    }

    /** Deletes a model's directory (and its default mark). */
    public synchronized void delete(Entry entry) throws IOException {
        cache.remove(entry.id());
        Map<String, String> defaults = defaults();
        if (defaults.values().remove(entry.id())) {
            writeDefaults(defaults);
        }
        // model.json first: from then on the directory is no longer a model, even if the rest of
        // the deletion is interrupted.
        Files.deleteIfExists(entry.dir().resolve(ModelDirectory.MODEL_JSON));
        try (Stream<Path> files = Files.walk(entry.dir())) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void writeDefaults(Map<String, String> defaults) throws IOException {
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(defaults);
        AtomicFiles.write(root.resolve(DEFAULTS), out -> out.write(bytes));
    }
}
