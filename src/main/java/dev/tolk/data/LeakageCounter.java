package dev.tolk.data;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts held-out pairs that also occur in the training data: add the held-out pairs, offer every
 * training pair, then ask for the report. Only 64-bit fingerprints are kept.
 */
public final class LeakageCounter {

    /** Per fingerprint: {occurrences in the held-out set, 1 once seen in training}. */
    private final Map<Long, long[]> heldOut = new HashMap<>();

    private long heldOutPairs;

    public void addHeldOut(SentencePair normalized) {
        heldOutPairs++;
        heldOut.computeIfAbsent(PairFingerprint.of(normalized), k -> new long[2])[0]++;
    }

    public void offerTraining(SentencePair normalized) {
        long[] entry = heldOut.get(PairFingerprint.of(normalized));
        if (entry != null) {
            entry[1] = 1;
        }
    }

    /** Held-out pairs so far and how many of them (each duplicate counted) training has. */
    public HeldOutReport report(String origin) {
        long leaked = 0;
        for (long[] entry : heldOut.values()) {
            leaked += entry[0] * entry[1];
        }
        return new HeldOutReport(origin, heldOutPairs, leaked);
    }
}
