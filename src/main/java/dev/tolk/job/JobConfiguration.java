package dev.tolk.job;

import dev.tolk.TolkProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The training side's objects that are not Spring components themselves. */
@Configuration(proxyBeanMethods = false)
class JobConfiguration {

    @Bean
    DatasetStore datasetStore(TolkProperties properties) {
        return new DatasetStore(
                properties.dataDir(),
                properties.datasets().maxUncompressedBytes(),
                properties.datasets().maxLineChars());
    }
}
