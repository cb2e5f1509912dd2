package dev.tolk.job;

import dev.tolk.FeatureException;

/**
 * An uploaded corpus over a configured cap (upload-too-large): a line longer than {@code
 * tolk.datasets.max-line-chars}, or a file larger than {@code tolk.datasets.max-uncompressed-bytes}
 * once decompressed. The message names the file, the cap and its property.
 */
public class UploadTooLargeException extends FeatureException {

    UploadTooLargeException(String message) {
        super(Failure.TOO_LARGE, "upload-too-large", message);
    }
}
