package dev.tolk.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.modelstore.ModelStore;
import dev.tolk.testing.FakeModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default decision reads and sets the defaults as one step. */
class DefaultModelDecisionTest {

    @TempDir Path models;

    private static Job job(String id) {
        Job job = new Job();
        job.id = id;
        return job;
    }

    @Test
    void aDecisionWaitsForAnotherChangeOfTheDefaultsAndSeesIt() throws Exception {
        FakeModels.write(models, "en-de-a", 10, "2026-01-01T00:00:00Z");
        FakeModels.write(models, "en-de-b", 5, "2026-01-02T00:00:00Z");
        ModelStore store = new ModelStore(models);
        DefaultModelDecision decision = new DefaultModelDecision(store);

        CompletableFuture<String> b = new CompletableFuture<>();
        store.atomically(
                () -> {
                    // b's job finishes while a's decision holds the store: b must wait ...
                    Thread thread =
                            new Thread(
                                    () -> {
                                        try {
                                            b.complete(decision.decide(job("en-de-b")));
                                        } catch (Exception e) {
                                            b.completeExceptionally(e);
                                        }
                                    });
                    thread.start();
                    try {
                        thread.join(300);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    assertThat(b).isNotDone();
                    store.setDefault(store.find("en-de-a").orElseThrow());
                    return null;
                });
        // ... and then sees a as the default, which it does not beat.
        assertThat(b.get(10, TimeUnit.SECONDS))
                .contains("does not beat en-de-a")
                .startsWith("not the default");
        assertThat(store.defaults()).containsEntry("en-de", "en-de-a");
    }

    @Test
    void jobsFinishingTogetherCannotAllBecomeTheDefault() throws Exception {
        int n = 8;
        for (int i = 0; i < n; i++) {
            FakeModels.write(models, "en-de-" + i, 20, "2026-01-01T00:00:0" + i + "Z");
        }
        ModelStore store = new ModelStore(models);
        DefaultModelDecision decision = new DefaultModelDecision(store);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String id = "en-de-" + i;
                answers.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    return decision.decide(job(id));
                                }));
            }
            go.countDown();
            List<String> becameDefault = new ArrayList<>();
            for (Future<String> answer : answers) {
                String said = answer.get(10, TimeUnit.SECONDS);
                if (said.startsWith("default of")) {
                    becameDefault.add(said);
                }
            }
            // Equal scores: the first to decide becomes the default, no later one beats it.
            assertThat(becameDefault).hasSize(1).allMatch(s -> s.contains("had no default"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDamagedDefaultsFileIsReportedNotOverwrittenUnlessAsked() throws Exception {
        FakeModels.write(models, "en-de-a", 10, "2026-01-01T00:00:00Z");
        Files.writeString(models.resolve("defaults.json"), "not json");
        ModelStore store = new ModelStore(models);
        String said = new DefaultModelDecision(store).decide(job("en-de-a"));
        assertThat(said).startsWith("not the default").contains("defaults.json is damaged");
        assertThat(models.resolve("defaults.json")).hasContent("not json");

        Job asked = job("en-de-a");
        asked.makeDefault = true;
        assertThat(new DefaultModelDecision(store).decide(asked)).contains("makeDefault");
        assertThat(store.defaults()).containsEntry("en-de", "en-de-a");
    }

    @Test
    void aFineTunedModelIsComparedWithItsBaseOnTheNewHeldOutSet() throws Exception {
        FakeModels.write(models, "en-de-a", 30, "2026-01-01T00:00:00Z");
        FakeModels.fineTuned(models, "en-de-worse", "en-de-a", "new.tsv", 10, 9, 30, 30);
        FakeModels.fineTuned(models, "en-de-better", "en-de-a", "new.tsv", 10, 12, 30, 29);
        ModelStore store = new ModelStore(models);
        store.setDefault(store.find("en-de-a").orElseThrow());
        DefaultModelDecision decision = new DefaultModelDecision(store);

        assertThat(decision.decide(job("en-de-worse")))
                .isEqualTo(
                        "not the default: held-out BLEU 9.00 does not beat en-de-a's 10.00 on the"
                                + " new held-out set; on en-de-a's held-out set BLEU 30.00 → 30.00");
        assertThat(decision.decide(job("en-de-better")))
                .isEqualTo(
                        "default of en-de: held-out BLEU 12.00 beats en-de-a's 10.00 on the new"
                                + " held-out set; on en-de-a's held-out set BLEU 30.00 → 29.00");
        assertThat(store.defaults()).containsEntry("en-de", "en-de-better");
    }

    @Test
    void aDefaultThatIsNotTheBaseIsTranslatedOnTheNewHeldOutSetBesideTheNewModel()
            throws Exception {
        FakeModels.write(models, "en-de-a", 30, "2026-01-01T00:00:00Z");
        FakeModels.write(models, "en-de-other", 35, "2026-01-01T00:00:01Z");
        FakeModels.fineTuned(models, "en-de-ft", "en-de-a", "new.tsv", 10, 12, 30, 29);
        ModelStore store = new ModelStore(models);
        store.setDefault(store.find("en-de-other").orElseThrow());
        DefaultModelDecision decision = new DefaultModelDecision(store);

        assertThat(decision.decide(job("en-de-ft")))
                .startsWith("not the default: en-de-other was scored on another held-out set");

        Map<String, Double> bleu = Map.of("en-de-ft", 15.0, "en-de-other", 14.0);
        List<Path> scored = new ArrayList<>();
        String said =
                decision.decide(
                        job("en-de-ft"),
                        modelDir -> {
                            scored.add(modelDir.getFileName());
                            return bleu.get(modelDir.getFileName().toString());
                        });

        assertThat(scored).containsExactly(Path.of("en-de-ft"), Path.of("en-de-other"));
        assertThat(said)
                .isEqualTo(
                        "default of en-de: held-out BLEU 15.00 beats en-de-other's 14.00 on the new"
                                + " held-out set (both translated there now); on en-de-a's held-out"
                                + " set BLEU 30.00 → 29.00");
        assertThat(store.defaults()).containsEntry("en-de", "en-de-ft");
    }
}
