package dev.tolk.document;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A UTF-8 text file: every line a paragraph of one run, its line ending kept. (A paragraph wrapped
 * over several lines is translated line by line.)
 */
final class PlainTextFile implements DocumentFile {

    private static final Pattern LINE = Pattern.compile("([^\\r\\n]*)(\\r\\n|\\r|\\n|$)");

    /** One line: its text and its ending. */
    private static final class Line implements TextRun {
        private String text;
        private final String ending;

        Line(String text, String ending) {
            this.text = text;
            this.ending = ending;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public void text(String text) {
            this.text = text;
        }

        @Override
        public Object style() {
            return this; // never merged with the next line
        }
    }

    private final boolean bom;
    private final List<Line> lines = new ArrayList<>();

    private PlainTextFile(String content) {
        this.bom = content.startsWith("\uFEFF");
        Matcher m = LINE.matcher(bom ? content.substring(1) : content);
        while (m.find()) {
            if (m.group(0).isEmpty()) {
                break; // the end
            }
            lines.add(new Line(m.group(1), m.group(2)));
        }
    }

    static PlainTextFile read(byte[] content) throws CharacterCodingException {
        String text =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(content))
                        .toString();
        return new PlainTextFile(text);
    }

    @Override
    public List<List<TextRun>> paragraphs() {
        return lines.stream().map(l -> List.<TextRun>of(l)).toList();
    }

    @Override
    public void write(OutputStream out) throws IOException {
        StringBuilder text = new StringBuilder(bom ? "\uFEFF" : "");
        lines.forEach(l -> text.append(l.text).append(l.ending));
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
