package dev.tolk.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The few Python string operations sacreBLEU's results depend on, reproduced exactly. */
final class PythonText {

    private PythonText() {}

    /**
     * Python's {@code str.isspace()} for one code point: tab, line feed, vertical tab, form feed,
     * carriage return, U+001C..U+001F, U+0085 and the Unicode space separators (Zs, Zl, Zp).
     */
    static boolean isSpace(int c) {
        return (c >= 0x09 && c <= 0x0d)
                || (c >= 0x1c && c <= 0x20)
                || c == 0x85
                || (c > 0x7f && Character.isSpaceChar(c));
    }

    /** {@code str.split()}: the runs of non-whitespace. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (isSpace(c)) {
                if (start >= 0) {
                    out.add(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(c);
        }
        if (start >= 0) {
            out.add(text.substring(start));
        }
        return out;
    }

    /** {@code str.rstrip()}. */
    static String rstrip(String text) {
        int end = text.length();
        while (end > 0) {
            int c = text.codePointBefore(end);
            if (!isSpace(c)) {
                break;
            }
            end -= Character.charCount(c);
        }
        return text.substring(0, end);
    }

    /** {@code ''.join(text.split())}: every whitespace character removed. */
    static String removeSpaces(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(c -> !isSpace(c)).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** {@code str.lower()}: full Unicode lowercasing, not locale-sensitive. */
    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    /**
     * {@code f"{value:.{digits}f}"}: the exact binary value rounded half-to-even (Java's {@code
     * %.2f} rounds half up and differs on ties such as 0.125).
     */
    static String fixed(double value, int digits) {
        return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }
}
