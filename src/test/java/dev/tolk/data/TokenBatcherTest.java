package dev.tolk.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenBatcherTest {

    private static final int PAD = 0;
    private static final int BOS = 1;
    private static final int EOS = 2;

    private static List<int[]> sequences(Random random, int n) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] ids = new int[1 + random.nextInt(30)];
            for (int j = 0; j < ids.length - 1; j++) {
                ids[j] = 4 + random.nextInt(100);
            }
            ids[ids.length - 1] = EOS;
            out.add(ids);
        }
        return out;
    }

    @Test
    void everyPairLandsInExactlyOneBatchWithinTheBudget() {
        var random = new Random(3);
        List<int[]> sources = sequences(random, 1000);
        List<int[]> targets = sequences(random, 1000);

        List<TokenBatch> batches = new TokenBatcher(512, PAD, BOS).batches(sources, targets, 9);

        int[] all =
                batches.stream().flatMapToInt(b -> Arrays.stream(b.indices())).sorted().toArray();
        assertThat(all).hasSize(1000);
        for (int i = 0; i < all.length; i++) {
            assertThat(all[i]).isEqualTo(i);
        }
        assertThat(batches).allMatch(b -> b.paddedTokens() <= 512);
    }

    @Test
    void rowsHoldTheSourceAndTheShiftedTarget() {
        List<int[]> sources = List.of(new int[] {5, 6, EOS}, new int[] {7, EOS});
        List<int[]> targets = List.of(new int[] {8, EOS}, new int[] {9, 10, 11, EOS});

        TokenBatch batch = new TokenBatcher(100, PAD, BOS).batches(sources, targets, 0).get(0);

        int row = batch.indices()[0] == 0 ? 0 : 1;
        int other = 1 - row;
        assertThat(batch.sourceLength()).isEqualTo(3);
        assertThat(batch.targetLength()).isEqualTo(4);
        assertThat(Arrays.copyOfRange(batch.source(), row * 3, row * 3 + 3))
                .containsExactly(5, 6, EOS);
        assertThat(Arrays.copyOfRange(batch.source(), other * 3, other * 3 + 3))
                .containsExactly(7, EOS, PAD);
        assertThat(Arrays.copyOfRange(batch.targetInput(), other * 4, other * 4 + 4))
                .containsExactly(BOS, 9, 10, 11);
        assertThat(Arrays.copyOfRange(batch.targetOutput(), other * 4, other * 4 + 4))
                .containsExactly(9, 10, 11, EOS);
        assertThat(Arrays.copyOfRange(batch.targetInput(), row * 4, row * 4 + 4))
                .containsExactly(BOS, 8, PAD, PAD);
        assertThat(Arrays.copyOfRange(batch.targetOutput(), row * 4, row * 4 + 4))
                .containsExactly(8, EOS, PAD, PAD);
        assertThat(batch.realTokens()).isEqualTo(11);
        assertThat(batch.targetTokens(PAD)).isEqualTo(6);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList arrays = batch.toArrays(manager);
            assertThat(arrays.get(0).getShape()).isEqualTo(new Shape(2, 3));
            assertThat(arrays.get(2).getShape()).isEqualTo(new Shape(2, 4));
        }
    }

    @Test
    void theSeedDecidesTheBatchesAndTheirOrder() {
        var random = new Random(4);
        List<int[]> sources = sequences(random, 500);
        List<int[]> targets = sequences(random, 500);
        var batcher = new TokenBatcher(300, PAD, BOS);

        List<String> first = describe(batcher.batches(sources, targets, 1));
        List<String> again = describe(batcher.batches(sources, targets, 1));
        List<String> other = describe(batcher.batches(sources, targets, 2));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    private static List<String> describe(List<TokenBatch> batches) {
        return batches.stream().map(b -> Arrays.toString(b.indices())).toList();
    }
}
