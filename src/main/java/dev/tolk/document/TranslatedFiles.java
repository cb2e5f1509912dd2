package dev.tolk.document;

import dev.tolk.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translated documents waiting to be downloaded, under {@code <dir>/<32 hex digits>.<name>} as
 * LibreTranslate names them: the random part is the only key to a file (128 bits), the rest the
 * name it is downloaded as. A file is kept for {@code keep}, then deleted at the next store or
 * lookup; each is written atomically.
 */
public final class TranslatedFiles {

    private static final Logger LOG = LoggerFactory.getLogger(TranslatedFiles.class);
    private static final Pattern NAME =
            Pattern.compile("[0-9a-f]{32}\\.[A-Za-z0-9][A-Za-z0-9._-]{0,119}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A stored file: where it is, what it is called for the user, its format. */
    public record Stored(Path path, String downloadName, DocumentFormat format) {}

    private final Path dir;
    private final Duration keep;
    private final Clock clock;

    public TranslatedFiles(Path dir, Duration keep, Clock clock) {
        this.dir = dir.toAbsolutePath().normalize();
        this.keep = keep;
        this.clock = clock;
    }

    /** How long a file is kept. */
    public Duration keep() {
        return keep;
    }

    /**
     * Writes a translated document and returns its name (what {@code /download_file/} takes).
     *
     * @param originalName the uploaded file's name; the download keeps its extension
     */
    public String store(String originalName, AtomicFiles.Writer writer) throws IOException {
        removeExpired();
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        String name = HexFormat.of().formatHex(key) + "." + safe(originalName);
        AtomicFiles.write(dir.resolve(name), writer);
        return name;
    }

    /** The file called {@code name}, unless it never existed, expired or is not such a name. */
    public Optional<Stored> find(String name) {
        removeExpired();
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path path = dir.resolve(name);
        if (!Files.isRegularFile(path) || expired(path)) {
            return Optional.empty();
        }
        String download = name.substring(33);
        return DocumentFormat.of(download).map(format -> new Stored(path, download, format));
    }

    /** Deletes the files older than {@link #keep()}; returns how many. */
    public int removeExpired() {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (expired(file) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warn("could not remove expired translated files in {}", dir, e);
        }
        return removed;
    }

    private boolean expired(Path file) {
        try {
            Instant written = Files.getLastModifiedTime(file).toInstant();
            return written.plus(keep).isBefore(clock.instant());
        } catch (IOException e) {
            return false; // gone meanwhile, or unreadable: leave it to the next pass
        }
    }

    /** The uploaded name's last part, with only ASCII letters, digits, dots, dashes. */
    static String safe(String originalName) {
        String name = originalName == null ? "" : originalName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        name = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._-]+", "");
        if (name.length() > 120) {
            name = name.substring(name.length() - 120).replaceAll("^[._-]+", "");
        }
        return name.isEmpty() ? "document" : name;
    }
}
