package dev.tolk.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Language codes resolve as LibreTranslate reads them, then by their primary subtag. */
class LanguageCodesTest {

    private static final List<String> SERVED = List.of("en", "de", "pt", "pb", "zh", "zt");

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "en, en",
        "EN, en",
        "en-US, en",
        "en_GB, en",
        "De, de",
        "pt-BR, pb",
        "PB, pb",
        "pt-PT, pt",
        "zh-Hans, zh",
        "zh-CN, zh",
        "zh-Hant, zt",
        "ZT, zt",
        "auto, auto",
        "fr, fr",
        "fr-CA, fr-CA"
    })
    void resolves(String asked, String served) {
        assertThat(LanguageCodes.resolve(asked, SERVED)).isEqualTo(served);
    }

    @ParameterizedTest(name = "{0} → {1} when only {2} is served")
    @CsvSource({"pt-BR, pt, pt", "pb, pt, pt", "zh-Hant, zh, zh", "zh, zh-Hans, zh-Hans"})
    void fallsBackWhenTheExactCodeIsNotServed(String asked, String resolved, String only) {
        assertThat(LanguageCodes.resolve(asked, List.of(only, "en"))).isEqualTo(resolved);
    }
}
