package dev.tolk.glossary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.decode.Translator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Putting a glossary's terms into translations, on hand-made translations whose attention says
 * which source subword each output subword came from.
 */
class AppliedGlossaryTest {

    private static final String END = "</s>";

    private static final Glossary GLOSSARY =
            new Glossary(
                    "pets",
                    "pets",
                    "en",
                    "de",
                    false,
                    "2026-01-01T00:00:00Z",
                    List.of(
                            new Glossary.Term("cat", "Mieze"),
                            new Glossary.Term("dog", "Köter"),
                            new Glossary.Term("sleeps", "pennt")));

    /**
     * A translation of {@code source} into {@code target} (space-separated subwords, {@code ▁}
     * starting words) where output subword j attended to source subword {@code alignedTo[j]} (the
     * end token last, aligned to the source's end).
     */
    private static Translator.Translation translation(
            String sourceTokens, String targetTokens, int... alignedTo) {
        List<String> src = new java.util.ArrayList<>(List.of(sourceTokens.split(" ")));
        src.add(END);
        List<String> tgt = new java.util.ArrayList<>(List.of(targetTokens.split(" ")));
        tgt.add(END);
        float[][] attention = new float[tgt.size()][src.size()];
        for (int j = 0; j < tgt.size(); j++) {
            int to = j < alignedTo.length ? alignedTo[j] : src.size() - 1;
            for (int i = 0; i < src.size(); i++) {
                attention[j][i] = i == to ? 0.7f : 0.3f / (src.size() - 1);
            }
        }
        String text = String.join("", tgt.subList(0, tgt.size() - 1)).replace('▁', ' ').strip();
        return new Translator.Translation(
                text,
                -0.2,
                List.of(new Translator.Alternative(text, -0.2)),
                src,
                tgt,
                attention,
                1,
                tgt.size());
    }

    /** {@code texts} with a glossary of one term. */
    private static AppliedGlossary oneTerm(String term, String translation, String... texts) {
        Glossary g =
                new Glossary(
                        "g",
                        "g",
                        "xx",
                        "yy",
                        false,
                        "",
                        List.of(new Glossary.Term(term, translation)));
        return AppliedGlossary.of(g, new Terms(g.entries()), List.of(texts));
    }

    private static AppliedGlossary.Result apply(String source, Translator.Translation t) {
        AppliedGlossary applied =
                AppliedGlossary.of(GLOSSARY, new Terms(GLOSSARY.entries()), List.of(source));
        return applied.apply(0, List.of(t), t);
    }

    @Test
    void theTermsTranslationTakesThePlaceTheModelGaveTheTermAndNothingElseChanges() {
        Translator.Translation t =
                translation("▁the ▁cat ▁is ▁here .", "▁die ▁Ka tze ▁ist ▁hier .", 0, 1, 1, 2, 3, 4);

        AppliedGlossary.Result result = apply("the cat is here.", t);

        assertThat(result.translation().text()).isEqualTo("die Mieze ist hier.");
        assertThat(result.translation().nBest().get(0).text()).isEqualTo("die Mieze ist hier.");
        assertThat(result.terms()).isEqualTo(1);
        assertThat(result.misses()).isEmpty();
        // the model's own score stays
        assertThat(result.translation().score()).isEqualTo(t.score());
    }

    @Test
    void aWordContainingATermIsLeftAlone() {
        Translator.Translation t = translation("▁a ▁cat egory", "▁eine ▁Kat egorie", 0, 1, 2);

        AppliedGlossary.Result result = apply("a category", t);

        assertThat(result.terms()).isZero();
        assertThat(result.translation()).isSameAs(t);
    }

    @Test
    void aTermStartingTheSentenceIsCapitalizedAndCapitalsStayCapitals() {
        AppliedGlossary applied = oneTerm("dog", "köter", "Dog sleeps. The dog eats.", "the DOG");
        Translator.Translation first =
                translation(
                        "▁Dog ▁sleeps . ▁The ▁dog ▁eats .",
                        "▁Hund ▁schläft . ▁Der ▁Hund ▁isst .",
                        0,
                        1,
                        2,
                        3,
                        4,
                        5,
                        6);
        Translator.Translation second = translation("▁the ▁DOG", "▁der ▁HUND", 0, 1);

        assertThat(applied.apply(0, List.of(first), first).translation().text())
                .isEqualTo("Köter schläft. Der köter isst.");
        assertThat(applied.apply(1, List.of(second), second).translation().text())
                .isEqualTo("der KÖTER");
    }

    @Test
    void aTermWhosePlaceCannotBeFoundIsReportedAndTheTranslationKept() {
        // "cat" went nowhere: every output subword attended elsewhere
        Translator.Translation unaligned =
                translation("▁the ▁cat ▁sleeps", "▁das ▁Tier ▁schläft", 0, 0, 2);
        // a long text translated sentence by sentence has no attention
        Translator.Translation split =
                new Translator.Translation(
                        "die Katze schläft",
                        -0.2,
                        List.of(new Translator.Alternative("die Katze schläft", -0.2)),
                        null,
                        null,
                        null,
                        2,
                        4,
                        List.of(0.8, 0.8));

        AppliedGlossary.Result partly = apply("the cat sleeps", unaligned);
        assertThat(partly.terms()).isEqualTo(2);
        assertThat(partly.misses())
                .singleElement()
                .isEqualTo(new AppliedGlossary.Miss(0, "cat", "Mieze"));
        // "sleeps" still found its place
        assertThat(partly.translation().text()).isEqualTo("das Tier pennt");

        AppliedGlossary.Result none = apply("the cat sleeps", split);
        assertThat(none.misses())
                .extracting(AppliedGlossary.Miss::source)
                .containsExactly("cat", "sleeps");
        assertThat(none.translation()).isSameAs(split);
    }

    @Test
    void aWordThatLooksMostAtItsAdjectiveStillTakesTheTermGivenAGoodShareOfAttention() {
        Translator.Translation t = translation("▁the ▁sandy ▁beach", "▁der ▁Strand", 0);
        // "Strand" looks at "sandy" most (0.5), at "beach" with 0.4: enough to be its place
        t.attention()[1] = new float[] {0.05f, 0.5f, 0.4f, 0.05f};
        AppliedGlossary applied = oneTerm("beach", "Ufer", "the sandy beach");

        assertThat(applied.apply(0, List.of(t), t).translation().text()).isEqualTo("der Ufer");

        // with a tenth of its attention on "beach", "Strand" is not taken for it
        t.attention()[1] = new float[] {0.05f, 0.8f, 0.1f, 0.05f};
        AppliedGlossary.Result weak = applied.apply(0, List.of(t), t);
        assertThat(weak.translation().text()).isEqualTo("der Strand");
        assertThat(weak.misses()).hasSize(1);
    }

    @Test
    void tokensThatDoNotSpellTheTextPlaceNothing() {
        // a tokenizer that does not write metaspace subwords (WordPiece's ##)
        Translator.Translation t = translation("the cat", "die Ka ##tze", 0, 1, 1);

        AppliedGlossary.Result result = apply("the cat", t);

        assertThat(result.misses()).hasSize(1);
        assertThat(result.translation().text()).isEqualTo(t.text());
    }

    @Test
    void punctuationNextToATermIsKeptAndAHyphenatedWordReplacedWhole() {
        Translator.Translation t =
                translation(
                        "▁a ▁dog , ▁a ▁cat",
                        "▁ein ▁Hunde - Welpe , ▁eine ▁Katze",
                        0,
                        1,
                        1,
                        1,
                        2,
                        3,
                        4);

        AppliedGlossary.Result result = apply("a dog, a cat", t);

        assertThat(result.translation().text()).isEqualTo("ein Köter, eine Mieze");
        assertThat(result.misses()).isEmpty();
    }

    @Test
    void twoTermsOnTheSamePlaceKeepTheFirstAndReportTheOther() {
        Translator.Translation t = translation("▁cat ▁dog", "▁Haus tiere", 0, 1);

        AppliedGlossary.Result result = apply("cat dog", t);

        assertThat(result.translation().text()).isEqualTo("Mieze");
        assertThat(result.misses())
                .singleElement()
                .extracting(AppliedGlossary.Miss::source)
                .isEqualTo("dog");
    }

    @Test
    void throughAPivotTheTermIsFollowedLegAfterLeg() {
        AppliedGlossary applied = oneTerm("chat", "Mieze", "le chat dort");
        Translator.Translation first = translation("▁le ▁chat ▁dort", "▁the ▁cat ▁sleeps", 0, 1, 2);
        Translator.Translation second =
                translation("▁the ▁cat ▁sleeps", "▁die ▁Katze ▁schläft", 0, 1, 2);
        Translator.Translation combined =
                new Translator.Translation(
                        second.text(), -0.4, second.nBest(), null, null, null, 1, 4);

        AppliedGlossary.Result result = applied.apply(0, List.of(first, second), combined);

        assertThat(result.translation().text()).isEqualTo("die Mieze schläft");
    }
}
