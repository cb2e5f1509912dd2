package dev.tolk.job;

import dev.tolk.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job records on disk: one JSON file per job in {@code <models-dir>/.jobs/}, each written
 * atomically (temp + rename) at every change, so a crash leaves the previous record whole.
 */
final class JobRecords {

    private static final Logger LOG = LoggerFactory.getLogger(JobRecords.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;

    JobRecords(Path dir) {
        this.dir = dir;
    }

    /** Every readable record; a damaged one is skipped with a warning. */
    List<Job> readAll() {
        List<Job> records = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return records;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                try {
                    records.add(JSON.readValue(file.toFile(), Job.class));
                } catch (JacksonException e) {
                    LOG.warn("skipping damaged job record {}: {}", file, e.getOriginalMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    /** Writes the job's record as it is now (read under the job's lock). */
    void save(Job job) {
        try {
            byte[] json;
            synchronized (job) {
                json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(job);
            }
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve(job.id + ".json"), out -> out.write(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy made under the job's lock: the training thread keeps changing the original. */
    static Job snapshot(Job job) {
        synchronized (job) {
            return JSON.readValue(JSON.writeValueAsBytes(job), Job.class);
        }
    }
}
