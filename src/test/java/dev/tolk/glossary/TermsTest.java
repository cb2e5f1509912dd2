package dev.tolk.glossary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding a glossary's terms in a text: whole words, any case, the longest first. */
class TermsTest {

    private static final Terms TERMS =
            new Terms(
                    List.of(
                            new Glossary.Term("cat", "Mieze"),
                            new Glossary.Term("ice", "Eis"),
                            new Glossary.Term("ice cream", "Speiseeis"),
                            new Glossary.Term("Straße", "street"),
                            new Glossary.Term("C++", "C++")));

    private static List<String> found(String text) {
        return TERMS.find(text).stream().map(Terms.Match::surface).toList();
    }

    @Test
    void onlyWholeWordsMatch() {
        assertThat(found("a category of bobcats and cats")).isEmpty();
        assertThat(found("the cat, a cat. cat")).containsExactly("cat", "cat", "cat");
        assertThat(found("cat-like")).containsExactly("cat");
    }

    @Test
    void anyCaseMatchesAndTheSurfaceIsKept() {
        List<Terms.Match> matches = TERMS.find("Cat and CAT and cAt");

        assertThat(matches).extracting(Terms.Match::surface).containsExactly("Cat", "CAT", "cAt");
        assertThat(matches).allSatisfy(m -> assertThat(m.term().target()).isEqualTo("Mieze"));
        assertThat(matches.get(1).start()).isEqualTo(8);
        assertThat(matches.get(1).end()).isEqualTo(11);
    }

    @Test
    void theLongestTermWinsWhereTermsOverlap() {
        List<Terms.Match> matches = TERMS.find("ice cream on ice");

        assertThat(matches).extracting(m -> m.term().source()).containsExactly("ice cream", "ice");
    }

    @Test
    void lettersBeyondAsciiAndTermsEndingInSymbolsAreWords() {
        assertThat(found("die Straße, nicht die Straßenbahn")).containsExactly("Straße");
        assertThat(found("C++ and c++.")).containsExactly("C++", "c++");
    }
}
