package dev.tolk.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What greedy and beam search share around one decoding step. */
final class Steps {

    private Steps() {}

    /** Per-source output limits: the settings' limit, within the model's positions. */
    static int[] limits(int modelLimit, List<int[]> sources, SearchSettings settings) {
        int[] limits = new int[sources.size()];
        for (int i = 0; i < limits.length; i++) {
            limits[i] =
                    Math.max(1, Math.min(settings.maxLength(sources.get(i).length), modelLimit));
        }
        return limits;
    }

    /** Each row's most probable token and its log-probability (the first of equal maxima). */
    record RowMaxima(float[] logProbs, long[] tokens) {}

    /**
     * The maximum of every row of {@code logProbs} (rows, V). On CPU the rows are scanned in place
     * through a view of the array's memory: PyTorch's {@code topk} and {@code argmax} take about
     * 1.4 ns an element on one thread, this scan about 0.5 (and {@code max} alone needs an {@code
     * argmax} beside it); elsewhere {@code topk}, so a GPU sends back two numbers a row.
     */
    static RowMaxima rowMaxima(NDArray logProbs) {
        if (logProbs.getDevice().isGpu() || logProbs.getDataType() != DataType.FLOAT32) {
            try (NDList top = logProbs.topK(1, -1)) {
                return new RowMaxima(top.get(0).toFloatArray(), top.get(1).toLongArray());
            }
        }
        int rows = Math.toIntExact(logProbs.getShape().get(0));
        int vocab = Math.toIntExact(logProbs.getShape().get(1));
        ByteBuffer bytes = logProbs.toByteBuffer(true); // a view when contiguous, else a copy
        FloatBuffer values = bytes.asFloatBuffer();
        float[] best = new float[rows];
        long[] tokens = new long[rows];
        for (int r = 0; r < rows; r++) {
            int offset = r * vocab;
            int arg = 0;
            float max = values.get(offset);
            for (int v = 1; v < vocab; v++) {
                float x = values.get(offset + v);
                if (x > max) {
                    max = x;
                    arg = v;
                }
            }
            best[r] = max;
            tokens[r] = arg;
        }
        return new RowMaxima(best, tokens);
    }

    /**
     * The best continuations of each sentence's hypotheses, best first: {@code values[s · count +
     * i]} is the i-th best total (row score + log-probability) of sentence s, {@code indices[...]}
     * its place among the sentence's {@code width} rows × V tokens ({@code row · V + token}); −∞
     * where fewer are finite.
     */
    record Continuations(float[] values, long[] indices) {}

    /**
     * The {@code count} best continuations of every sentence whose {@code width} consecutive rows
     * of {@code logProbs} (rows, V) have the summed log-probabilities {@code rowScores}. On CPU one
     * scan of the array's memory keeps a short sorted list per sentence (ties: the lower index
     * first): adding the scores to all rows × V log-probabilities and {@code topk} over them made
     * and read two more such arrays a step. Elsewhere the sum and {@code topk} run on the device.
     */
    static Continuations bestContinuations(
            NDArray logProbs, float[] rowScores, int width, int count) {
        int rows = Math.toIntExact(logProbs.getShape().get(0));
        int vocab = Math.toIntExact(logProbs.getShape().get(1));
        int sentences = rows / width;
        if (logProbs.getDevice().isGpu() || logProbs.getDataType() != DataType.FLOAT32) {
            try (NDArray scores = logProbs.getManager().create(rowScores, new Shape(rows, 1));
                    NDArray total = logProbs.add(scores).reshape(sentences, (long) width * vocab);
                    NDList top = total.topK(count, -1)) {
                return new Continuations(top.get(0).toFloatArray(), top.get(1).toLongArray());
            }
        }
        ByteBuffer bytes = logProbs.toByteBuffer(true); // a view when contiguous, else a copy
        FloatBuffer values = bytes.asFloatBuffer();
        float[] best = new float[sentences * count];
        long[] indices = new long[sentences * count];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        for (int s = 0; s < sentences; s++) {
            int first = s * count;
            int worst = first + count - 1;
            for (int j = 0; j < width; j++) {
                int row = s * width + j;
                float score = rowScores[row];
                if (score == Float.NEGATIVE_INFINITY) {
                    continue;
                }
                int offset = row * vocab;
                for (int v = 0; v < vocab; v++) {
                    float total = values.get(offset + v) + score;
                    if (total > best[worst]) {
                        int at = worst;
                        for (; at > first && best[at - 1] < total; at--) {
                            best[at] = best[at - 1];
                            indices[at] = indices[at - 1];
                        }
                        best[at] = total;
                        indices[at] = (long) j * vocab + v;
                    }
                }
            }
        }
        return new Continuations(best, indices);
    }

    /**
     * Sets to −∞ the log-probability of every token that would repeat an n-gram of its row's path;
     * returns {@code logProbs} itself when nothing is banned.
     */
    static NDArray blockRepeats(NDArray logProbs, Path[] paths, int n) {
        if (n <= 0) {
            return logProbs;
        }
        long vocab = logProbs.getShape().get(1);
        List<Long> flat = new ArrayList<>();
        for (int row = 0; row < paths.length; row++) {
            for (long token : Path.repeatingNext(paths[row], n)) {
                flat.add(row * vocab + token);
            }
        }
        if (flat.isEmpty()) {
            return logProbs;
        }
        NDManager manager = logProbs.getManager();
        long[] index = flat.stream().mapToLong(Long::longValue).toArray();
        float[] minusInf = new float[index.length];
        java.util.Arrays.fill(minusInf, Float.NEGATIVE_INFINITY);
        try (NDArray i = manager.create(index);
                NDArray v = manager.create(minusInf)) {
            NDArray blocked = logProbs.put(i, v);
            logProbs.close();
            return blocked;
        }
    }

    /**
     * The last step's attention rows, each cropped to its source's real length ({@code
     * sentenceOfRow[r]} is row r's source); null when attention is not recorded.
     */
    static float[][] attentionRows(Decoding decoding, List<int[]> sources, int[] sentenceOfRow) {
        NDArray weights = decoding.lastAttention();
        if (weights == null) {
            return null;
        }
        float[] flat = weights.toFloatArray();
        int s = (int) decoding.sourceLength();
        float[][] rows = new float[sentenceOfRow.length][];
        for (int r = 0; r < rows.length; r++) {
            int length = sources.get(sentenceOfRow[r]).length;
            rows[r] = java.util.Arrays.copyOfRange(flat, r * s, r * s + length);
        }
        return rows;
    }
}
