package dev.tolk.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordPiecesTest {

    @Test
    void marksTheWordAndIsolatesEachPunctuationCharacter() {
        assertThat(WordPieces.split("Ufer.")).containsExactly("▁Ufer", ".");
        assertThat(WordPieces.split("T-Shirt")).containsExactly("▁T", "-", "Shirt");
        assertThat(WordPieces.split("woman's")).containsExactly("▁woman", "'", "s");
        assertThat(WordPieces.split("„Stopp!“")).containsExactly("▁", "„", "Stopp", "!", "“");
        assertThat(WordPieces.split("...")).containsExactly("▁", ".", ".", ".");
        assertThat(WordPieces.split("Mann")).containsExactly("▁Mann");
    }

    @Test
    void countsAsciiSymbolsAndUnicodePunctuationButNotLettersDigitsOrOtherSymbols() {
        for (char c : "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".toCharArray()) {
            assertThat(WordPieces.isPunctuation(c)).as("%s", c).isTrue();
        }
        for (int c : "–—„“”«»¿¡…·".codePoints().toArray()) {
            assertThat(WordPieces.isPunctuation(c)).as("%s", Character.toString(c)).isTrue();
        }
        for (int c : "aZß9é€°▁ ".codePoints().toArray()) {
            assertThat(WordPieces.isPunctuation(c)).as("%s", Character.toString(c)).isFalse();
        }
    }
}
