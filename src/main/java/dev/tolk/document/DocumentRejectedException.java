package dev.tolk.document;

import dev.tolk.FeatureException;

/**
 * A document that cannot be translated: a format not served, a file its library cannot read
 * (invalid-document), or one over the limits ({@link DocumentLimits}; document-too-large).
 */
public class DocumentRejectedException extends FeatureException {

    private DocumentRejectedException(Failure failure, String type, String message) {
        super(failure, type, message);
    }

    public static DocumentRejectedException unsupported(String fileName) {
        return new DocumentRejectedException(
                Failure.INVALID,
                "unsupported-file-format",
                "Invalid request: file format not supported ("
                        + fileName
                        + "); send one of "
                        + String.join(", ", DocumentFormat.allExtensions()));
    }

    public static DocumentRejectedException unreadable(DocumentFormat format, Exception cause) {
        return new DocumentRejectedException(
                Failure.INVALID,
                "invalid-document",
                "the file could not be read as "
                        + format.extensions().get(0)
                        + ": "
                        + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"));
    }

    public static DocumentRejectedException tooLarge(String what, long max, String setting) {
        return new DocumentRejectedException(
                Failure.TOO_LARGE,
                "document-too-large",
                "the document " + what + " " + max + ", the limit " + setting + "; split it");
    }
}
