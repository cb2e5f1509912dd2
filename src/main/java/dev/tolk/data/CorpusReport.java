package dev.tolk.data;

import java.util.EnumMap;
import java.util.Map;

/**
 * What cleaning did to a corpus: part of every training job's record.
 *
 * @param pairsRead pairs in the input
 * @param pairsKept pairs that survived cleaning
 * @param dropped pairs dropped, by reason (every reason present, zero included)
 * @param sourceWords whitespace-separated words on the source side of kept pairs
 * @param targetWords the same on the target side
 */
public record CorpusReport(
        long pairsRead,
        long pairsKept,
        Map<DropReason, Long> dropped,
        long sourceWords,
        long targetWords) {

    public CorpusReport {
        dropped = Map.copyOf(dropped);
    }

    /** Accumulates a report pair by pair. Not thread-safe. */
    public static final class Builder {
        private long read;
        private long kept;
        private final Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
        private long sourceWords;
        private long targetWords;

        public Builder() {
            for (DropReason reason : DropReason.values()) {
                dropped.put(reason, 0L);
            }
        }

        void read() {
            read++;
        }

        void dropped(DropReason reason) {
            dropped.merge(reason, 1L, Long::sum);
        }

        void kept(int sourceWordCount, int targetWordCount) {
            kept++;
            sourceWords += sourceWordCount;
            targetWords += targetWordCount;
        }

        public CorpusReport build() {
            return new CorpusReport(read, kept, dropped, sourceWords, targetWords);
        }
    }
}
