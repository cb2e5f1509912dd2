package dev.tolk.translate;

import dev.tolk.FeatureException;

/**
 * Documents are not translated here ({@code tolk.documents.enabled=false}): LibreTranslate's 403.
 */
public class FilesDisabledException extends FeatureException {

    FilesDisabledException() {
        super(
                Failure.DISABLED,
                "files-disabled",
                "Files translation are disabled on this server (tolk.documents.enabled=false)");
    }
}
