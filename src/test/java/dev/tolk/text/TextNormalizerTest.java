package dev.tolk.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @Test
    void composesToNfc() {
        assertThat(TextNormalizer.normalize("Cafe\u0301")).isEqualTo("Café");
    }

    @Test
    void removesControlCharactersAndTheByteOrderMark() {
        assertThat(TextNormalizer.normalize("\uFEFFa\u0000b\u0007c\u001b")).isEqualTo("abc");
    }

    @Test
    void collapsesEveryKindOfWhitespaceToOneSpace() {
        assertThat(TextNormalizer.normalize("  a\t\tb\u00A0\u2003c\r\nd\u2028e  "))
                .isEqualTo("a b c d e");
    }

    @Test
    void keepsOtherCharactersUntouched() {
        assertThat(TextNormalizer.normalize("Příliš žluťoučký kůň 🙂 <s>"))
                .isEqualTo("Příliš žluťoučký kůň 🙂 <s>");
    }

    @Test
    void countsWords() {
        assertThat(TextNormalizer.countWords("")).isZero();
        assertThat(TextNormalizer.countWords("one")).isEqualTo(1);
        assertThat(TextNormalizer.countWords("a man sits")).isEqualTo(3);
    }
}
