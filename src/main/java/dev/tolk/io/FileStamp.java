package dev.tolk.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What tells a file's versions apart, for caches that parse a file again only when it changed: its
 * modification time alone does not, since two writes within the clock's tick (a few milliseconds)
 * leave the same time; the atomic rename that writes each version ({@link AtomicFiles}) gives it a
 * new inode ({@code fileKey}) and mostly another size.
 */
public record FileStamp(FileTime modified, long size, Object fileKey) {

    /**
     * The stamp of {@code file} now.
     *
     * @throws java.nio.file.NoSuchFileException when it does not exist
     */
    public static FileStamp of(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileStamp(
                attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    }
}
