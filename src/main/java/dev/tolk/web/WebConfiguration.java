package dev.tolk.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.CommonsRequestLoggingFilter;

/**
 * Request logging: method, path, query and client, never bodies (texts may be private) and never
 * secrets: {@code api_key} values in the query string are masked, the {@code Authorization} header
 * is never logged.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    CommonsRequestLoggingFilter requestLogging() {
        CommonsRequestLoggingFilter filter = new MaskedRequestLogging();
        filter.setIncludeQueryString(true);
        filter.setIncludeClientInfo(true);
        filter.setIncludePayload(false);
        filter.setIncludeHeaders(false);
        filter.setHeaderPredicate(
                name ->
                        !MaskedRequestLogging.SECRET_HEADERS.contains(
                                name.toLowerCase(Locale.ROOT)));
        return filter;
    }

    /** The request log with the values of secret query parameters replaced by {@code ***}. */
    static final class MaskedRequestLogging extends CommonsRequestLoggingFilter {

        /** Query parameters whose values never reach a log (compared case-insensitively). */
        static final Set<String> SECRET_PARAMETERS = Set.of("api_key", "apikey", "key", "token");

        static final Set<String> SECRET_HEADERS =
                Set.of("authorization", "proxy-authorization", "cookie", "x-api-key");

        /** The logger the configuration names ({@code logging.level.<that class>=DEBUG}). */
        private static final Log LOG = LogFactory.getLog(CommonsRequestLoggingFilter.class);

        @Override
        protected boolean shouldLog(HttpServletRequest request) {
            return LOG.isDebugEnabled();
        }

        @Override
        protected void beforeRequest(HttpServletRequest request, String message) {
            LOG.debug(message);
        }

        @Override
        protected void afterRequest(HttpServletRequest request, String message) {
            LOG.debug(message);
        }

        @Override
        protected String createMessage(HttpServletRequest request, String prefix, String suffix) {
            String query = request.getQueryString();
            if (query == null) {
                return super.createMessage(request, prefix, suffix);
            }
            String masked = mask(query);
            return super.createMessage(
                    new HttpServletRequestWrapper(request) {
                        @Override
                        public String getQueryString() {
                            return masked;
                        }
                    },
                    prefix,
                    suffix);
        }

        /** {@code a=1&api_key=SECRET} → {@code a=1&api_key=***}; names compared decoded. */
        static String mask(String query) {
            StringBuilder out = new StringBuilder(query.length());
            for (String pair : query.split("&", -1)) {
                if (!out.isEmpty()) {
                    out.append('&');
                }
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                if (eq >= 0 && isSecret(rawName)) {
                    out.append(rawName).append("=***");
                } else {
                    out.append(pair);
                }
            }
            return out.toString();
        }

        private static boolean isSecret(String rawName) {
            String name;
            try {
                name = java.net.URLDecoder.decode(rawName, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return true; // cannot tell: masked
            }
            return SECRET_PARAMETERS.contains(name.strip().toLowerCase(Locale.ROOT));
        }
    }
}
