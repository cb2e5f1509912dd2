package dev.tolk.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Batches by token budget: pairs sorted by length (random order among equal lengths), cut into
 * batches whose padded size {@code B·(S + T)} stays within {@code maxTokens}, then shuffled, all
 * with one seed. Sorting keeps padding low; shuffling the batches keeps the order random.
 *
 * <p>Sequences are given without special tokens' positions decided: each source ends with {@code
 * </s>} already; each target ends with {@code </s>} and is shifted right behind {@code <s>} for the
 * decoder input.
 */
public final class TokenBatcher {

    private final int maxTokens;
    private final int padId;
    private final int bosId;

    public TokenBatcher(int maxTokens, int padId, int bosId) {
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens (" + maxTokens + ") must be at least 2");
        }
        this.maxTokens = maxTokens;
        this.padId = padId;
        this.bosId = bosId;
    }

    /**
     * The batches of one epoch.
     *
     * @param sources source ids per pair, each ending with the end token
     * @param targets target ids per pair, each ending with the end token
     * @param seed another seed (say, the epoch) gives other batches in another order
     */
    public List<TokenBatch> batches(List<int[]> sources, List<int[]> targets, long seed) {
        if (sources.size() != targets.size()) {
            throw new IllegalArgumentException(
                    sources.size() + " sources but " + targets.size() + " targets");
        }
        List<int[]> groups = group(sources, targets, new Random(seed));
        List<TokenBatch> batches = new ArrayList<>(groups.size());
        for (int[] group : groups) {
            batches.add(assemble(group, sources, targets));
        }
        return batches;
    }

    /** Index groups: sorted by (source, target) length, cut at the budget, shuffled. */
    private List<int[]> group(List<int[]> sources, List<int[]> targets, Random random) {
        Integer[] order = new Integer[sources.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Collections.shuffle(Arrays.asList(order), random); // random among equal lengths
        Arrays.sort(
                order,
                Comparator.<Integer>comparingInt(i -> sources.get(i).length)
                        .thenComparingInt(i -> targets.get(i).length));
        List<int[]> groups = new ArrayList<>();
        int start = 0;
        int longestSource = 0;
        int longestTarget = 0;
        for (int k = 0; k < order.length; k++) {
            int s = Math.max(longestSource, sources.get(order[k]).length);
            int t = Math.max(longestTarget, targets.get(order[k]).length);
            if (k > start && (long) (k - start + 1) * (s + t) > maxTokens) {
                groups.add(indices(order, start, k));
                start = k;
                s = sources.get(order[k]).length;
                t = targets.get(order[k]).length;
            }
            longestSource = s;
            longestTarget = t;
        }
        if (start < order.length) {
            groups.add(indices(order, start, order.length));
        }
        Collections.shuffle(groups, random);
        return groups;
    }

    private static int[] indices(Integer[] order, int from, int to) {
        int[] out = new int[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = order[i];
        }
        return out;
    }

    private TokenBatch assemble(int[] group, List<int[]> sources, List<int[]> targets) {
        int sourceLength = 0;
        int targetLength = 0;
        int real = 0;
        for (int i : group) {
            sourceLength = Math.max(sourceLength, sources.get(i).length);
            targetLength = Math.max(targetLength, targets.get(i).length);
            real += sources.get(i).length + targets.get(i).length;
        }
        long[] source = new long[group.length * sourceLength];
        long[] targetInput = new long[group.length * targetLength];
        long[] targetOutput = new long[group.length * targetLength];
        Arrays.fill(source, padId);
        Arrays.fill(targetInput, padId);
        Arrays.fill(targetOutput, padId);
        for (int row = 0; row < group.length; row++) {
            int[] s = sources.get(group[row]);
            int[] t = targets.get(group[row]);
            for (int j = 0; j < s.length; j++) {
                source[row * sourceLength + j] = s[j];
            }
            targetInput[row * targetLength] = bosId;
            for (int j = 0; j < t.length; j++) {
                targetOutput[row * targetLength + j] = t[j];
                if (j + 1 < t.length) {
                    targetInput[row * targetLength + j + 1] = t[j];
                }
            }
        }
        return new TokenBatch(
                group, source, targetInput, targetOutput, sourceLength, targetLength, real);
    }
}
