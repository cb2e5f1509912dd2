package dev.tolk.document;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The formats {@code POST /translate_file} translates, by file extension. */
public enum DocumentFormat {
    TXT("text/plain; charset=UTF-8", ".txt"),
    HTML("text/html; charset=UTF-8", ".html", ".htm"),
    DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    PPTX("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
    ODT("application/vnd.oasis.opendocument.text", ".odt");

    private final String contentType;
    private final List<String> extensions;

    DocumentFormat(String contentType, String... extensions) {
        this.contentType = contentType;
        this.extensions = List.of(extensions);
    }

    /** The media type of a file of this format. */
    public String contentType() {
        return contentType;
    }

    /** Its extensions, with the dot, as LibreTranslate lists them ({@code ".docx"}). */
    public List<String> extensions() {
        return extensions;
    }

    /** Whether the format is a zip of XML parts (checked against zip bombs before it is read). */
    boolean zipped() {
        return this == DOCX || this == PPTX || this == ODT;
    }

    /** The format of a file named {@code fileName}, by its extension (any case). */
    public static Optional<DocumentFormat> of(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(f -> f.extensions.stream().anyMatch(lower::endsWith))
                .findFirst();
    }

    /** Every extension served, in the order of the formats. */
    public static List<String> allExtensions() {
        return Arrays.stream(values()).flatMap(f -> f.extensions.stream()).toList();
    }
}
