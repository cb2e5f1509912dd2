package dev.tolk.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Language detection from several threads at once, while the language set changes. */
class LanguageDetectionTest {

    private static final String ENGLISH =
            "The weather is lovely today and we are going to the park.";
    private static final String GERMAN = "Das Wetter ist heute schön und wir gehen in den Park.";
    private static final String FRENCH = "Il fait très beau aujourd'hui et nous allons au parc.";

    @Test
    void detectionIsNotOneGlobalLock() throws Exception {
        Method detect =
                LanguageDetection.class.getMethod("detect", String.class, Set.class, Set.class);
        assertThat(Modifier.isSynchronized(detect.getModifiers())).isFalse();
    }

    @Test
    void severalThreadsDetectAtOnceWhileTheLanguageSetChanges() throws Exception {
        LanguageDetection detection = new LanguageDetection();
        Set<String> two = Set.of("en", "de");
        Set<String> three = Set.of("en", "de", "fr");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int n = i;
                calls.add(
                        () -> {
                            // Alternating universes make the detector rebuild under load.
                            Set<String> universe = n % 7 == 0 ? three : two;
                            String text = n % 2 == 0 ? ENGLISH : GERMAN;
                            String expected = n % 2 == 0 ? "en" : "de";
                            String got = detection.detect(text, two, universe).get(0).language();
                            return got.equals(expected) ? "ok" : "text " + n + ": " + got;
                        });
                if (i % 10 == 0) {
                    calls.add(
                            () -> {
                                String got =
                                        detection.detect(FRENCH, three, three).get(0).language();
                                return got.equals("fr") ? "ok" : "french: " + got;
                            });
                }
            }
            List<String> results = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            assertThat(results).containsOnly("ok");
        } finally {
            pool.shutdownNow();
        }
    }
}
