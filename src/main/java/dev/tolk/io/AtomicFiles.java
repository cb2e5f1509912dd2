package dev.tolk.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Writes files so that readers see either the old complete file or the new complete one. */
public final class AtomicFiles {

    /** Writes the content of a file to a stream it does not close. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /** A fault injected into writes, for fault tests; null in normal operation. */
    private static volatile Fault fault;

    /** A fault a test injects into the writes whose target it chooses. */
    @FunctionalInterface
    public interface Fault {
        /** Called after the content is written to the temporary file, before it is renamed. */
        void check(Path target) throws IOException;
    }

    /**
     * For fault tests only: runs {@code injected} at every write from now until the returned handle
     * is closed; an IOException it throws fails the write as a full disk would (the temporary file
     * is removed, the target untouched).
     */
    public static AutoCloseable injectFault(Fault injected) {
        fault = injected;
        return () -> fault = null;
    }

    /**
     * Writes {@code target} through a temporary file in the same directory, forced to disk and then
     * renamed over the target. On failure the target is untouched and the temporary file is
     * removed.
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its files are private (0600); this one gets the usual mode.
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel =
                            FileChannel.open(
                                    temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                writer.writeTo(out);
                Fault injected = fault;
                if (injected != null) {
                    injected.check(target);
                }
                out.flush();
                channel.force(true);
            }
            Files.move(
                    temp,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }
}
