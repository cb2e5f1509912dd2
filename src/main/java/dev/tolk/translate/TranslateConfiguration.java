package dev.tolk.translate;

import dev.tolk.TolkProperties;
import dev.tolk.decode.DecodeStreams;
import dev.tolk.modelstore.ModelStore;
import dev.tolk.web.EngineHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The translation side's objects: the models directory, the model cache, the batcher. */
@Configuration(proxyBeanMethods = false)
class TranslateConfiguration {

    @Bean
    ModelStore modelStore(TolkProperties properties) {
        return new ModelStore(properties.modelsDir());
    }

    @Bean(destroyMethod = "close")
    ModelCache modelCache(TolkProperties properties, EngineHealthIndicator engine) {
        return new ModelCache(properties.models().cacheSize(), () -> engine.engine().device());
    }

    @Bean(destroyMethod = "close")
    TranslationService translationService(
            ModelCache cache,
            TolkProperties properties,
            EngineHealthIndicator engine,
            MeterRegistry meters) {
        int streams = properties.translate().streams();
        return new TranslationService(
                cache,
                properties.translate().batchWaitMs(),
                properties.translate().batchSentences(),
                DecodeStreams.forDevice(engine.engine().device(), streams > 0 ? streams : null),
                meters);
    }

    @Bean
    LanguageDetection languageDetection() {
        return new LanguageDetection();
    }
}
