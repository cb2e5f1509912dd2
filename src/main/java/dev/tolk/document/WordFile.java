package dev.tolk.document;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.xwpf.usermodel.IBody;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFHyperlinkRun;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTR;

/**
 * A Word document ({@code .docx}, Apache POI): the paragraphs of the body, of tables (nested ones
 * too), headers, footers and footnotes. A run is a {@code w:r} with text; its style is its run
 * properties ({@code w:rPr}), and a hyperlink's runs never merge with the text around them.
 */
final class WordFile extends OfficeFile {

    /** A run's text elements ({@code w:t}); tabs and breaks between them stay where they are. */
    private record Run(XWPFRun run, Object style) implements TextRun {
        @Override
        public String text() {
            StringBuilder text = new StringBuilder();
            run.getCTR().getTList().forEach(t -> text.append(t.getStringValue()));
            return text.toString();
        }

        @Override
        public void text(String text) {
            CTR ctr = run.getCTR();
            for (int i = ctr.sizeOfTArray() - 1; i > 0; i--) {
                ctr.removeT(i);
            }
            run.setText(text, 0); // keeps leading and trailing spaces (xml:space="preserve")
        }
    }

    private WordFile(XWPFDocument document) {
        super(document);
        collect(document);
        document.getHeaderList().forEach(this::collect);
        document.getFooterList().forEach(this::collect);
        document.getFootnotes().forEach(this::collect);
    }

    static WordFile read(InputStream in) throws IOException {
        return new WordFile(new XWPFDocument(in));
    }

    private void collect(IBody body) {
        for (IBodyElement element : body.getBodyElements()) {
            if (element instanceof XWPFParagraph p) {
                paragraph(p);
            } else if (element instanceof XWPFTable table) {
                table(table);
            }
        }
    }

    private void table(XWPFTable table) {
        for (XWPFTableRow row : table.getRows()) {
            for (XWPFTableCell cell : row.getTableCells()) {
                collect(cell);
            }
        }
    }

    private void paragraph(XWPFParagraph paragraph) {
        List<TextRun> runs = new ArrayList<>();
        for (XWPFRun run : paragraph.getRuns()) {
            if (run.getCTR().sizeOfTArray() == 0) {
                continue;
            }
            String properties =
                    run.getCTR().getRPr() == null ? "" : run.getCTR().getRPr().xmlText();
            Object style =
                    run instanceof XWPFHyperlinkRun link
                            ? List.of("link", String.valueOf(link.getHyperlinkId()), properties)
                            : List.of("run", properties);
            runs.add(new Run(run, style));
        }
        if (!runs.isEmpty()) {
            paragraphs.add(runs);
        }
    }
}
