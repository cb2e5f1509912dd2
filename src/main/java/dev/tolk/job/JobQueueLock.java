package dev.tolk.job;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * Ownership of a models directory's job queue: an exclusive OS lock on {@code
 * <models-dir>/.jobs/.lock}, held for the life of the process that runs its jobs. The owner writes
 * who it is into the file (pid, host, since when) for the others to say. The operating system
 * releases the lock when the process dies, however it dies, so a killed owner never blocks the next
 * one.
 */
final class JobQueueLock implements AutoCloseable {

    static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private JobQueueLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the queue of {@code jobsDir}, or answers empty when another process (or another owner
     * in this JVM) holds it.
     */
    static Optional<JobQueueLock> tryTake(Path jobsDir) throws IOException {
        Files.createDirectories(jobsDir);
        FileChannel channel =
                FileChannel.open(
                        jobsDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM already: another service on the same directory
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        String owner =
                "pid "
                        + ProcessHandle.current().pid()
                        + " on "
                        + host()
                        + " since "
                        + Instant.now()
                        + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return Optional.of(new JobQueueLock(channel, lock));
    }

    /**
     * Who holds the queue of {@code jobsDir}, as its owner wrote it ("pid 12 on host since ...").
     */
    static String holder(Path jobsDir) {
        try {
            String text = Files.readString(jobsDir.resolve(FILE), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "a process that has not said who it is" : text;
        } catch (IOException | RuntimeException e) {
            return "a process that has not said who it is";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "an unknown host";
        }
    }

    /** Gives the queue up (the file stays; the next owner writes its own name into it). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
