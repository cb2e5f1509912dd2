package dev.tolk.translate;

import ai.djl.Device;
import dev.tolk.TolkProperties;
import dev.tolk.decode.DecodeStreams;
import dev.tolk.modelstore.LoadedModel;
import dev.tolk.modelstore.ModelStore;
import dev.tolk.runtime.DeviceChoice;
import dev.tolk.web.EngineHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The translation side's objects: the models directory, the model cache (and its health), the
 * batcher.
 */
@Configuration(proxyBeanMethods = false)
class TranslateConfiguration {

    @Bean
    ModelStore modelStore(TolkProperties properties) {
        return new ModelStore(properties.modelsDir());
    }

    @Bean(destroyMethod = "close")
    ModelCache modelCache(TolkProperties properties, EngineHealthIndicator engine) {
        return new ModelCache(
                properties.models().cacheSize(),
                () -> engine.engine().device(),
                Duration.ofSeconds(properties.models().retryFailedLoadSeconds()),
                LoadedModel::load);
    }

    /** The {@code models} health component (not in the readiness group). */
    @Bean
    HealthIndicator modelsHealthIndicator(ModelCache cache) {
        return new ModelsHealthIndicator(cache);
    }

    @Bean(destroyMethod = "close")
    TranslationService translationService(
            ModelCache cache, TolkProperties properties, MeterRegistry meters) {
        int streams = properties.translate().streams();
        if (streams < 0) {
            throw new IllegalArgumentException(
                    "tolk.translate.streams (" + streams + ") must be 0 (automatic) or more");
        }
        // From the configured device, not the engine's: waiting for the engine here would keep
        // the application from starting (and from reporting why) when the engine fails to load.
        Device device = properties.device() == DeviceChoice.GPU ? Device.gpu() : Device.cpu();
        return TranslationService.start(
                        cache,
                        properties.translate().batchWaitMs(),
                        properties.translate().batchSentences(),
                        DecodeStreams.forDevice(device, streams > 0 ? streams : null),
                        properties.translate().maxQueuedTexts(),
                        properties.translate().maxQueuedChars(),
                        properties.translate().maxQueueSeconds(),
                        meters)
                .withCache(
                        TranslationCache.of(
                                properties.translate().cacheMaxChars(),
                                Duration.ofMinutes(properties.translate().cacheMinutes()),
                                meters));
    }

    @Bean
    LanguageDetection languageDetection() {
        return new LanguageDetection();
    }
}
