package dev.tolk.translate;

import dev.tolk.FeatureException;

/** {@code GET /download_file/{name}} for a file that expired or never existed. */
public class TranslatedFileNotFoundException extends FeatureException {

    TranslatedFileNotFoundException(String name, long keepMinutes) {
        super(
                Failure.NOT_FOUND,
                "unknown-file",
                "no translated file \""
                        + name
                        + "\": files are kept "
                        + keepMinutes
                        + " minutes (tolk.documents.keep-minutes); translate the document again");
    }
}
