package dev.tolk.text;

import java.util.HashMap;
import java.util.Map;

/** How often each whitespace-separated word occurs in normalized text: the BPE learner's input. */
public final class WordCounts {

    private final Map<String, long[]> counts = new HashMap<>();
    private long lines;

    /** Counts the words of one line that has gone through {@link TextNormalizer}. */
    public void addNormalized(String line) {
        lines++;
        int start = 0;
        int length = line.length();
        while (start < length) {
            int end = line.indexOf(' ', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                counts.computeIfAbsent(line.substring(start, end), w -> new long[1])[0]++;
            }
            start = end + 1;
        }
    }

    /** Normalizes {@code line}, then counts it. */
    public void add(String line) {
        addNormalized(TextNormalizer.normalize(line));
    }

    public long lines() {
        return lines;
    }

    public int distinctWords() {
        return counts.size();
    }

    Map<String, long[]> asMap() {
        return counts;
    }
}
