package dev.tolk.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tolk.modelstore.ModelStore;
import dev.tolk.testing.FakeModels;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which model, or which two through a pivot language, serve a pair (models never loaded). */
class ModelChoiceTest {

    @TempDir Path models;

    private ModelStore store;
    private ModelChoice choice;

    @BeforeEach
    void twoModelsThroughEnglish() throws IOException {
        FakeModels.write(models, "fr-en-1", "fr", "en", 30, "2026-01-01T00:00:00Z");
        FakeModels.write(models, "en-de-1", "en", "de", 30, "2026-01-01T00:00:00Z");
        store = new ModelStore(models);
        choice = new ModelChoice(store, new LanguageDetection());
    }

    @Test
    void aPairNoModelServesIsTranslatedThroughTheLanguageTwoModelsShare() {
        ModelChoice.Choice chosen = choice.choose(null, "fr", "de", "w1");

        assertThat(chosen.model().id()).isEqualTo("fr-en-1");
        assertThat(chosen.then().id()).isEqualTo("en-de-1");
        assertThat(chosen.pivot()).isEqualTo("en");
        assertThat(chosen.id()).isEqualTo("fr-en-1+en-de-1");
        assertThat(chosen.source()).isEqualTo("fr");
        assertThat(chosen.target()).isEqualTo("de");
    }

    @Test
    void aDirectModelAlwaysWinsOverAPivot() throws IOException {
        FakeModels.write(models, "fr-de-1", "fr", "de", 10, "2026-01-01T00:00:00Z");

        ModelChoice.Choice chosen = choice.choose(null, "fr", "de", "w1");

        assertThat(chosen.model().id()).isEqualTo("fr-de-1");
        assertThat(chosen.then()).isNull();
        assertThat(chosen.pivot()).isNull();
        assertThat(choice.pivots(store.list())).doesNotContainKey("fr-de");
    }

    @Test
    void aNamedModelIsUsedAsItIsNeverThroughAPivot() {
        assertThat(choice.choose("fr-en-1", "fr", "en", "w1").then()).isNull();
        assertThatThrownBy(() -> choice.choose("fr-en-1", "fr", "de", "w1"))
                .isInstanceOf(InvalidTranslationRequestException.class)
                .hasMessageContaining("translates fr-en, not fr-de");
    }

    @Test
    void pivotsListEveryPairTwoModelsChainAndNoRoundTrip() throws IOException {
        FakeModels.write(models, "de-en-1", "de", "en", 30, "2026-01-01T00:00:00Z");

        var pivots = choice.pivots(store.list());

        // fr→en→de and de→en→... (de→en→de would come back: not a pair)
        assertThat(pivots).containsOnlyKeys("fr-de");
        assertThat(pivots.get("fr-de").pivot()).isEqualTo("en");
    }

    @Test
    void aPairNeitherServedNorChainedIsRefusedNamingWhatIsServed() {
        assertThatThrownBy(() -> choice.choose(null, "de", "fr", "w1"))
                .isInstanceOf(PairNotServedException.class)
                .hasMessageContaining("en-de");
    }
}
