package dev.tolk.job;

import dev.tolk.data.CorpusFiles;
import dev.tolk.data.CorpusReader;
import dev.tolk.data.SentencePair;
import dev.tolk.io.AtomicFiles;
import dev.tolk.io.MalformedTextException;
import dev.tolk.io.TextLimits;
import dev.tolk.io.TextTooLargeException;
import dev.tolk.modelstore.ModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploaded parallel corpora under {@code <data-dir>/datasets/<id>/}: the files as uploaded plus
 * {@code dataset.json}. An upload is validated by reading every pair before it is kept, streaming:
 * a bad file is rejected with the reason (file and line) and leaves nothing behind; a file over the
 * caps (a line longer than {@code maxLineChars}, more than {@code maxUncompressedBytes} once
 * decompressed) is refused as soon as reading passes the cap. Upload directories left by a process
 * that stopped mid-upload are deleted when the store is made.
 */
public final class DatasetStore {

    static final String MANIFEST = "dataset.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private static final Logger LOG = LoggerFactory.getLogger(DatasetStore.class);
    private static final String UPLOAD_SUFFIX = ".upload";

    /** {@code tolk.datasets.max-uncompressed-bytes}'s default: 4 GiB. */
    public static final long DEFAULT_MAX_UNCOMPRESSED_BYTES = 4L << 30;

    private final Path dataDir;
    private final Path root;
    private final TextLimits limits;

    /** A store with the default caps. */
    public DatasetStore(Path dataDir) {
        this(dataDir, DEFAULT_MAX_UNCOMPRESSED_BYTES, TextLimits.DEFAULT_MAX_LINE_CHARS);
    }

    /**
     * @param maxUncompressedBytes bytes of one uploaded file once decompressed, at most ({@code
     *     tolk.datasets.max-uncompressed-bytes})
     * @param maxLineChars characters of one line, at most ({@code tolk.datasets.max-line-chars})
     */
    public DatasetStore(Path dataDir, long maxUncompressedBytes, int maxLineChars) {
        if (maxUncompressedBytes < 1) {
            throw new IllegalArgumentException(
                    "tolk.datasets.max-uncompressed-bytes ("
                            + maxUncompressedBytes
                            + ") must be at least 1");
        }
        if (maxLineChars < 1) {
            throw new IllegalArgumentException(
                    "tolk.datasets.max-line-chars (" + maxLineChars + ") must be at least 1");
        }
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.root = this.dataDir.resolve("datasets");
        this.limits = new TextLimits(maxUncompressedBytes, maxLineChars);
        removeLeftovers();
    }

    /** Deletes the {@code .<id>.upload} directories of uploads a stopped process left behind. */
    private void removeLeftovers() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> leftovers =
                Files.newDirectoryStream(
                        root,
                        p ->
                                p.getFileName().toString().startsWith(".")
                                        && p.getFileName().toString().endsWith(UPLOAD_SUFFIX))) {
            for (Path leftover : leftovers) {
                deleteTree(leftover);
                LOG.info("removed {}, left by an interrupted upload", root.relativize(leftover));
            }
        } catch (IOException e) {
            LOG.warn("could not remove the leftovers of interrupted uploads in {}", root, e);
        }
    }

    /**
     * A stored corpus.
     *
     * @param id directory name
     * @param name what the uploader called it
     * @param sourceLang source language code, if given
     * @param targetLang target language code, if given
     * @param format ALIGNED_FILES, TSV or JSON_LINES
     * @param files file names in the dataset's directory (source first)
     * @param pairs sentence pairs read
     * @param createdAt ISO-8601 instant
     * @param kind {@code upload} (an uploaded corpus), {@code suggestions} (a pair's users'
     *     corrections, growing with each {@code POST /suggest}) or {@code snapshot} (the
     *     suggestions as they were when a job was started on them); null in records written before
     *     kinds existed: an upload
     */
    public record Dataset(
            String id,
            String name,
            String sourceLang,
            String targetLang,
            String format,
            List<String> files,
            long pairs,
            String createdAt,
            String kind) {

        public static final String UPLOAD = "upload";
        public static final String SUGGESTIONS = "suggestions";
        public static final String SNAPSHOT = "snapshot";
    }

    /** An uploaded file: its name as sent and its content. */
    public interface Upload {
        String filename();

        InputStream open() throws IOException;
    }

    /** The data directory, absolute. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Stores and validates a corpus: two aligned files (parts {@code source} and {@code target}) or
     * one TSV / JSON Lines file (part {@code file}). Every pair is read before the corpus is kept.
     *
     * @param parts the uploaded parts by name
     * @throws DatasetRejectedException naming what is wrong (the file and line, for a pair that
     *     cannot be read)
     */
    public Dataset add(String name, String sourceLang, String targetLang, Map<String, Upload> parts)
            throws IOException {
        List<Upload> uploads = corpusParts(parts);
        String id =
                STAMP.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Files.createDirectories(root);
        Path temp = root.resolve("." + id + UPLOAD_SUFFIX);
        Files.createDirectories(temp);
        try {
            List<Path> files = copy(uploads, temp);
            CorpusFiles corpus;
            try {
                corpus = CorpusFiles.detect(files);
            } catch (IllegalArgumentException e) {
                throw DatasetRejectedException.invalid(strip(e.getMessage(), temp));
            }
            Dataset dataset =
                    new Dataset(
                            id,
                            name == null || name.isBlank() ? id : name,
                            sourceLang,
                            targetLang,
                            corpus.format().name(),
                            files.stream().map(f -> f.getFileName().toString()).toList(),
                            countPairs(corpus, temp),
                            Instant.now().toString(),
                            Dataset.UPLOAD);
            writeManifest(temp, dataset);
            Files.move(temp, root.resolve(id), StandardCopyOption.ATOMIC_MOVE);
            return dataset;
        } finally {
            deleteTree(temp);
        }
    }

    /** Writes {@code dataset.json} into {@code dir}, atomically. */
    static void writeManifest(Path dir, Dataset dataset) throws IOException {
        byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(dataset);
        AtomicFiles.write(dir.resolve(MANIFEST), out -> out.write(json));
    }

    /** The directory of dataset {@code id} (which may not exist yet). */
    Path directory(String id) {
        return root.resolve(id);
    }

    /** A new directory for a dataset being made, renamed to its id once complete. */
    Path temporaryDirectory(String id) throws IOException {
        Files.createDirectories(root);
        Path temp = root.resolve("." + id + "." + UUID.randomUUID() + UPLOAD_SUFFIX);
        Files.createDirectories(temp);
        return temp;
    }

    /** The corpus's files in order: {@code file}, or {@code source} then {@code target}. */
    private static List<Upload> corpusParts(Map<String, Upload> parts) {
        Upload file = parts.get("file");
        Upload source = parts.get("source");
        Upload target = parts.get("target");
        if (file != null && (source != null || target != null)) {
            throw DatasetRejectedException.invalid(
                    "send either file, or source and target, not both");
        }
        if (file != null) {
            return List.of(file);
        }
        if (source != null && target != null) {
            return List.of(source, target);
        }
        throw DatasetRejectedException.invalid(
                "send the corpus as multipart parts source and target, or as one part file");
    }

    /** The uploads as files in {@code dir}, under safe names. */
    private static List<Path> copy(List<Upload> uploads, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            Upload upload = uploads.get(i);
            Path file = dir.resolve(safeName(upload.filename(), uploads.size() == 2 ? i : -1));
            try (InputStream in = upload.open()) {
                Files.copy(in, file);
            }
            files.add(file);
        }
        return files;
    }

    /**
     * Reads every pair, one at a time; a pair that cannot be read rejects the corpus with its file
     * and line, text over the caps refuses it as too large.
     */
    private long countPairs(CorpusFiles corpus, Path dir) {
        long pairs = 0;
        try (CorpusReader reader = CorpusReader.open(corpus, limits)) {
            for (SentencePair p = reader.next(); p != null; p = reader.next()) {
                pairs++;
            }
        } catch (TextTooLargeException e) {
            throw tooLarge(e, dir);
        } catch (MalformedTextException | IOException e) {
            throw DatasetRejectedException.invalid(
                    "the corpus was rejected: " + strip(String.valueOf(e.getMessage()), dir));
        }
        return pairs;
    }

    private static UploadTooLargeException tooLarge(TextTooLargeException e, Path dir) {
        String file = strip(String.valueOf(e.file()), dir);
        return new UploadTooLargeException(
                switch (e.limit()) {
                    case LINE_CHARS ->
                            file
                                    + ":"
                                    + e.line()
                                    + ": the line is longer than "
                                    + e.max()
                                    + " characters, the limit tolk.datasets.max-line-chars;"
                                    + " split the corpus into one sentence per line";
                    case DECOMPRESSED_BYTES ->
                            file
                                    + ": the file is larger than "
                                    + e.max()
                                    + " bytes once decompressed, the limit"
                                    + " tolk.datasets.max-uncompressed-bytes; upload a smaller"
                                    + " corpus";
                });
    }

    /** Every dataset, oldest first. */
    public List<Dataset> list() {
        List<Dataset> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                read(dir).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(Dataset::createdAt));
        return out;
    }

    /** The dataset {@code id}. */
    public Optional<Dataset> find(String id) {
        if (!ModelStore.isValidId(id)) {
            return Optional.empty();
        }
        return read(root.resolve(id));
    }

    /** The files of a dataset, as a training job reads them. */
    public CorpusFiles files(Dataset dataset) {
        Path dir = root.resolve(dataset.id());
        List<Path> files = dataset.files().stream().map(dir::resolve).toList();
        return CorpusFiles.detect(files);
    }

    /**
     * {@code path} resolved against the data directory.
     *
     * @throws DatasetRejectedException when it points outside the data directory or at no file
     */
    public Path resolveInside(String path, String field) {
        Path resolved;
        try {
            resolved = dataDir.resolve(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new DatasetRejectedException(
                    "missing-file",
                    field + " \"" + path + "\" is not a valid path: " + e.getReason());
        }
        if (!resolved.startsWith(dataDir) || !realPathInside(resolved)) {
            throw new DatasetRejectedException(
                    "path-outside-data-dir",
                    field
                            + " \""
                            + path
                            + "\" is outside the data directory; give a path relative to it"
                            + " (tolk.data-dir), or upload the corpus with POST /datasets");
        }
        if (!Files.isRegularFile(resolved)) {
            throw new DatasetRejectedException(
                    "missing-file",
                    field + " \"" + path + "\" is not a file in the data directory");
        }
        return resolved;
    }

    /** Whether the file, links followed, is still inside the data directory. */
    private boolean realPathInside(Path file) {
        try {
            return !Files.exists(file) || file.toRealPath().startsWith(dataDir.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Dataset> read(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(manifest.toFile(), Dataset.class));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A file name without any directory part; aligned files are named source.* and target.*. */
    private static String safeName(String uploaded, int alignedIndex) {
        String name = uploaded == null ? "" : uploaded.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        name = name.replaceAll("[^a-z0-9._-]", "_");
        boolean gz = name.endsWith(".gz");
        if (alignedIndex >= 0) {
            return (alignedIndex == 0 ? "source.txt" : "target.txt") + (gz ? ".gz" : "");
        }
        if (name.isBlank() || name.startsWith(".") || name.equals(MANIFEST)) {
            name = "corpus-" + name; // never the dataset's own record
        }
        return name;
    }

    private static String strip(String message, Path temp) {
        return message.replace(temp.toString() + "/", "").replace(temp.toString(), "");
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
