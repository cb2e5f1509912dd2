package dev.tolk.document;

/**
 * What one document may be: bytes as uploaded, bytes of a zipped format once unzipped (a zip bomb
 * is refused before its library inflates it), and characters of text to translate.
 *
 * @param maxBytes bytes of the file as uploaded ({@code tolk.documents.max-bytes})
 * @param maxUnzippedBytes bytes of all entries of a .docx, .pptx or .odt once unzipped ({@code
 *     tolk.documents.max-unzipped-bytes})
 * @param maxChars characters of text to translate ({@code tolk.documents.max-chars})
 */
public record DocumentLimits(long maxBytes, long maxUnzippedBytes, long maxChars) {

    public DocumentLimits {
        if (maxBytes < 1 || maxUnzippedBytes < 1 || maxChars < 1) {
            throw new IllegalArgumentException(
                    "tolk.documents.max-bytes, max-unzipped-bytes and max-chars must be at least 1");
        }
    }
}
