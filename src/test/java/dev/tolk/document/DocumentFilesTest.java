package dev.tolk.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tolk.testing.SampleDocuments;
import dev.tolk.testing.TinyModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFTable;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xslf.usermodel.XSLFTextParagraph;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.odftoolkit.odfdom.doc.OdfDocument;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every format read, translated (here by the toy task's exact answers) and written back: the copy
 * opens with the same library and keeps its paragraphs, runs, formatting and tables.
 */
class DocumentFilesTest {

    private static final DocumentLimits LIMITS = new DocumentLimits(1 << 20, 10 << 20, 100_000);

    /** Reads, translates every sentence with the toy task's answer, writes. */
    private static byte[] translate(DocumentFormat format, byte[] content) throws Exception {
        try (DocumentFile file = DocumentFile.read(format, content, LIMITS);
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            DocumentText text = new DocumentText(file.paragraphs(), "en");
            text.apply(text.sentences().stream().map(TinyModels::answer).toList());
            file.write(out);
            return out.toByteArray();
        }
    }

    @Test
    void wordDocumentKeepsParagraphsRunsFormattingTablesAndHeaders() throws Exception {
        byte[] translated = translate(DocumentFormat.DOCX, SampleDocuments.docx());

        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(translated))) {
            List<XWPFParagraph> body = doc.getParagraphs();
            assertThat(body).hasSize(2);
            // two runs with the same formatting: one text, in the first run; the second kept empty
            assertThat(body.get(0).getRuns())
                    .extracting(XWPFRun::text)
                    .containsExactly("z18 z17", "");
            List<XWPFRun> second = body.get(1).getRuns();
            assertThat(second).extracting(XWPFRun::text).containsExactly("z16 z15 ", "z14 z13");
            assertThat(second.get(0).isBold()).isFalse();
            assertThat(second.get(1).isBold()).isTrue();
            assertThat(doc.getTables()).hasSize(1);
            var table = doc.getTables().get(0);
            assertThat(table.getRows()).hasSize(2);
            assertThat(table.getRow(0).getCell(0).getText()).isEqualTo("z13 z12");
            assertThat(table.getRow(0).getCell(1).getText()).isEqualTo("z11 z10");
            assertThat(table.getRow(1).getCell(0).getText()).isEqualTo("z9 z8");
            assertThat(table.getRow(1).getCell(1).getText()).isEqualTo("12");
            assertThat(doc.getHeaderList().get(0).getText().strip()).isEqualTo("z7 z6");
        }
    }

    @Test
    void presentationKeepsParagraphsRunsFormattingAndTables() throws Exception {
        byte[] translated = translate(DocumentFormat.PPTX, SampleDocuments.pptx());

        try (XMLSlideShow show = new XMLSlideShow(new ByteArrayInputStream(translated))) {
            var shapes = show.getSlides().get(0).getShapes();
            XSLFTextBox box = (XSLFTextBox) shapes.get(0);
            List<XSLFTextParagraph> paragraphs = box.getTextParagraphs();
            assertThat(paragraphs).hasSize(2);
            assertThat(paragraphs.get(0).getTextRuns())
                    .extracting(r -> r.getRawText())
                    .containsExactly("z18 z17", "");
            var runs = paragraphs.get(1).getTextRuns();
            assertThat(runs).extracting(r -> r.getRawText()).containsExactly("z16 z15 ", "z14 z13");
            assertThat(runs.get(1).isBold()).isTrue();
            assertThat(runs.get(0).isBold()).isFalse();
            XSLFTable table = (XSLFTable) shapes.get(1);
            assertThat(table.getRows()).hasSize(2);
            assertThat(table.getCell(0, 0).getText()).isEqualTo("z13 z12");
            assertThat(table.getCell(1, 1).getText()).isEqualTo("12");
        }
    }

    @Test
    void openDocumentKeepsParagraphsSpansAndTables() throws Exception {
        byte[] translated = translate(DocumentFormat.ODT, SampleDocuments.odt());

        try (OdfDocument doc = OdfDocument.loadDocument(new ByteArrayInputStream(translated))) {
            NodeList paragraphs =
                    doc.getContentDom().getElementsByTagNameNS(SampleDocuments.TEXT_NS, "p");
            // two body paragraphs and four cells (the new document's own empty paragraph aside)
            List<String> texts = new java.util.ArrayList<>();
            for (int i = 0; i < paragraphs.getLength(); i++) {
                String t = paragraphs.item(i).getTextContent();
                if (!t.isEmpty()) {
                    texts.add(t);
                }
            }
            assertThat(texts)
                    .containsExactly(
                            "z18 z17", "z16 z15 z14 z13", "z13 z12", "z11 z10", "z9 z8", "12");
            NodeList spans =
                    doc.getContentDom().getElementsByTagNameNS(SampleDocuments.TEXT_NS, "span");
            assertThat(spans.getLength()).isEqualTo(1);
            Element span = (Element) spans.item(0);
            assertThat(span.getTextContent()).isEqualTo("z14 z13");
            assertThat(span.getAttributeNS(SampleDocuments.TEXT_NS, "style-name"))
                    .isEqualTo("Bold");
            assertThat(
                            doc.getContentDom()
                                    .getElementsByTagNameNS(
                                            "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
                                            "table-row")
                                    .getLength())
                    .isEqualTo(2);
        }
    }

    @Test
    void htmlKeepsMarkupAndLeavesScriptsAlone() throws Exception {
        String translated =
                new String(
                        translate(DocumentFormat.HTML, SampleDocuments.html()),
                        StandardCharsets.UTF_8);

        var doc = Jsoup.parse(translated);
        assertThat(doc.title()).isEqualTo("z18 z17");
        assertThat(doc.selectFirst("p").html()).isEqualTo("z16 z15 <b>z14 z13</b>");
        assertThat(doc.selectFirst("script").data()).isEqualTo("var w7 = 1;");
        assertThat(doc.select("td").eachText()).containsExactly("z11 z10", "12");
    }

    @Test
    void textKeepsLinesEndingsAndIndentation() throws Exception {
        String translated =
                new String(
                        translate(DocumentFormat.TXT, SampleDocuments.txt()),
                        StandardCharsets.UTF_8);

        assertThat(translated).isEqualTo("z18 z17\r\nz16 z15\n\n  z14 z13  \n12\n");
    }

    @Test
    void sentencesOfAStretchAreTranslatedOneByOneAndTheirSpacingKept() {
        var run = new StringRun("  First one.  Second one? Third.\t", "plain");
        DocumentText text = new DocumentText(List.of(List.of(run)), "en");

        assertThat(text.sentences()).containsExactly("First one.", "Second one?", "Third.");
        text.apply(List.of("A.", "B?", "C."));
        assertThat(run.text()).isEqualTo("  A.  B? C.\t");
    }

    @Test
    void runsMergeOnlyWithNeighboursOfTheSameStyle() {
        var a = new StringRun("one ", "plain");
        var b = new StringRun("two ", "plain");
        var c = new StringRun("three", "bold");
        var d = new StringRun(" 42 ", "plain");
        DocumentText text = new DocumentText(List.of(List.of(a, b, c, d)), null);

        assertThat(text.sentences()).containsExactly("one two", "three");
        text.apply(List.of("eins zwei", "drei"));
        assertThat(List.of(a.text(), b.text(), c.text(), d.text()))
                .containsExactly("eins zwei ", "", "drei", " 42 ");
    }

    @Test
    void aWrongNumberOfTranslationsChangesNothing() {
        var a = new StringRun("one two", "plain");
        DocumentText text = new DocumentText(List.of(List.of(a)), "en");

        assertThatThrownBy(() -> text.apply(List.of("x", "y")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(a.text()).isEqualTo("one two");
    }

    @Test
    void refusesAZipBombBeforeItsLibraryInflatesIt() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write(new byte[11 << 20]); // 11 MiB of zeros: about 11 KiB zipped
            zip.closeEntry();
        }
        assertThat((long) zipped.size()).isLessThan(LIMITS.maxBytes());

        assertThatThrownBy(
                        () -> DocumentFile.read(DocumentFormat.DOCX, zipped.toByteArray(), LIMITS))
                .isInstanceOf(DocumentRejectedException.class)
                .hasMessageContaining("tolk.documents.max-unzipped-bytes")
                .extracting(e -> ((DocumentRejectedException) e).type())
                .isEqualTo("document-too-large");
    }

    @Test
    void aFileItsLibraryCannotReadIsRejectedAsInvalid() {
        for (DocumentFormat format :
                List.of(DocumentFormat.DOCX, DocumentFormat.PPTX, DocumentFormat.ODT)) {
            assertThatThrownBy(
                            () ->
                                    DocumentFile.read(
                                            format,
                                            "not a zip".getBytes(StandardCharsets.UTF_8),
                                            LIMITS))
                    .as(format.name())
                    .isInstanceOf(DocumentRejectedException.class)
                    .extracting(e -> ((DocumentRejectedException) e).type())
                    .isEqualTo("invalid-document");
        }
        assertThatThrownBy(
                        () ->
                                DocumentFile.read(
                                        DocumentFormat.TXT, new byte[] {(byte) 0xff}, LIMITS))
                .isInstanceOf(DocumentRejectedException.class)
                .hasMessageContaining(".txt");
    }

    @Test
    void formatsAreKnownByExtensionInAnyCase() {
        assertThat(DocumentFormat.of("Report.DOCX")).contains(DocumentFormat.DOCX);
        assertThat(DocumentFormat.of("page.htm")).contains(DocumentFormat.HTML);
        assertThat(DocumentFormat.of("notes.pdf")).isEmpty();
        assertThat(DocumentFormat.allExtensions())
                .containsExactly(".txt", ".html", ".htm", ".docx", ".pptx", ".odt");
    }
}
