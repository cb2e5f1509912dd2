package dev.tolk.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.CommonsRequestLoggingFilter;

/** Request logging: method, path, query and client, never bodies (texts may be private). */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    CommonsRequestLoggingFilter requestLogging() {
        CommonsRequestLoggingFilter filter = new CommonsRequestLoggingFilter();
        filter.setIncludeQueryString(true);
        filter.setIncludeClientInfo(true);
        filter.setIncludePayload(false);
        filter.setIncludeHeaders(false);
        return filter;
    }
}
