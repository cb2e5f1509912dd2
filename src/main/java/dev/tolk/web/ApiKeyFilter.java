package dev.tolk.web;

import dev.tolk.TolkProperties;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Optional API keys ({@code tolk.security.api-keys}). When keys are configured: training, datasets
 * and changes to models need an admin key ({@code KEY:admin}); translation, detection and
 * evaluation need any key. A key comes as {@code Authorization: Bearer KEY} or as LibreTranslate's
 * {@code api_key} (query, form field or JSON field). Each key has its own request budget per
 * minute; over it, 429 with {@code Retry-After}. Listing languages and models, health, metrics and
 * the API documentation stay open.
 */
@Component
public class ApiKeyFilter extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UrlPathHelper PATHS = new UrlPathHelper();

    static {
        PATHS.setUrlDecode(true);
        PATHS.setRemoveSemicolonContent(true);
    }

    private enum Role {
        USER,
        ADMIN
    }

    private final Map<String, Role> keys = new LinkedHashMap<>();
    private final int perMinute;
    private final long maxBody;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    ApiKeyFilter(TolkProperties properties) {
        for (String entry : properties.security().apiKeys()) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith(":admin")) {
                keys.put(trimmed.substring(0, trimmed.length() - 6), Role.ADMIN);
            } else {
                keys.put(trimmed, Role.USER);
            }
        }
        this.perMinute = properties.security().requestsPerMinute();
        // A JSON body is read here to find api_key before the key is checked: at most what the
        // largest valid request can be (every text at the character limit, 4 bytes a character).
        this.maxBody =
                4L * properties.translate().maxChars() * properties.translate().maxTexts() + 65_536;
    }

    /** Which role a request needs, or null for an open one. */
    static Role required(String method, String path) {
        if (path.startsWith("/train") || path.startsWith("/datasets")) {
            return Role.ADMIN;
        }
        if (path.startsWith("/models") && !method.equals("GET")) {
            return Role.ADMIN;
        }
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (read
                && (path.equals("/languages")
                        || path.equals("/models")
                        || path.startsWith("/models/")
                        || path.startsWith("/actuator/")
                        || path.startsWith("/v3/api-docs")
                        || path.startsWith("/swagger-ui"))) {
            return null;
        }
        return Role.USER; // everything else, including paths no endpoint serves
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Role needed = keys.isEmpty() ? null : required(request.getMethod(), path(request));
        if (needed == null) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest effective = request;
        String key = bearer(request);
        if (key == null) {
            key = request.getParameter("api_key");
        }
        if (key == null && isJson(request)) {
            CachedBody cached =
                    request.getContentLengthLong() > maxBody
                            ? null
                            : new CachedBody(request, maxBody);
            if (cached == null || cached.tooLarge()) {
                problem(
                        response,
                        HttpStatus.CONTENT_TOO_LARGE,
                        "body-too-large",
                        "the request body exceeds "
                                + maxBody
                                + " bytes; send fewer or shorter texts");
                return;
            }
            effective = cached;
            key = cached.field("api_key");
        }
        if (key == null || !keys.containsKey(key)) {
            problem(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "api-key-required",
                    key == null
                            ? "this endpoint needs an API key: send Authorization: Bearer KEY (or"
                                    + " api_key)"
                            : "unknown API key; ask the operator for one");
            return;
        }
        if (needed == Role.ADMIN && keys.get(key) != Role.ADMIN) {
            problem(
                    response,
                    HttpStatus.FORBIDDEN,
                    "admin-key-required",
                    "this endpoint needs an admin key; yours may only translate");
            return;
        }
        if (!withinRateLimit(key, response)) {
            return;
        }
        chain.doFilter(effective, response);
    }

    /** Whether {@code key} may make another request now; if not, answers 429 with Retry-After. */
    private boolean withinRateLimit(String key, HttpServletResponse response) throws IOException {
        if (perMinute <= 0) {
            return true;
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> newBucket());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds =
                    Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            response.setHeader("Retry-After", Long.toString(seconds));
            problem(
                    response,
                    HttpStatus.TOO_MANY_REQUESTS,
                    "rate-limited",
                    "more than "
                            + perMinute
                            + " requests a minute with this key; retry in "
                            + seconds
                            + " s");
            return false;
        }
        return true;
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(
                        limit ->
                                limit.capacity(perMinute)
                                        .refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build();
    }

    /**
     * The path as Spring MVC matches it: decoded, without {@code ;parameters}, repeated slashes
     * collapsed, so that {@code /%74rain} or {@code /translate;x} are checked as what they reach.
     */
    private static String path(HttpServletRequest request) {
        String path = PATHS.getPathWithinApplication(request);
        return path.replaceAll("/{2,}", "/");
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).strip();
        }
        return null;
    }

    private static boolean isJson(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json");
    }

    private static void problem(
            HttpServletResponse response, HttpStatus status, String kind, String detail)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "/problems/" + kind);
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("error", detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    /** A request whose body was read to find {@code api_key} and can be read again. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;
        private final boolean tooLarge;

        CachedBody(HttpServletRequest request, long limit) throws IOException {
            super(request);
            this.body =
                    request.getInputStream()
                            .readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            this.tooLarge = body.length > limit;
        }

        boolean tooLarge() {
            return tooLarge;
        }

        String field(String name) {
            try {
                JsonNode node = JSON.readTree(body);
                JsonNode value = node == null ? null : node.get(name);
                return value == null || !value.isString() ? null : value.asString();
            } catch (RuntimeException e) {
                return null; // malformed JSON: the controller reports it
            }
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(
                    new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
