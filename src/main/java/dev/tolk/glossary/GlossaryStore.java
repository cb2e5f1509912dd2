package dev.tolk.glossary;

import dev.tolk.io.AtomicFiles;
import dev.tolk.io.FileStamp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Glossaries as files under {@code <data-dir>/glossaries/}: one {@code <id>.json} each and {@code
 * defaults.json} naming each pair's default, all written atomically ({@link AtomicFiles}). Read
 * from disk on every look-up (a directory listing; a file is parsed again only when it changed), so
 * replicas sharing the data volume see each other's uploads. Thread-safe.
 */
public final class GlossaryStore {

    static final String DEFAULTS = "defaults.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger LOG = LoggerFactory.getLogger(GlossaryStore.class);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,80}");

    private final Path root;
    private final Map<String, Cached> cache = new HashMap<>(); // guarded by this
    private Map<String, String> defaults = Map.of(); // guarded by this, as read at:
    private FileStamp defaultsModified;

    /** A parsed glossary file, its terms ready, and the stamp of the version parsed. */
    private record Cached(FileStamp modified, Glossary glossary, Terms terms) {}

    public GlossaryStore(Path dataDir) {
        this.root = dataDir.resolve("glossaries");
    }

    /** A glossary and its terms ready to be found in texts. */
    public record Loaded(Glossary glossary, Terms terms) {}

    /**
     * Keeps {@code upload} as a new glossary (its pair's default if it asks to be), with an id made
     * of its name (or pair) and a random suffix.
     */
    public synchronized Glossary add(GlossaryUpload upload) {
        return add(id(upload.name(), upload.source(), upload.target()), upload::validated);
    }

    /** {@link #add(GlossaryUpload)} for a TSV upload, whose errors name lines. */
    public synchronized Glossary add(GlossaryUpload.Tsv upload) {
        GlossaryUpload u = upload.upload();
        return add(id(u.name(), u.source(), u.target()), upload::validated);
    }

    private interface Validation {
        Glossary validated(String id, String createdAt);
    }

    private Glossary add(String id, Validation validation) {
        Glossary glossary = validation.validated(id, Instant.now().toString());
        try {
            byte[] json =
                    JSON.writerWithDefaultPrettyPrinter()
                            .writeValueAsBytes(glossary.withDefault(false));
            AtomicFiles.write(file(id), out -> out.write(json));
            if (glossary.byDefault()) {
                Map<String, String> defaults = defaults();
                defaults.put(key(glossary.source(), glossary.target()), id);
                writeDefaults(defaults);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return glossary;
    }

    /** Every glossary, by id. */
    public synchronized List<Glossary> list() {
        List<Glossary> out = new ArrayList<>();
        for (String id : ids()) {
            load(id).ifPresent(l -> out.add(l.glossary()));
        }
        out.sort(Comparator.comparing(Glossary::id));
        return out;
    }

    /** The glossary {@code id}, if there is one. */
    public synchronized Optional<Loaded> find(String id) {
        return ID.matcher(id).matches() ? load(id) : Optional.empty();
    }

    /** The glossary {@code id}; a {@link GlossaryNotFoundException} when there is none. */
    public Loaded get(String id) {
        return find(id).orElseThrow(() -> new GlossaryNotFoundException(id));
    }

    /** The default glossary of {@code source-target}, if one is set and still exists. */
    public synchronized Optional<Loaded> defaultFor(String source, String target) {
        String id = defaults().get(key(source, target));
        return id == null ? Optional.empty() : load(id);
    }

    /**
     * The glossary a translation from {@code source} into {@code target} uses when it asks for
     * {@code requested}: that glossary (a {@link GlossaryNotFoundException} when there is none, a
     * {@link GlossaryRejectedException} when it is another pair's), nothing for {@code none}, the
     * pair's default (if it has one) when nothing is asked for.
     */
    public Optional<Loaded> forRequest(String requested, String source, String target) {
        if (requested == null || requested.isBlank()) {
            return defaultFor(source, target);
        }
        if (requested.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        Loaded named = get(requested);
        Glossary g = named.glossary();
        if (!g.source().equalsIgnoreCase(source) || !g.target().equalsIgnoreCase(target)) {
            throw GlossaryRejectedException.mismatch(g, source + "-" + target);
        }
        return Optional.of(named);
    }

    /** Deletes the glossary {@code id} (and its place as its pair's default). */
    public synchronized void delete(String id) {
        Loaded loaded = get(id);
        try {
            Map<String, String> defaults = defaults();
            String pair = key(loaded.glossary().source(), loaded.glossary().target());
            if (id.equals(defaults.get(pair))) {
                defaults.remove(pair);
                writeDefaults(defaults);
            }
            Files.deleteIfExists(file(id));
            cache.remove(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Loaded> load(String id) {
        Path file = file(id);
        try {
            FileStamp modified = FileStamp.of(file);
            Cached cached = cache.get(id);
            if (cached == null || !cached.modified().equals(modified)) {
                Glossary g = JSON.readValue(file.toFile(), Glossary.class);
                cached = new Cached(modified, g, new Terms(g.entries()));
                cache.put(id, cached);
            }
            Glossary g = cached.glossary();
            boolean byDefault = id.equals(defaults().get(key(g.source(), g.target())));
            return Optional.of(
                    new Loaded(cached.glossary().withDefault(byDefault), cached.terms()));
        } catch (NoSuchFileException e) {
            cache.remove(id);
            return Optional.empty();
        } catch (JacksonException e) {
            LOG.warn(
                    "glossary file {} is not a glossary, skipped: {}",
                    file,
                    e.getOriginalMessage());
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root, "*.json")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String id = name.substring(0, name.length() - ".json".length());
                if (!name.equals(DEFAULTS) && ID.matcher(id).matches()) {
                    ids.add(id);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    /** The defaults by pair, a copy; the file is parsed again only when it changed. */
    private Map<String, String> defaults() {
        Path file = root.resolve(DEFAULTS);
        FileStamp modified;
        try {
            modified = FileStamp.of(file);
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!modified.equals(defaultsModified)) {
            defaults = JSON.readValue(file.toFile(), new TypeReference<Map<String, String>>() {});
            defaultsModified = modified;
        }
        return new TreeMap<>(defaults);
    }

    private void writeDefaults(Map<String, String> defaults) throws IOException {
        byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(defaults);
        AtomicFiles.write(root.resolve(DEFAULTS), out -> out.write(json));
        defaultsModified = null; // two writes may share a modification time: read it again
    }

    /** A pair in {@code defaults.json}: language codes match whatever their case. */
    private static String key(String source, String target) {
        return (source + "-" + target).toLowerCase(Locale.ROOT);
    }

    private Path file(String id) {
        return root.resolve(id + ".json");
    }

    /** {@code <name or pair>-<8 hex>}, lower-case letters, digits and dashes only. */
    private static String id(String name, String source, String target) {
        String base = name == null || name.isBlank() ? source + "-" + target : name;
        String slug =
                String.valueOf(base)
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9]+", "-")
                        .replaceAll("^-+|-+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return slug.isEmpty() ? "glossary-" + suffix : slug + "-" + suffix;
    }
}
