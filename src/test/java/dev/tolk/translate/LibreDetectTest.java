package dev.tolk.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.TolkProperties;
import dev.tolk.decode.Translator;
import dev.tolk.modelstore.ModelStore;
import dev.tolk.testing.FakeModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /detect} as LibreTranslate answers it, with a single served source language (the fake
 * {@code en-de} model): a list gives one ranked list, nothing detected is never {@code []}, and one
 * source language is not 100 % whatever the text. Also the distinct alternatives.
 */
class LibreDetectTest {

    @TempDir Path root;

    private TranslationRequests requests;

    @BeforeEach
    void requests() throws Exception {
        FakeModels.write(root.resolve("models"), "toy-en-de", 10, "2026-11-21T00:00:00Z");
        TolkProperties properties = dev.tolk.testing.TestProperties.under(root);
        requests =
                new TranslationRequests(
                        null,
                        null,
                        new ModelStore(properties.modelsDir()),
                        new LanguageDetection(),
                        null,
                        properties);
    }

    private List<LanguageDetection.Detected> detect(String... q) {
        return requests.detect(new DetectRequest(new Texts(List.of(q), q.length != 1)));
    }

    @Test
    void oneServedLanguageIsConfidentOnlyForTextsInIt() {
        double english =
                detect("The weather is lovely today and we are going to the park.")
                        .get(0)
                        .confidence();
        List<LanguageDetection.Detected> german =
                detect("Das Wetter ist heute schön und wir gehen in den Park.");

        assertThat(english).isGreaterThan(80);
        assertThat(german).hasSize(1);
        assertThat(german.get(0).language()).isEqualTo("en");
        assertThat(german.get(0).confidence()).isLessThan(20);
    }

    @Test
    void nothingDetectedIsTheLikeliestSourceAtZeroNeverEmpty() {
        List<LanguageDetection.Detected> none = detect("これは日本語の文章です。");

        assertThat(none).containsExactly(new LanguageDetection.Detected("en", 0.0));
    }

    @Test
    void aListGetsOneRankedListAsLibreTranslateGivesIt() {
        List<LanguageDetection.Detected> both =
                detect(
                        "The weather is lovely today and we are going to the park.",
                        "A man rides a bike down the street in the rain.");

        assertThat(both).hasSize(1);
        assertThat(both.get(0).language()).isEqualTo("en");
        assertThat(both.get(0).confidence()).isGreaterThan(50);
    }

    @Test
    void alternativesAreDistinctAndNeverTheTranslation() {
        Translator.Translation t =
                new Translator.Translation(
                        "Hallo",
                        -0.1,
                        List.of(
                                new Translator.Alternative("Hallo", -0.1),
                                new Translator.Alternative("Hallo", -0.2),
                                new Translator.Alternative("Servus", -0.3),
                                new Translator.Alternative("Servus", -0.4),
                                new Translator.Alternative("Moin", -0.5)),
                        null,
                        null,
                        null,
                        1,
                        3);

        assertThat(TranslationRequests.distinct(t)).containsExactly("Servus", "Moin");
    }
}
