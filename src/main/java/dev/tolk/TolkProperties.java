package dev.tolk;

import dev.tolk.runtime.DeviceChoice;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's own settings ({@code tolk.*}; environment variables {@code TOLK_MODELS_DIR}, ...).
 *
 * @param modelsDir where model directories live
 * @param dataDir where corpora live; training jobs may read nothing outside it
 * @param device the compute device
 */
@ConfigurationProperties("tolk")
public record TolkProperties(
        @DefaultValue("models") Path modelsDir,
        @DefaultValue("data") Path dataDir,
        @DefaultValue("auto") DeviceChoice device) {}
