package dev.tolk.text;

import java.util.ArrayList;
import java.util.List;

/**
 * How the tokenizer cuts a word before BPE applies: the word-boundary marker {@code ▁} goes in
 * front, then every punctuation character becomes a piece of its own, so no token ever joins a word
 * to the comma or full stop after it ("▁Ufer." is "▁Ufer" + "."). This is Hugging Face's Metaspace
 * pre-tokenizer followed by its Punctuation pre-tokenizer (behaviour "Isolated"), which {@link
 * TokenizerJson} writes; the learner cuts its words the same way so that it spends the vocabulary
 * on tokens the tokenizer can produce. SentencePiece keeps punctuation apart in the same spirit (it
 * never merges across a change of Unicode script).
 */
public final class WordPieces {

    private WordPieces() {}

    /**
     * The pieces of one whitespace-free word, {@code ▁} included: the runs of non-punctuation
     * characters and each punctuation character alone. A word that starts with punctuation has the
     * marker as a piece of its own.
     */
    public static List<String> split(String word) {
        String marked = BpeLearner.WORD_BOUNDARY + word;
        List<String> pieces = new ArrayList<>(2);
        int runStart = 0;
        for (int i = 0; i < marked.length(); ) {
            int c = marked.codePointAt(i);
            int next = i + Character.charCount(c);
            if (isPunctuation(c)) {
                if (i > runStart) {
                    pieces.add(marked.substring(runStart, i));
                }
                pieces.add(marked.substring(i, next));
                runStart = next;
            }
            i = next;
        }
        if (runStart < marked.length()) {
            pieces.add(marked.substring(runStart));
        }
        return pieces;
    }

    /**
     * The Punctuation pre-tokenizer's test: ASCII punctuation (symbols such as {@code $ + < = >}
     * included) or a character of Unicode's punctuation categories (P*).
     */
    public static boolean isPunctuation(int c) {
        if (c < 0x80) {
            return (c >= 0x21 && c <= 0x2F)
                    || (c >= 0x3A && c <= 0x40)
                    || (c >= 0x5B && c <= 0x60)
                    || (c >= 0x7B && c <= 0x7E);
        }
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION,
                            Character.DASH_PUNCTUATION,
                            Character.START_PUNCTUATION,
                            Character.END_PUNCTUATION,
                            Character.INITIAL_QUOTE_PUNCTUATION,
                            Character.FINAL_QUOTE_PUNCTUATION,
                            Character.OTHER_PUNCTUATION ->
                    true;
            default -> false;
        };
    }
}
