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

    private final boolean bom;
    private final List<StringRun> lines = new ArrayList<>();
    private final List<String> endings = new ArrayList<>();

    private PlainTextFile(String content) {
        this.bom = content.startsWith("\uFEFF");
        Matcher m = LINE.matcher(bom ? content.substring(1) : content);
        while (m.find()) {
            if (m.group(0).isEmpty()) {
                break; // the end
            }
            lines.add(new StringRun(m.group(1), new Object())); // never merged with the next line
            endings.add(m.group(2));
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
        for (int i = 0; i < lines.size(); i++) {
            text.append(lines.get(i).text()).append(endings.get(i));
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
