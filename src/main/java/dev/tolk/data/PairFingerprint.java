package dev.tolk.data;

import java.nio.charset.StandardCharsets;

/**
 * A 64-bit fingerprint of a normalized pair (FNV-1a over both sides' UTF-8 with a separator): lets
 * duplicates and leakage be counted without keeping the sentences. At 10^7 pairs the chance of one
 * false match is about 10^-5.
 */
final class PairFingerprint {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private PairFingerprint() {}

    static long of(SentencePair pair) {
        return of(OFFSET, pair);
    }

    /** A fingerprint salted with {@code seed}: the same pair and seed give the same value. */
    static long of(long seed, SentencePair pair) {
        long hash = OFFSET ^ seed;
        hash = mix(hash, pair.source());
        hash = (hash ^ 0xff) * PRIME; // 0xff never occurs in UTF-8: separates the two sides
        hash = mix(hash, pair.target());
        return finish(hash);
    }

    private static long mix(long hash, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * PRIME;
        }
        return hash;
    }

    /** Spreads the bits (murmur3's finalizer) so the low bits are usable for sampling. */
    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
