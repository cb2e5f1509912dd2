package dev.tolk.text;

import java.util.List;

/**
 * A learned byte-pair-encoding vocabulary.
 *
 * @param tokens every token, its index its id: the special tokens, the 256 byte tokens, the
 *     characters, then one token per distinct merge result
 * @param merges the merges in the order they were learned (their rank), as (left, right)
 */
public record BpeVocabulary(List<String> tokens, List<Merge> merges) {

    /** One merge rule: {@code left + right -> left+right}. */
    public record Merge(String left, String right) {}

    public int size() {
        return tokens.size();
    }
}
