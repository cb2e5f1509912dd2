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

    /** Damaged records already logged, by file name. */
    private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    JobRecords(Path dir) {
        this.dir = dir;
    }

    /**
     * Every record. One that cannot be read (not JSON, not a job, no id or state) is a {@link
     * JobState#DAMAGED} job named after its file, its {@code error} saying what is wrong, and is
     * logged once; the file itself is left as it is.
     */
    List<Job> readAll() {
        List<Job> records = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return records;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                records.add(read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    private Job read(Path file) {
        String name = file.getFileName().toString();
        String problem;
        try {
            Job job = JSON.readValue(file.toFile(), Job.class);
            if (job != null
                    && job.id != null
                    && job.state != null
                    && job.state != JobState.DAMAGED) {
                return job;
            }
            problem = "not a job record (no id or no state)";
        } catch (JacksonException e) {
            problem = e.getOriginalMessage();
        }
        if (warned.add(name)) {
            LOG.warn("damaged job record {}: {}", file, problem);
        }
        Job damaged = new Job();
        damaged.id = name.substring(0, name.length() - ".json".length());
        damaged.state = JobState.DAMAGED;
        damaged.error =
                "the job record .jobs/"
                        + name
                        + " is damaged ("
                        + problem
                        + "): fix or delete the file";
        return damaged;
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
