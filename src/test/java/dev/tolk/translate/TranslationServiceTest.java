package dev.tolk.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.tolk.decode.DecodeStreams;
import dev.tolk.decode.SearchSettings;
import dev.tolk.decode.Translator;
import dev.tolk.model.InputTooLongException;
import dev.tolk.modelstore.ModelStore;
import dev.tolk.testing.TinyModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Server-side batching: concurrent requests are decoded together and get their own results. */
@Tag("slow") // trains a model
class TranslationServiceTest {

    @TempDir static Path dir;

    private static ModelStore.Entry model;

    @BeforeAll
    static void train() throws Exception {
        TinyModels.trainAccurate(dir.resolve("models").resolve("toy"), "en", "de");
        model = new ModelStore(dir.resolve("models")).find("toy").orElseThrow();
    }

    @ParameterizedTest(name = "{0} decoding streams")
    @ValueSource(ints = {1, 2})
    void concurrentRequestsShareBatchesAndGetTheirOwnTranslations(int streams) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            texts.add("w" + (i % 20) + " w" + ((i * 7) % 20) + " w" + ((i * 3) % 20));
        }
        SearchSettings beam = SearchSettings.beam(3);
        try (ModelCache cache = new ModelCache(1, () -> Device.cpu());
                TranslationService service =
                        new TranslationService(
                                cache, 50, 64, DecodeStreams.of(streams, 1), meters)) {
            // one by one: the reference
            List<String> alone = new ArrayList<>();
            for (String text : texts) {
                alone.add(service.translate(model, List.of(text), beam).get().get(0).text());
            }
            // all at once
            List<CompletableFuture<List<Translator.Translation>>> futures = new ArrayList<>();
            for (String text : texts) {
                futures.add(service.translate(model, List.of(text), beam));
            }
            for (int i = 0; i < texts.size(); i++) {
                assertThat(futures.get(i).get().get(0).text()).isEqualTo(alone.get(i));
            }
        }
        var batches = meters.get("tolk.translate.batch.texts").summary();
        assertThat(batches.max()).isGreaterThan(1);
        assertThat(batches.count()).isLessThan(2L * texts.size());
        assertThat(meters.get("tolk.translate.tokens").counter().count()).isPositive();
    }

    @Test
    void aRequestAloneIsDecodedAtOnceNotHeldForTheBatchWait() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ModelCache cache = new ModelCache(1, () -> Device.cpu());
                TranslationService service =
                        new TranslationService(cache, 5_000, 64, DecodeStreams.of(1, 1), meters)) {
            for (int i = 0; i < 3; i++) {
                assertThat(service.translate(model, List.of("w1 w2"), SearchSettings.GREEDY).get())
                        .extracting(Translator.Translation::text)
                        .containsExactly(TinyModels.answer("w1 w2"));
            }
        }
        // With nothing else waiting and the worker idle, the 5 s batch wait is not paid.
        var waited = meters.get("tolk.translate.queue.wait").timer();
        assertThat(waited.count()).isEqualTo(3);
        assertThat(waited.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isLessThan(1_000);
    }

    @Test
    void aRejectedTextFailsAloneNotItsBatch() throws Exception {
        try (ModelCache cache = new ModelCache(1, () -> Device.cpu());
                TranslationService service =
                        new TranslationService(cache, 50, 64, new SimpleMeterRegistry())) {
            var good = service.translate(model, List.of("w1 w2"), SearchSettings.GREEDY);
            var bad = service.translate(model, List.of("w1 ".repeat(2000)), SearchSettings.GREEDY);
            var alsoGood = service.translate(model, List.of("w3"), SearchSettings.GREEDY);
            assertThat(good.get().get(0).text()).isEqualTo(TinyModels.answer("w1 w2"));
            assertThat(alsoGood.get().get(0).text()).isEqualTo(TinyModels.answer("w3"));
            assertThatThrownBy(bad::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(InputTooLongException.class);
        }
    }

    @Test
    void workBeyondTheAdmittedAmountIsRefusedAtOnceAndFreedWhenTaken() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ModelCache cache = new ModelCache(1, () -> Device.cpu());
                TranslationService service =
                        new TranslationService(
                                cache, 5, 64, DecodeStreams.single(), 3, 1000, 60, meters)) {
            var first = service.translate(model, List.of("w1 w2", "w3"), SearchSettings.GREEDY);
            var second = service.translate(model, List.of("w4"), SearchSettings.GREEDY);
            long started = System.nanoTime();
            assertThatThrownBy(() -> service.translate(model, List.of("w5"), SearchSettings.GREEDY))
                    .isInstanceOfSatisfying(
                            OverloadedException.class,
                            e -> {
                                assertThat(e.getMessage()).contains("max-queued-texts");
                                assertThat(e.retryAfterSeconds()).isPositive();
                            });
            assertThat(System.nanoTime() - started).isLessThan(1_000_000_000L);
            assertThat(meters.get("tolk.translate.rejected").counter().count()).isEqualTo(1);

            service.start();
            assertThat(first.get().get(0).text()).isEqualTo(TinyModels.answer("w1 w2"));
            assertThat(second.get().get(0).text()).isEqualTo(TinyModels.answer("w4"));
            // taken work no longer counts: there is room again
            assertThat(service.translate(model, List.of("w5"), SearchSettings.GREEDY).get())
                    .hasSize(1);
        }
    }

    @Test
    void workNobodyWaitsForIsDroppedBeforeItIsDecoded() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ModelCache cache = new ModelCache(1, () -> Device.cpu());
                TranslationService service =
                        new TranslationService(
                                cache, 5, 64, DecodeStreams.single(), 100, 10_000, 60, meters)) {
            var expired =
                    service.translate(
                            model, List.of("w1"), SearchSettings.GREEDY, System.nanoTime() - 1);
            var cancelled = service.translate(model, List.of("w2"), SearchSettings.GREEDY);
            cancelled.cancel(false);
            var wanted = service.translate(model, List.of("w3"), SearchSettings.GREEDY);

            service.start();

            assertThat(wanted.get().get(0).text()).isEqualTo(TinyModels.answer("w3"));
            assertThatThrownBy(expired::get).hasCauseInstanceOf(TranslationTimeoutException.class);
            assertThat(
                            meters.get("tolk.translate.dropped")
                                    .tag("reason", "deadline")
                                    .counter()
                                    .count())
                    .isEqualTo(1);
            assertThat(
                            meters.get("tolk.translate.dropped")
                                    .tag("reason", "cancelled")
                                    .counter()
                                    .count())
                    .isEqualTo(1);
            // only the wanted text was decoded
            assertThat(meters.get("tolk.translate.batch.texts").summary().totalAmount())
                    .isEqualTo(1);
        }
    }

    @Test
    void workThatWouldWaitLongerThanTheQueueBoundAtTheMeasuredRateIsRefused() throws Exception {
        try (ModelCache cache = new ModelCache(1, () -> Device.cpu());
                TranslationService service =
                        new TranslationService(
                                cache,
                                5,
                                5,
                                DecodeStreams.single(),
                                1000,
                                1_000_000,
                                2,
                                new SimpleMeterRegistry())) {
            service.measured(1, 1_000_000_000L); // one text a second
            // One batch (5 texts) is always admitted: 4 s of work at the measured rate.
            service.translate(model, java.util.Collections.nCopies(4, "w1"), SearchSettings.GREEDY);

            assertThatThrownBy(
                            () ->
                                    service.translate(
                                            model,
                                            java.util.Collections.nCopies(2, "w2"),
                                            SearchSettings.GREEDY))
                    .isInstanceOfSatisfying(
                            OverloadedException.class,
                            e -> {
                                assertThat(e.getMessage()).contains("max-queue-seconds");
                                assertThat(e.retryAfterSeconds()).isEqualTo(6);
                            });
        }
    }

    @Test
    void repeatedTextsAreAnsweredFromTheCacheAndOnlyTheNewOnesDecoded() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SearchSettings beam = SearchSettings.beam(2);
        try (ModelCache cache = new ModelCache(1, () -> Device.cpu());
                TranslationService service =
                        new TranslationService(cache, 5, 64, meters)
                                .withCache(
                                        TranslationCache.of(
                                                10_000, java.time.Duration.ofMinutes(1), meters))) {
            var first = service.translate(model, List.of("w1 w2"), beam).get();
            var both = service.translate(model, List.of("w3 w4", "w1 w2"), beam).get();
            var again = service.translate(model, List.of("w1 w2", "w3 w4"), beam).get();

            assertThat(both.get(1)).isSameAs(first.get(0));
            assertThat(again).containsExactly(first.get(0), both.get(0));
            // decoded: "w1 w2", then only "w3 w4"; the third request decoded nothing
            var batches = meters.get("tolk.translate.batch.texts").summary();
            assertThat(batches.count()).isEqualTo(2);
            assertThat(batches.totalAmount()).isEqualTo(2);
            // each decoded batch timed by step
            for (String stage : List.of("encode", "search", "assemble")) {
                assertThat(meters.get("tolk.translate.stage").tag("stage", stage).timer().count())
                        .isEqualTo(2);
            }
            assertThat(meters.get("cache.gets").tag("result", "hit").functionCounter().count())
                    .isEqualTo(3);
            // another search, or attention asked for: decoded again
            service.translate(model, List.of("w1 w2"), SearchSettings.GREEDY).get();
            service.translate(model, List.of("w1 w2"), beam.withAttention(true)).get();
            service.translate(model, List.of("w1 w2"), beam.withAttention(true)).get();
            assertThat(batches.count()).isEqualTo(5);
        }
    }

    @Test
    void withoutTheCacheEveryRequestIsDecoded() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ModelCache cache = new ModelCache(1, () -> Device.cpu());
                TranslationService service =
                        new TranslationService(cache, 5, 64, meters)
                                .withCache(
                                        TranslationCache.of(
                                                0, java.time.Duration.ofMinutes(1), meters))) {
            service.translate(model, List.of("w1 w2"), SearchSettings.GREEDY).get();
            service.translate(model, List.of("w1 w2"), SearchSettings.GREEDY).get();

            assertThat(meters.get("tolk.translate.batch.texts").summary().count()).isEqualTo(2);
        }
    }
}
