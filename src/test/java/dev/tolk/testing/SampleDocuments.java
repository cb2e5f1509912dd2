package dev.tolk.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.poi.wp.usermodel.HeaderFooterType;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTable;
import org.apache.poi.xslf.usermodel.XSLFTableRow;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xslf.usermodel.XSLFTextParagraph;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.odftoolkit.odfdom.doc.OdfTextDocument;
import org.odftoolkit.odfdom.dom.OdfContentDom;
import org.w3c.dom.Element;

/**
 * Small documents in every format {@code /translate_file} takes, written with the libraries that
 * read them, in the toy language of {@link TinyModels} ({@code wN} words): a paragraph of two runs
 * with the same formatting, one with a plain and a bold run, a two-by-two table (one cell holding
 * only a number), a header or title.
 */
public final class SampleDocuments {

    public static final String TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    static final String TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    static final String STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
    static final String FO_NS = "urn:oasis:names:xmlns:xsl-fo-compatible:1.0";
    static final String OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";

    /** The table's cells, row by row; "12" has no letter and stays as it is. */
    public static final String[][] CELLS = {{"w6 w7", "w8 w9"}, {"w10 w11", "12"}};

    private SampleDocuments() {}

    public static byte[] docx() throws Exception {
        try (XWPFDocument doc = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XWPFParagraph first = doc.createParagraph();
            first.createRun().setText("w1 ");
            first.createRun().setText("w2");
            XWPFParagraph second = doc.createParagraph();
            second.createRun().setText("w3 w4 ");
            XWPFRun bold = second.createRun();
            bold.setBold(true);
            bold.setText("w5 w6");
            XWPFTable table = doc.createTable(2, 2);
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 2; c++) {
                    table.getRow(r).getCell(c).setText(CELLS[r][c]);
                }
            }
            doc.createHeader(HeaderFooterType.DEFAULT)
                    .createParagraph()
                    .createRun()
                    .setText("w12 w13");
            doc.write(out);
            return out.toByteArray();
        }
    }

    public static byte[] pptx() throws Exception {
        try (XMLSlideShow show = new XMLSlideShow();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSLFSlide slide = show.createSlide();
            XSLFTextBox box = slide.createTextBox();
            box.clearText();
            XSLFTextParagraph first = box.addNewTextParagraph();
            first.addNewTextRun().setText("w1 ");
            first.addNewTextRun().setText("w2");
            XSLFTextParagraph second = box.addNewTextParagraph();
            second.addNewTextRun().setText("w3 w4 ");
            var bold = second.addNewTextRun();
            bold.setText("w5 w6");
            bold.setBold(true);
            XSLFTable table = slide.createTable();
            for (String[] cells : CELLS) {
                XSLFTableRow row = table.addRow();
                for (String cell : cells) {
                    row.addCell().setText(cell);
                }
            }
            show.write(out);
            return out.toByteArray();
        }
    }

    public static byte[] odt() throws Exception {
        OdfTextDocument doc = OdfTextDocument.newTextDocument();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            OdfContentDom dom = doc.getContentDom();
            Element styles =
                    (Element) dom.getElementsByTagNameNS(OFFICE_NS, "automatic-styles").item(0);
            Element style = dom.createElementNS(STYLE_NS, "style:style");
            style.setAttributeNS(STYLE_NS, "style:name", "Bold");
            style.setAttributeNS(STYLE_NS, "style:family", "text");
            Element properties = dom.createElementNS(STYLE_NS, "style:text-properties");
            properties.setAttributeNS(FO_NS, "fo:font-weight", "bold");
            style.appendChild(properties);
            styles.appendChild(style);
            Element text = doc.getContentRoot();
            Element first = dom.createElementNS(TEXT_NS, "text:p");
            first.appendChild(dom.createTextNode("w1 w2"));
            text.appendChild(first);
            Element second = dom.createElementNS(TEXT_NS, "text:p");
            second.appendChild(dom.createTextNode("w3 w4 "));
            Element span = dom.createElementNS(TEXT_NS, "text:span");
            span.setAttributeNS(TEXT_NS, "text:style-name", "Bold");
            span.appendChild(dom.createTextNode("w5 w6"));
            second.appendChild(span);
            text.appendChild(second);
            Element table = dom.createElementNS(TABLE_NS, "table:table");
            table.setAttributeNS(TABLE_NS, "table:name", "Table1");
            Element columns = dom.createElementNS(TABLE_NS, "table:table-column");
            columns.setAttributeNS(TABLE_NS, "table:number-columns-repeated", "2");
            table.appendChild(columns);
            for (String[] cells : CELLS) {
                Element row = dom.createElementNS(TABLE_NS, "table:table-row");
                for (String cell : cells) {
                    Element c = dom.createElementNS(TABLE_NS, "table:table-cell");
                    Element p = dom.createElementNS(TEXT_NS, "text:p");
                    p.appendChild(dom.createTextNode(cell));
                    c.appendChild(p);
                    row.appendChild(c);
                }
                table.appendChild(row);
            }
            text.appendChild(table);
            doc.save(out);
            return out.toByteArray();
        } finally {
            doc.close();
        }
    }

    public static byte[] html() {
        return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>w1 w2</title></head>"
                        + "<body><p>w3 w4 <b>w5 w6</b></p><script>var w7 = 1;</script>"
                        + "<table><tr><td>w8 w9</td><td>12</td></tr></table></body></html>")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] txt() {
        return "w1 w2\r\nw3 w4\n\n  w5 w6  \n12\n".getBytes(StandardCharsets.UTF_8);
    }
}
