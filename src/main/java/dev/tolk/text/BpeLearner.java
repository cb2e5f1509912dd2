package dev.tolk.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Learns a byte-pair-encoding vocabulary (Sennrich et al., 2016) the way SentencePiece treats
 * whitespace: every word starts with the boundary marker {@code ▁} (U+2581), which is part of the
 * word's first token, so decoding restores spaces exactly. Merges stay within the pieces of {@link
 * WordPieces}: punctuation is never joined to a word. Characters not in the vocabulary are encoded
 * as their UTF-8 bytes ({@code <0x00>} .. {@code <0xFF>}, always present), so any text round-trips.
 *
 * <p>The merge loop keeps pair counts incrementally: a merge only revisits the words that contain
 * its pair, and a heap with lazy updates finds the most frequent pair. Ties go to the pair of
 * smaller ids, so the result is deterministic.
 */
public final class BpeLearner {

    /** SentencePiece's word-boundary marker. */
    public static final String WORD_BOUNDARY = "\u2581";

    /** Merges of pairs seen fewer times than this are not learned (they generalise to nothing). */
    private static final long MIN_PAIR_FREQUENCY = 2;

    private final int vocabSize;

    /**
     * @param vocabSize the number of tokens wanted, special and byte tokens included; fewer are
     *     learned when the corpus has no pair left that occurs twice
     */
    public BpeLearner(int vocabSize) {
        if (vocabSize <= firstLearnedId()) {
            throw new IllegalArgumentException(
                    "vocabulary size ("
                            + vocabSize
                            + ") must exceed the "
                            + firstLearnedId()
                            + " special and byte tokens");
        }
        this.vocabSize = vocabSize;
    }

    static int firstLearnedId() {
        return SpecialTokens.ALL.length + 256;
    }

    /** The byte token for {@code b} (0..255), as Hugging Face's byte fallback names it. */
    public static String byteToken(int b) {
        return String.format("<0x%02X>", b);
    }

    public BpeVocabulary learn(WordCounts wordCounts) {
        if (wordCounts.asMap().isEmpty()) {
            throw new IllegalArgumentException("cannot learn a vocabulary from empty text");
        }
        Map<String, long[]> counts = pieceCounts(wordCounts.asMap());
        List<String> tokens = new ArrayList<>(List.of(SpecialTokens.ALL));
        for (int b = 0; b < 256; b++) {
            tokens.add(byteToken(b));
        }
        Set<String> reserved = new HashSet<>(tokens);
        Map<String, Integer> ids = new HashMap<>();
        for (String character : alphabet(counts)) {
            if (tokens.size() == vocabSize) {
                break; // the rarest characters fall back to bytes
            }
            ids.put(character, tokens.size());
            tokens.add(character);
        }
        var state = new MergeState(counts, ids);
        List<BpeVocabulary.Merge> merges = new ArrayList<>();
        while (tokens.size() < vocabSize) {
            long pair = state.mostFrequentPair();
            if (pair < 0) {
                break;
            }
            String left = tokens.get(left(pair));
            String right = tokens.get(right(pair));
            String merged = left + right;
            if (reserved.contains(merged)) {
                state.forbid(pair); // text that spells "<s>" or "<0x41>" stays in pieces
                continue;
            }
            Integer id = ids.get(merged);
            if (id == null) {
                id = tokens.size();
                tokens.add(merged);
                ids.put(merged, id);
            }
            merges.add(new BpeVocabulary.Merge(left, right));
            state.merge(pair, id);
        }
        return new BpeVocabulary(List.copyOf(tokens), List.copyOf(merges));
    }

    /** How often each piece ({@link WordPieces}) of the words occurs. */
    private static Map<String, long[]> pieceCounts(Map<String, long[]> wordCounts) {
        Map<String, long[]> pieces = new HashMap<>();
        for (var entry : wordCounts.entrySet()) {
            long frequency = entry.getValue()[0];
            for (String piece : WordPieces.split(entry.getKey())) {
                pieces.computeIfAbsent(piece, p -> new long[1])[0] += frequency;
            }
        }
        return pieces;
    }

    /** Characters of the pieces, most frequent first, ties by code point. */
    private static List<String> alphabet(Map<String, long[]> counts) {
        Map<Integer, long[]> characters = new HashMap<>();
        for (var entry : counts.entrySet()) {
            long frequency = entry.getValue()[0];
            entry.getKey()
                    .codePoints()
                    .forEach(c -> characters.computeIfAbsent(c, k -> new long[1])[0] += frequency);
        }
        return characters.entrySet().stream()
                .sorted(
                        (a, b) ->
                                a.getValue()[0] != b.getValue()[0]
                                        ? Long.compare(b.getValue()[0], a.getValue()[0])
                                        : Integer.compare(a.getKey(), b.getKey()))
                .map(e -> Character.toString(e.getKey()))
                .toList();
    }

    static long pair(int left, int right) {
        return ((long) left << 32) | right;
    }

    static int left(long pair) {
        return (int) (pair >>> 32);
    }

    static int right(long pair) {
        return (int) pair;
    }

    /**
     * A pair's key in the hash maps: the pair times an odd constant, a bijection of the longs.
     * {@code Long.hashCode} of the plain pair is {@code left ^ right}, which puts every pair of two
     * ids below 8,192 into one of 8,192 buckets: the maps then turned buckets into trees that asked
     * for the keys' generic interfaces on every lookup, allocating about 400 MB per vocabulary of
     * garbage that made the JVM grow its heap by a gigabyte.
     */
    static long key(long pair) {
        return pair * KEY_FACTOR;
    }

    static long pairOfKey(long key) {
        return key * KEY_INVERSE;
    }

    private static final long KEY_FACTOR = 0x9E3779B97F4A7C15L;
    private static final long KEY_INVERSE = inverse(KEY_FACTOR);

    /** The multiplicative inverse of an odd long modulo 2^64 (Newton's iteration). */
    private static long inverse(long odd) {
        long x = odd; // correct to 3 bits; each step doubles them
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }

    /** Pieces as symbol ids, pair counts, where each pair occurs, and the heap of candidates. */
    private static final class MergeState {
        private final int[][] words;
        private final long[] frequencies;
        // keyed by key(pair)
        private final Map<Long, long[]> pairCounts = new HashMap<>();
        private final Map<Long, Set<Integer>> pairWords = new HashMap<>();
        private final Set<Long> forbidden = new HashSet<>();
        // entries {count, pair}: highest count first, then the smaller pair
        private final PriorityQueue<long[]> heap =
                new PriorityQueue<>(
                        (a, b) ->
                                a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));

        MergeState(Map<String, long[]> counts, Map<String, Integer> ids) {
            words = new int[counts.size()][];
            frequencies = new long[counts.size()];
            int w = 0;
            for (var entry : counts.entrySet()) {
                String word = entry.getKey();
                // characters that did not make the alphabet are left out of merges (bytes later)
                words[w] =
                        word.codePoints()
                                .map(c -> ids.getOrDefault(Character.toString(c), -1))
                                .toArray();
                frequencies[w] = entry.getValue()[0];
                addPairs(w, 1);
                w++;
            }
            for (var entry : pairCounts.entrySet()) {
                heap.add(new long[] {entry.getValue()[0], pairOfKey(entry.getKey())});
            }
        }

        /** Adds ({@code sign} 1) or removes (-1) the pairs of word {@code w} to the counts. */
        private void addPairs(int w, int sign) {
            int[] symbols = words[w];
            for (int i = 0; i + 1 < symbols.length; i++) {
                if (symbols[i] < 0 || symbols[i + 1] < 0) {
                    continue;
                }
                long key = key(pair(symbols[i], symbols[i + 1]));
                long[] count = pairCounts.computeIfAbsent(key, p -> new long[1]);
                count[0] += sign * frequencies[w];
                if (sign > 0) {
                    pairWords.computeIfAbsent(key, p -> new HashSet<>()).add(w);
                }
            }
        }

        /** The most frequent pair seen at least twice, or -1. */
        long mostFrequentPair() {
            while (!heap.isEmpty()) {
                long[] top = heap.poll();
                long pair = top[1];
                long[] current = pairCounts.get(key(pair));
                long count = current == null ? 0 : current[0];
                if (count != top[0]) {
                    if (count > 0) {
                        heap.add(new long[] {count, pair}); // stale entry: requeue its true count
                    }
                    continue;
                }
                if (forbidden.contains(key(pair))) {
                    continue;
                }
                return count >= MIN_PAIR_FREQUENCY ? pair : -1;
            }
            return -1;
        }

        void forbid(long pair) {
            forbidden.add(key(pair));
        }

        /** Replaces every occurrence of {@code pair} by {@code id} and updates the counts. */
        void merge(long pair, int id) {
            Set<Integer> containing = pairWords.remove(key(pair));
            if (containing == null) {
                return;
            }
            int a = left(pair);
            int b = right(pair);
            Map<Long, Long> before = new HashMap<>();
            snapshot(before, containing);
            for (int w : containing) {
                int[] symbols = words[w];
                addPairs(w, -1);
                int[] out = new int[symbols.length];
                int n = 0;
                for (int i = 0; i < symbols.length; i++) {
                    if (i + 1 < symbols.length && symbols[i] == a && symbols[i + 1] == b) {
                        out[n++] = id;
                        i++;
                    } else {
                        out[n++] = symbols[i];
                    }
                }
                words[w] = n == out.length ? out : Arrays.copyOf(out, n);
                addPairs(w, 1);
            }
            for (int w : containing) {
                int[] symbols = words[w];
                for (int i = 0; i + 1 < symbols.length; i++) {
                    long p = pair(symbols[i], symbols[i + 1]);
                    long k = key(p);
                    long[] count = pairCounts.get(k);
                    if (count != null && count[0] > before.getOrDefault(k, 0L)) {
                        heap.add(new long[] {count[0], p});
                        before.put(k, count[0]); // queue each grown pair once
                    }
                }
            }
            pairCounts.remove(key(pair));
        }

        private void snapshot(Map<Long, Long> before, Set<Integer> containing) {
            for (int w : containing) {
                int[] symbols = words[w];
                for (int i = 0; i + 1 < symbols.length; i++) {
                    long k = key(pair(symbols[i], symbols[i + 1]));
                    long[] count = pairCounts.get(k);
                    before.putIfAbsent(k, count == null ? 0L : count[0]);
                }
            }
        }
    }
}
