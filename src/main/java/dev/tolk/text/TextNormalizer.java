package dev.tolk.text;

import java.text.Normalizer;

/**
 * The one normalisation every text goes through before it is tokenized, in training and in
 * translation: Unicode NFC, control characters removed, every run of whitespace (Unicode's
 * definition, including no-break spaces and line separators) made one space, no space at either
 * end.
 */
public final class TextNormalizer {

    private TextNormalizer() {}

    public static String normalize(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        boolean pendingSpace = false;
        for (int i = 0; i < nfc.length(); ) {
            int c = nfc.codePointAt(i);
            i += Character.charCount(c);
            if (isSpace(c)) {
                pendingSpace = out.length() > 0;
            } else if (Character.getType(c) == Character.CONTROL || c == 0xFEFF) {
                // dropped: control characters and the byte-order mark carry no text
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    /** Whitespace-separated words of normalized text; 0 for the empty string. */
    public static int countWords(String normalized) {
        if (normalized.isEmpty()) {
            return 0;
        }
        int words = 1;
        for (int i = 0; i < normalized.length(); i++) {
            if (normalized.charAt(i) == ' ') {
                words++;
            }
        }
        return words;
    }
}
