package dev.tolk.decode;

import java.util.Arrays;
import java.util.List;

/** Sources padded into one row-major (B, S) block of ids. */
record SourceBatch(long[] ids, int batch, int length) {

    static SourceBatch of(List<int[]> sources, int padId) {
        int batch = sources.size();
        int length = sources.stream().mapToInt(s -> s.length).max().orElse(1);
        long[] ids = new long[batch * length];
        Arrays.fill(ids, padId);
        for (int i = 0; i < batch; i++) {
            int[] source = sources.get(i);
            for (int j = 0; j < source.length; j++) {
                ids[i * length + j] = source[j];
            }
        }
        return new SourceBatch(ids, batch, length);
    }
}
