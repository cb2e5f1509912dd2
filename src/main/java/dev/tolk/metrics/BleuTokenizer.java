package dev.tolk.metrics;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** sacreBLEU's tokenizers for BLEU, by their signature names. */
public enum BleuTokenizer {
    /**
     * mteval-v13a, the WMT standard: unescapes four HTML entities ({@code &quot; &amp; &lt; &gt;},
     * and no other), splits ASCII punctuation and symbols, and periods and commas unless they sit
     * next to a digit, and a dash after a digit.
     */
    TOKENIZE_13A("13a") {
        @Override
        public String tokenize(String line) {
            line = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
            if (line.indexOf('&') >= 0) {
                line =
                        line.replace("&quot;", "\"")
                                .replace("&amp;", "&")
                                .replace("&lt;", "<")
                                .replace("&gt;", ">");
            }
            return join(
                    apply(
                            " " + line + " ",
                            Rules.SYMBOLS,
                            Rules.PERIOD_COMMA_AFTER_NON_DIGIT,
                            Rules.PERIOD_COMMA_BEFORE_NON_DIGIT,
                            Rules.DASH_AFTER_DIGIT));
        }
    },
    /**
     * mteval-v14 "international": splits Unicode punctuation unless between digits, and every
     * Unicode symbol. No entities are unescaped.
     */
    INTL("intl") {
        @Override
        public String tokenize(String line) {
            return join(
                    apply(
                            line,
                            Rules.PUNCTUATION_AFTER_NON_NUMBER,
                            Rules.PUNCTUATION_BEFORE_NON_NUMBER,
                            Rules.SYMBOL));
        }
    },
    /** Every character a token (for languages without spaces). */
    CHAR("char") {
        @Override
        public String tokenize(String line) {
            StringBuilder out = new StringBuilder(line.length() * 2);
            line.codePoints()
                    .forEach(
                            c -> {
                                if (out.length() > 0) {
                                    out.append(' ');
                                }
                                out.appendCodePoint(c);
                            });
            return out.toString();
        }
    },
    /** The text as it is. */
    NONE("none") {
        @Override
        public String tokenize(String line) {
            return line;
        }
    };

    private final String signature;

    BleuTokenizer(String signature) {
        this.signature = signature;
    }

    /** The tokenized line, tokens separated by single spaces. */
    public abstract String tokenize(String line);

    /** The name in signatures and on the command line: 13a, intl, char, none. */
    public String signature() {
        return signature;
    }

    /** Parses a signature name. */
    public static BleuTokenizer of(String name) {
        for (BleuTokenizer tokenizer : values()) {
            if (tokenizer.signature.equals(name.toLowerCase(Locale.ROOT))) {
                return tokenizer;
            }
        }
        throw new IllegalArgumentException(
                "tokenizer '" + name + "' is not one of 13a, intl, char, none");
    }

    private static String apply(String line, Rule... rules) {
        for (Rule rule : rules) {
            line = rule.pattern.matcher(line).replaceAll(rule.replacement);
        }
        return line;
    }

    private static String join(String line) {
        List<String> tokens = PythonText.split(line);
        return String.join(" ", tokens);
    }

    private record Rule(Pattern pattern, String replacement) {}

    /** The regular expressions of mteval-v13a and -v14, as sacreBLEU writes them. */
    private static final class Rules {
        // { | } ~, [ \ ] ^ _ `, space ! " # $ % &, ( ) * +, : ; < = > ? @, and /
        static final Rule SYMBOLS = new Rule(Pattern.compile("([\\{-~\\[-` -&(-+:-@/])"), " $1 ");
        static final Rule PERIOD_COMMA_AFTER_NON_DIGIT =
                new Rule(Pattern.compile("([^0-9])([.,])"), "$1 $2 ");
        static final Rule PERIOD_COMMA_BEFORE_NON_DIGIT =
                new Rule(Pattern.compile("([.,])([^0-9])"), " $1 $2");
        static final Rule DASH_AFTER_DIGIT = new Rule(Pattern.compile("([0-9])(-)"), "$1 $2 ");

        static final Rule PUNCTUATION_AFTER_NON_NUMBER =
                new Rule(Pattern.compile("(\\P{N})(\\p{P})"), "$1 $2 ");
        static final Rule PUNCTUATION_BEFORE_NON_NUMBER =
                new Rule(Pattern.compile("(\\p{P})(\\P{N})"), " $1 $2");
        static final Rule SYMBOL = new Rule(Pattern.compile("(\\p{S})"), " $1 ");
    }
}
