package dev.tolk.job;

import java.nio.file.Path;

/**
 * A second process for {@link JobServiceTest}: takes the job queue lock of the directory given,
 * says "locked" (or "held") on stdout and keeps the lock until its stdin closes or it is killed.
 */
public final class QueueLockHolder {

    private QueueLockHolder() {}

    public static void main(String[] args) throws Exception {
        var lock = JobQueueLock.tryTake(Path.of(args[0]));
        System.out.println(lock.isPresent() ? "locked" : "held");
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold until stdin closes
        }
    }
}
