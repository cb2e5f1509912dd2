package dev.tolk.testing;

import dev.tolk.TolkProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;

/**
 * What a {@code @WebMvcTest} slice needs besides the controller: Tolk's properties, which the API
 * key filter reads. {@code @Import(WebSlice.class)} on the test.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(TolkProperties.class)
public class WebSlice {}
