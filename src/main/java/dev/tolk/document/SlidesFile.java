package dev.tolk.document;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFGroupShape;
import org.apache.poi.xslf.usermodel.XSLFNotes;
import org.apache.poi.xslf.usermodel.XSLFShape;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTable;
import org.apache.poi.xslf.usermodel.XSLFTableCell;
import org.apache.poi.xslf.usermodel.XSLFTableRow;
import org.apache.poi.xslf.usermodel.XSLFTextParagraph;
import org.apache.poi.xslf.usermodel.XSLFTextRun;
import org.apache.poi.xslf.usermodel.XSLFTextShape;
import org.openxmlformats.schemas.drawingml.x2006.main.CTRegularTextRun;

/**
 * A PowerPoint presentation ({@code .pptx}, Apache POI): the paragraphs of every slide's text
 * shapes (in groups too), its tables' cells and its speaker notes. A run is an {@code a:r}; its
 * style is its run properties ({@code a:rPr}); a line break ends a stretch.
 */
final class SlidesFile extends OfficeFile {

    private record Run(XSLFTextRun run, Object style) implements TextRun {
        @Override
        public String text() {
            return run.getRawText();
        }

        @Override
        public void text(String text) {
            run.setText(text);
        }
    }

    private SlidesFile(XMLSlideShow show) {
        super(show);
        for (XSLFSlide slide : show.getSlides()) {
            slide.getShapes().forEach(this::shape);
            XSLFNotes notes = slide.getNotes();
            if (notes != null) {
                notes.getShapes().forEach(this::shape);
            }
        }
    }

    static SlidesFile read(InputStream in) throws IOException {
        return new SlidesFile(new XMLSlideShow(in));
    }

    private void shape(XSLFShape shape) {
        if (shape instanceof XSLFGroupShape group) {
            group.getShapes().forEach(this::shape);
        } else if (shape instanceof XSLFTable table) {
            for (XSLFTableRow row : table.getRows()) {
                for (XSLFTableCell cell : row.getCells()) {
                    text(cell);
                }
            }
        } else if (shape instanceof XSLFTextShape text) {
            text(text);
        }
    }

    private void text(XSLFTextShape shape) {
        for (XSLFTextParagraph paragraph : shape.getTextParagraphs()) {
            List<TextRun> runs = new ArrayList<>();
            for (XSLFTextRun run : paragraph.getTextRuns()) {
                if (!(run.getXmlObject() instanceof CTRegularTextRun regular)) {
                    // a line break or a field (slide number, date): it ends the stretch
                    flush(runs);
                    runs = new ArrayList<>();
                    continue;
                }
                runs.add(new Run(run, regular.getRPr() == null ? "" : regular.getRPr().xmlText()));
            }
            flush(runs);
        }
    }

    private void flush(List<TextRun> runs) {
        if (!runs.isEmpty()) {
            paragraphs.add(runs);
        }
    }
}
