package dev.tolk.glossary;

import dev.tolk.TolkProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The glossary store under {@code tolk.data-dir}. */
@Configuration(proxyBeanMethods = false)
class GlossaryConfiguration {

    @Bean
    GlossaryStore glossaryStore(TolkProperties properties) {
        return new GlossaryStore(properties.dataDir());
    }
}
