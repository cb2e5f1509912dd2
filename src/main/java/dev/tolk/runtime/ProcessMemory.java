package dev.tolk.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory as Linux reports it ({@code /proc/self/status}); NaN elsewhere. */
public final class ProcessMemory {

    private ProcessMemory() {}

    /** Resident memory now (VmRSS), MiB. */
    public static double residentMib() {
        return read("VmRSS:");
    }

    /** The highest resident memory so far (VmHWM), MiB. */
    public static double peakResidentMib() {
        return read("VmHWM:");
    }

    private static double read(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
