package dev.tolk.decode;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A hypothesis under construction as a persistent list: each step adds one node pointing at its
 * parent, so the hypotheses of a beam share their common prefixes and reordering costs nothing.
 *
 * @param parent the path before this token, or null at the first token
 * @param token the token added
 * @param attention its cross-attention over the source, or null
 * @param length tokens in the path
 */
record Path(Path parent, long token, float[] attention, int length) {

    static Path extend(Path parent, long token, float[] attention) {
        return new Path(parent, token, attention, parent == null ? 1 : parent.length + 1);
    }

    static long[] tokens(Path path) {
        long[] out = new long[path == null ? 0 : path.length];
        for (Path p = path; p != null; p = p.parent) {
            out[p.length - 1] = p.token;
        }
        return out;
    }

    /** Attention rows of the path's tokens plus {@code last} (the end token's), or null. */
    static float[][] attention(Path path, float[] last, boolean wanted) {
        if (!wanted) {
            return null;
        }
        int n = path == null ? 0 : path.length;
        float[][] rows = new float[n + (last == null ? 0 : 1)][];
        for (Path p = path; p != null; p = p.parent) {
            rows[p.length - 1] = p.attention;
        }
        if (last != null) {
            rows[n] = last;
        }
        return rows;
    }

    /**
     * The tokens that would repeat an n-gram already in the path: for every earlier occurrence of
     * the path's last n−1 tokens, the token that followed it.
     */
    static Set<Long> repeatingNext(Path path, int n) {
        Set<Long> banned = new HashSet<>();
        if (n < 1 || path == null || path.length < n - 1) {
            return banned;
        }
        long[] tokens = tokens(path);
        if (n == 1) {
            for (long t : tokens) {
                banned.add(t);
            }
            return banned;
        }
        long[] suffix = Arrays.copyOfRange(tokens, tokens.length - (n - 1), tokens.length);
        for (int i = 0; i + n - 1 < tokens.length; i++) {
            if (Arrays.equals(tokens, i, i + n - 1, suffix, 0, n - 1)) {
                banned.add(tokens[i + n - 1]);
            }
        }
        return banned;
    }
}
