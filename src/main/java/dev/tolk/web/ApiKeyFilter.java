package dev.tolk.web;

import dev.tolk.TolkProperties;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what, decided before any body is read. When keys are configured ({@code
 * tolk.security.api-keys}): training, datasets and changes to models need an admin key ({@code
 * KEY:admin}); translation, detection and evaluation need any key. A key comes as {@code
 * Authorization: Bearer KEY} or as LibreTranslate's {@code api_key}: in the query string (parsed
 * here, never through {@code getParameter}, so a multipart body is never parsed for it), or in a
 * JSON or form-urlencoded body, read up to {@code tolk.translate.max-body-bytes}. A multipart body
 * is never read here: its key must come in the header or the query. Each key has its own request
 * budget per minute; over it, 429 with {@code Retry-After}. Listing languages and models, health,
 * metrics and the API documentation stay open.
 *
 * <p>With no keys configured, the admin endpoints answer only to local clients (a loopback remote
 * address) unless {@code tolk.security.open-admin=true}; the rest is open.
 *
 * <p>Every JSON or form body is limited to {@code tolk.translate.max-body-bytes}: by its {@code
 * Content-Length} before anything is read, or, a JSON body sent chunked, by reading it here up to
 * the limit (and a form body read here for its key, likewise).
 *
 * <p>A request with admin rights (an admin key; without keys, a client allowed the admin endpoints)
 * goes on with a principal in the role {@code ADMIN}: Spring Boot's actuator shows health details
 * to it ({@code management.endpoint.health.show-details=when-authorized}).
 *
 * <p>A CORS preflight ({@code OPTIONS} with {@code Origin} and {@code
 * Access-Control-Request-Method}) never needs a key: it goes on at once, and Spring MVC answers it
 * ({@link CorsSettings}). A LibreTranslate-shaped request ({@link LibreTranslateShape}) is refused
 * as LibreTranslate refuses: 400 without a key, 403 with an unknown one, 429 over the limit.
 */
@Component
public class ApiKeyFilter extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UrlPathHelper PATHS = new UrlPathHelper();

    /**
     * The role Spring Boot's actuator is told to trust ({@code management.endpoint.health.roles}).
     */
    static final String ADMIN_ROLE = "ADMIN";

    static {
        PATHS.setUrlDecode(true);
        PATHS.setRemoveSemicolonContent(true);
    }

    /** Bytes a {@code /translate_file} request may have besides its document. */
    static final long DOCUMENT_FIELDS_BYTES = 64 * 1024;

    enum Role {
        USER,
        ADMIN
    }

    private final Map<String, Role> keys = new LinkedHashMap<>();
    private final int perMinute;
    private final long maxBody;
    private final long maxDocumentBody;
    private final boolean openAdmin;
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
        this.maxBody = properties.translate().maxBodyBytes();
        // the document and the multipart request's other fields around it
        this.maxDocumentBody = properties.documents().maxBytes() + DOCUMENT_FIELDS_BYTES;
        this.openAdmin = properties.security().openAdmin();
    }

    /** Which role a request needs, or null for an open one. */
    static Role required(String method, String path) {
        if (path.startsWith("/train") || path.startsWith("/datasets")) {
            return Role.ADMIN;
        }
        if ((path.startsWith("/models") || path.startsWith("/glossaries"))
                && !method.equals("GET")) {
            return Role.ADMIN;
        }
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (read
                && (path.equals("/languages")
                        || path.equals("/frontend/settings")
                        || path.equals("/health")
                        || path.startsWith("/download_file/")
                        || path.equals("/models")
                        || path.startsWith("/models/")
                        || path.startsWith("/actuator/")
                        || path.startsWith("/v3/api-docs")
                        || path.startsWith("/swagger-ui")
                        || isPage(path))) {
            return null;
        }
        return Role.USER; // everything else, including paths no endpoint serves
    }

    /**
     * Whether {@code path} is the web page's: {@code /} (its {@code index.html}), the icon and the
     * static files under {@code /ui/}. They hold no data; the page asks for a key itself when the
     * API needs one.
     */
    static boolean isPage(String path) {
        return path.equals("/")
                || path.equals("/index.html")
                || path.equals("/favicon.svg")
                || path.equals("/favicon.ico")
                || path.startsWith("/ui/");
    }

    /**
     * Whether the body may not be read: a JSON or form body over the limit; and, anywhere but an
     * upload to {@code /datasets}, any body over it (for a document to {@code /translate_file},
     * {@code tolk.documents.max-bytes}), or a multipart body of unknown length (the container would
     * parse it to disk).
     */
    private boolean overBodyLimit(HttpServletRequest request, RequestBodies.Kind kind) {
        long length = request.getContentLengthLong();
        String path = path(request);
        if (kind != RequestBodies.Kind.OTHER || !path.startsWith("/datasets")) {
            String type = request.getContentType();
            boolean multipart =
                    type != null
                            && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
            long limit = multipart && path.equals("/translate_file") ? maxDocumentBody : maxBody;
            return length > limit || (multipart && length < 0 && kind == RequestBodies.Kind.OTHER);
        }
        return false;
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (CorsUtils.isPreFlightRequest(request)) {
            chain.doFilter(request, response); // no body, no key: Spring MVC answers it
            return;
        }
        RequestBodies.Kind kind = RequestBodies.kind(request);
        if (overBodyLimit(request, kind)) {
            tooLarge(response);
            return;
        }
        String path = path(request);
        Role needed = required(request.getMethod(), path);
        String key = bearer(request);
        if (key == null) {
            key = RequestBodies.queryParameter(request.getQueryString(), "api_key");
        }
        if (keys.isEmpty()) {
            withoutKeys(request, response, chain, kind, needed);
        } else if (needed == null) {
            proceed(request, kind, key != null && keys.get(key) == Role.ADMIN, chain, response);
        } else {
            withKeys(request, response, chain, kind, path, needed, key);
        }
    }

    /** No keys configured: everyone may translate; the admin endpoints answer local clients. */
    private void withoutKeys(
            HttpServletRequest request,
            HttpServletResponse response,
            FilterChain chain,
            RequestBodies.Kind kind,
            Role needed)
            throws ServletException, IOException {
        boolean admin = openAdmin || isLocal(request);
        if (needed == Role.ADMIN && !admin) {
            problem(
                    response,
                    HttpStatus.FORBIDDEN,
                    "admin-local-only",
                    "without API keys, training, datasets and model changes answer only to"
                            + " clients on this host; set keys (tolk.security.api-keys, e.g."
                            + " TOLK_SECURITY_API_KEYS=KEY:admin) or open them to every"
                            + " client (tolk.security.open-admin=true)");
            return;
        }
        proceed(request, kind, admin, chain, response);
    }

    /**
     * Keys configured and the endpoint needs one: the key from the header or query string, else
     * from a JSON or form body (LibreTranslate's clients), checked, its role and rate limit too.
     */
    private void withKeys(
            HttpServletRequest request,
            HttpServletResponse response,
            FilterChain chain,
            RequestBodies.Kind kind,
            String path,
            Role needed,
            String key)
            throws ServletException, IOException {
        RequestBodies.Cached cached = null;
        if (key == null && kind == RequestBodies.Kind.OTHER && path.equals("/translate_file")) {
            // LibreTranslate's page sends the key among the document's fields; the body's size
            // was checked above, so the container may parse it
            key = request.getParameter("api_key");
        } else if (key == null && kind != RequestBodies.Kind.OTHER) {
            cached = RequestBodies.read(request, maxBody);
            if (cached == null) {
                tooLarge(response);
                return;
            }
            key =
                    kind == RequestBodies.Kind.FORM
                            ? cached.getParameter("api_key")
                            : cached.field("api_key");
        }
        if (key == null || !keys.containsKey(key)) {
            refuseKey(request, response, kind, path, key, cached);
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
        boolean admin = keys.get(key) == Role.ADMIN;
        if (cached != null) {
            chain.doFilter(admin ? new AdminRequest(cached) : cached, response);
        } else {
            proceed(request, kind, admin, chain, response);
        }
    }

    /**
     * No key or an unknown one: 401 for Tolk's own requests; for LibreTranslate-shaped ones its
     * statuses, 400 without a key and 403 with a wrong one.
     */
    private void refuseKey(
            HttpServletRequest request,
            HttpServletResponse response,
            RequestBodies.Kind kind,
            String path,
            String key,
            RequestBodies.Cached cached)
            throws IOException {
        if (cached == null && kind == RequestBodies.Kind.JSON && path.equals("/translate")) {
            cached = RequestBodies.read(request, maxBody); // its shape decides the status
            if (cached == null) {
                tooLarge(response);
                return;
            }
        }
        boolean libre =
                LibreTranslateShape.byPath(path, request, cached != null && cached.has("q"));
        problem(
                response,
                !libre
                        ? HttpStatus.UNAUTHORIZED
                        : key == null ? HttpStatus.BAD_REQUEST : HttpStatus.FORBIDDEN,
                key == null ? "api-key-required" : "api-key-invalid",
                key == null
                        ? "this endpoint needs an API key: send Authorization: Bearer KEY (or"
                                + (kind == RequestBodies.Kind.OTHER
                                        ? " ?api_key=KEY in the query string)"
                                        : " api_key)")
                        : "unknown API key; ask the operator for one");
    }

    /**
     * Passes the request on; a JSON body of unknown length (chunked) is read here first, up to the
     * limit, so that no more of it is ever read. (A chunked form body is left to the container,
     * whose form parsing has its own cap, {@code server.tomcat.max-http-form-post-size}.)
     */
    private void proceed(
            HttpServletRequest request,
            RequestBodies.Kind kind,
            boolean admin,
            FilterChain chain,
            HttpServletResponse response)
            throws ServletException, IOException {
        HttpServletRequest effective = request;
        if (kind == RequestBodies.Kind.JSON && request.getContentLengthLong() < 0) {
            effective = RequestBodies.read(request, maxBody);
            if (effective == null) {
                tooLarge(response);
                return;
            }
        }
        chain.doFilter(admin ? new AdminRequest(effective) : effective, response);
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        problem(
                response,
                HttpStatus.CONTENT_TOO_LARGE,
                "body-too-large",
                "the request body exceeds "
                        + maxBody
                        + " bytes (tolk.translate.max-body-bytes); send fewer or shorter texts");
    }

    /** Whether the client is on this host: a loopback remote address. */
    static boolean isLocal(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (address == null
                || !(address.contains(":") || address.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            return false; // only IP literals: never a name lookup
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
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
        // Sent at once: a client still sending a large body sees the refusal before it is done.
        response.flushBuffer();
    }

    /**
     * A request with admin rights: a principal in the role {@link #ADMIN_ROLE}, which Spring Boot's
     * actuator takes as authorized to see health details.
     */
    static final class AdminRequest extends HttpServletRequestWrapper {
        private static final Principal ADMIN = () -> "admin";

        AdminRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Principal getUserPrincipal() {
            return ADMIN;
        }

        @Override
        public String getRemoteUser() {
            return ADMIN.getName();
        }

        @Override
        public boolean isUserInRole(String role) {
            return ADMIN_ROLE.equals(role) || super.isUserInRole(role);
        }
    }
}
