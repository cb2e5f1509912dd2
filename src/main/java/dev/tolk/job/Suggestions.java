package dev.tolk.job;

import dev.tolk.TolkProperties;
import dev.tolk.modelstore.ModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Users' corrections ({@code POST /suggest}, LibreTranslate's suggestions) kept as a dataset per
 * language pair, {@code suggestions-<source>-<target>}, that training jobs can name: a pair's next
 * model learns from them.
 *
 * <p>Each suggestion is one line of {@code suggestions.jsonl} ({@code {"source": q, "target": s}},
 * the corpus format uploads take), appended and forced to disk before the request is answered,
 * under a file lock (several processes may share the data directory). A line a crash cut short is
 * cut off before the next append. A job started on the growing dataset trains on a {@link #snapshot
 * snapshot} of it, so that a resumed job reads the same corpus.
 */
@Service
public class Suggestions {

    static final String FILE = "suggestions.jsonl";
    private static final String PREFIX = "suggestions-";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DatasetStore datasets;
    private final boolean enabled;
    private final int maxChars;

    @Autowired
    Suggestions(DatasetStore datasets, TolkProperties properties) {
        this(datasets, properties.suggestions().enabled(), properties.translate().maxChars());
    }

    Suggestions(DatasetStore datasets, boolean enabled, int maxChars) {
        this.datasets = datasets;
        this.enabled = enabled;
        this.maxChars = maxChars;
    }

    /**
     * Keeps a suggestion: {@code s} as the translation of {@code q} from {@code source} into {@code
     * target}. Line breaks and tabs in either become spaces (a pair is one line).
     *
     * @return the pair's suggestions dataset, with the suggestion counted
     * @throws SuggestionRejectedException when suggestions are off or a field is missing or too
     *     long
     */
    public synchronized DatasetStore.Dataset add(String q, String s, String source, String target) {
        if (!enabled) {
            throw SuggestionRejectedException.disabled();
        }
        String from = code(source, "source");
        String to = code(target, "target");
        String original = text(q, "q");
        String corrected = text(s, "s");
        String id = PREFIX + from + "-" + to;
        if (!ModelStore.isValidId(id)) {
            throw SuggestionRejectedException.invalid(
                    "source and target must be language codes (letters, digits, -)");
        }
        Path dir = datasets.directory(id);
        try {
            Files.createDirectories(dir);
            long pairs = append(dir.resolve(FILE), line(original, corrected));
            DatasetStore.Dataset existing = datasets.find(id).orElse(null);
            DatasetStore.Dataset dataset =
                    new DatasetStore.Dataset(
                            id,
                            "Suggestions " + from + "→" + to,
                            from,
                            to,
                            "JSON_LINES",
                            List.of(FILE),
                            pairs,
                            existing == null ? Instant.now().toString() : existing.createdAt(),
                            DatasetStore.Dataset.SUGGESTIONS);
            DatasetStore.writeManifest(dir, dataset);
            return dataset;
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the suggestion in " + dir, e);
        }
    }

    /**
     * The dataset a job trains on when it names {@code id}: for a pair's suggestions, a copy of
     * them as they are now ({@code suggestions-en-de-<pairs>}, made once per count); any other
     * dataset is itself.
     */
    public synchronized String snapshot(String id) {
        DatasetStore.Dataset live = id == null ? null : datasets.find(id).orElse(null);
        if (live == null || !DatasetStore.Dataset.SUGGESTIONS.equals(live.kind())) {
            return id;
        }
        Path journal = datasets.directory(id).resolve(FILE);
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.READ);
                FileLock lock = channel.lock(0, Long.MAX_VALUE, true)) {
            byte[] all = Files.readAllBytes(journal);
            int end = lastLineEnd(all);
            long pairs = countLines(all, end);
            String snapshot = id + "-" + pairs;
            if (datasets.find(snapshot).isPresent()) {
                return snapshot;
            }
            Path temp = datasets.temporaryDirectory(snapshot);
            try {
                Files.write(temp.resolve(FILE), java.util.Arrays.copyOf(all, end));
                DatasetStore.writeManifest(
                        temp,
                        new DatasetStore.Dataset(
                                snapshot,
                                live.name() + ", " + pairs + " as of " + Instant.now(),
                                live.sourceLang(),
                                live.targetLang(),
                                live.format(),
                                List.of(FILE),
                                pairs,
                                Instant.now().toString(),
                                DatasetStore.Dataset.SNAPSHOT));
                Files.move(temp, datasets.directory(snapshot), StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made meanwhile by another process: the same lines
            } finally {
                DatasetStore.deleteTree(temp);
            }
            return snapshot;
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the suggestions of " + id, e);
        }
    }

    /** Appends {@code line}, first cutting off a line a crash left unfinished; lines after it. */
    private static long append(Path journal, byte[] line) throws IOException {
        try (FileChannel channel =
                        FileChannel.open(
                                journal,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.READ,
                                StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            byte[] all = Files.readAllBytes(journal);
            int end = lastLineEnd(all);
            if (end < all.length) {
                channel.truncate(end);
            }
            channel.position(end);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
            return countLines(all, end) + 1;
        }
    }

    /** The length of the complete lines at the start of {@code bytes}. */
    private static int lastLineEnd(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        return end;
    }

    private static long countLines(byte[] bytes, int end) {
        long lines = 0;
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** One line of the journal, as the JSON Lines corpus format has it. */
    private record Line(String source, String target) {}

    private static byte[] line(String source, String target) {
        return (JSON.writeValueAsString(new Line(source, target)) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String code(String value, String field) {
        if (value == null || value.isBlank()) {
            throw SuggestionRejectedException.missing(field);
        }
        return value.strip().toLowerCase(Locale.ROOT);
    }

    private String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw SuggestionRejectedException.missing(field);
        }
        String one = value.replaceAll("[\\r\\n\\t\\u2028\\u2029]+", " ").strip();
        if (one.length() > maxChars) {
            throw SuggestionRejectedException.invalid(
                    field
                            + " has "
                            + one.length()
                            + " characters; the limit is "
                            + maxChars
                            + " (tolk.translate.max-chars)");
        }
        return one;
    }
}
