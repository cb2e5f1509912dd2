package dev.tolk.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tolk.TolkProperties;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ApiKeyFilter} at the servlet level, with requests that record whether anything read their
 * body or asked for their parameters (which makes a container parse a form or multipart body).
 */
class ApiKeyFilterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String REMOTE = "203.0.113.7";
    private static final long LIMIT = 1000;

    /** A request that counts the body bytes read and notes any parameter or part access. */
    static final class RecordingRequest extends MockHttpServletRequest {
        final AtomicLong bytesRead = new AtomicLong();
        boolean parametersAsked;
        boolean partsAsked;
        private final InputStream source;
        private final long declaredLength;

        RecordingRequest(
                String method, String uri, String contentType, byte[] body, boolean chunked) {
            this(
                    method,
                    uri,
                    contentType,
                    new ByteArrayInputStream(body),
                    chunked ? -1 : body.length);
        }

        RecordingRequest(
                String method, String uri, String contentType, InputStream body, long length) {
            super(method, uri);
            setContentType(contentType);
            this.source = body;
            this.declaredLength = length;
            int query = uri.indexOf('?');
            if (query >= 0) {
                setRequestURI(uri.substring(0, query));
                setQueryString(uri.substring(query + 1));
            }
        }

        @Override
        public long getContentLengthLong() {
            return declaredLength;
        }

        @Override
        public int getContentLength() {
            return (int) declaredLength;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new ServletInputStream() {
                @Override
                public int read() throws java.io.IOException {
                    int b = source.read();
                    if (b >= 0) {
                        bytesRead.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws java.io.IOException {
                    int n = source.read(b, off, len);
                    if (n > 0) {
                        bytesRead.addAndGet(n);
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return false;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {}
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(
                    new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public String getParameter(String name) {
            parametersAsked = true;
            return super.getParameter(name);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            parametersAsked = true;
            return super.getParameterMap();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            parametersAsked = true;
            return super.getParameterNames();
        }

        @Override
        public String[] getParameterValues(String name) {
            parametersAsked = true;
            return super.getParameterValues(name);
        }

        @Override
        public Collection<Part> getParts() {
            partsAsked = true;
            return List.of();
        }

        @Override
        public Part getPart(String name) {
            partsAsked = true;
            return null;
        }

        boolean untouched() {
            return bytesRead.get() == 0 && !parametersAsked && !partsAsked;
        }
    }

    /** An endless body: a filter that read it to the end would never return. */
    private static InputStream endless() {
        return new InputStream() {
            @Override
            public int read() {
                return 'a';
            }
        };
    }

    private static ApiKeyFilter filter(String... properties) {
        Map<String, String> map = new HashMap<>();
        map.put("tolk.translate.max-body-bytes", Long.toString(LIMIT));
        for (int i = 0; i < properties.length; i += 2) {
            map.put(properties[i], properties[i + 1]);
        }
        TolkProperties bound =
                new Binder(new MapConfigurationPropertySource(map))
                        .bindOrCreate("tolk", TolkProperties.class);
        return new ApiKeyFilter(bound);
    }

    private static ApiKeyFilter withKeys() {
        return filter("tolk.security.api-keys", "user-key,admin-key:admin");
    }

    private static RecordingRequest multipart(String uri) {
        byte[] body =
                ("--b\r\nContent-Disposition: form-data; name=\"source\"; filename=\"a.txt\"\r\n\r\n"
                                + "hello\r\n--b--\r\n")
                        .getBytes(StandardCharsets.UTF_8);
        RecordingRequest request =
                new RecordingRequest("POST", uri, "multipart/form-data; boundary=b", body, false);
        request.addParameter("api_key", "admin-key"); // what a container would parse out
        return request;
    }

    private record Outcome(MockHttpServletResponse response, ServletRequest passedOn) {
        JsonNode problem() throws Exception {
            return JSON.readTree(response.getContentAsString());
        }
    }

    private static Outcome run(ApiKeyFilter filter, HttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return new Outcome(response, chain.getRequest());
    }

    @Test
    void anUnauthorisedMultipartUploadIsRefusedWithoutItsBodyBeingReadOrParsed() throws Exception {
        RecordingRequest request = multipart("/datasets");

        Outcome outcome = run(withKeys(), request);

        assertThat(outcome.response().getStatus()).isEqualTo(401);
        assertThat(outcome.response().getContentType()).startsWith("application/problem+json");
        assertThat(outcome.problem().get("type").asString())
                .isEqualTo("/problems/api-key-required");
        assertThat(outcome.passedOn()).isNull();
        assertThat(request.untouched())
                .as("body read, parameters or parts asked for before the key was checked")
                .isTrue();

        // Not even a body that never ends is read.
        RecordingRequest endless =
                new RecordingRequest(
                        "POST", "/datasets", "multipart/form-data; boundary=b", endless(), -1);
        assertThat(run(withKeys(), endless).response().getStatus()).isEqualTo(401);
        assertThat(endless.untouched()).isTrue();
    }

    @Test
    void aMultipartKeyComesFromTheHeaderOrTheQueryStringAndTheBodyIsLeftToTheController()
            throws Exception {
        RecordingRequest header = multipart("/datasets");
        header.addHeader("Authorization", "Bearer admin-key");
        Outcome byHeader = run(withKeys(), header);
        assertThat(byHeader.passedOn()).isNotNull();
        assertThat(header.untouched()).isTrue();

        RecordingRequest query = multipart("/datasets?name=x&api_key=admin-key");
        Outcome byQuery = run(withKeys(), query);
        assertThat(byQuery.passedOn()).isNotNull();
        assertThat(query.untouched()).isTrue();

        RecordingRequest userKey = multipart("/datasets?api_key=user-key");
        assertThat(run(withKeys(), userKey).response().getStatus()).isEqualTo(403);
        assertThat(userKey.untouched()).isTrue();
    }

    @Test
    void withoutKeysAdminEndpointsAnswerOnlyToLocalClientsUnlessOpened() throws Exception {
        RecordingRequest remote = multipart("/datasets");
        remote.setRemoteAddr(REMOTE);
        Outcome refused = run(filter(), remote);
        assertThat(refused.response().getStatus()).isEqualTo(403);
        assertThat(refused.problem().get("type").asString())
                .isEqualTo("/problems/admin-local-only");
        assertThat(refused.problem().get("detail").asString())
                .contains("tolk.security.api-keys")
                .contains("tolk.security.open-admin=true");
        assertThat(remote.untouched()).isTrue();

        for (String[] call :
                new String[][] {
                    {"GET", "/train"},
                    {"DELETE", "/models/x"},
                    {"POST", "/train"},
                    {"POST", "/glossaries"},
                    {"DELETE", "/glossaries/x"}
                }) {
            MockHttpServletRequest request = new MockHttpServletRequest(call[0], call[1]);
            request.setRemoteAddr(REMOTE);
            assertThat(run(filter(), request).response().getStatus())
                    .as(call[0] + " " + call[1])
                    .isEqualTo(403);
        }

        for (String local : List.of("127.0.0.1", "0:0:0:0:0:0:0:1", "::1", "127.0.1.1")) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/train");
            request.setRemoteAddr(local);
            assertThat(run(filter(), request).passedOn()).as(local).isNotNull();
        }

        MockHttpServletRequest opened = new MockHttpServletRequest("GET", "/train");
        opened.setRemoteAddr(REMOTE);
        assertThat(run(filter("tolk.security.open-admin", "true"), opened).passedOn()).isNotNull();

        MockHttpServletRequest translate = new MockHttpServletRequest("GET", "/languages");
        translate.setRemoteAddr(REMOTE);
        assertThat(run(filter(), translate).passedOn()).isNotNull();
        MockHttpServletRequest glossaries = new MockHttpServletRequest("GET", "/glossaries");
        glossaries.setRemoteAddr(REMOTE);
        assertThat(run(filter(), glossaries).passedOn()).isNotNull();
        MockHttpServletRequest named = new MockHttpServletRequest("GET", "/train");
        named.setRemoteAddr("localhost"); // not an address: never looked up, never local
        assertThat(run(filter(), named).response().getStatus()).isEqualTo(403);
    }

    @Test
    void adminRequestsCarryAPrincipalInTheAdminRoleOthersDoNot() throws Exception {
        MockHttpServletRequest local = new MockHttpServletRequest("GET", "/actuator/health");
        HttpServletRequest passed = (HttpServletRequest) run(filter(), local).passedOn();
        assertThat(passed.getUserPrincipal()).isNotNull();
        assertThat(passed.isUserInRole("ADMIN")).isTrue();

        MockHttpServletRequest remote = new MockHttpServletRequest("GET", "/actuator/health");
        remote.setRemoteAddr(REMOTE);
        passed = (HttpServletRequest) run(filter(), remote).passedOn();
        assertThat(passed.getUserPrincipal()).isNull();
        assertThat(passed.isUserInRole("ADMIN")).isFalse();

        MockHttpServletRequest admin = new MockHttpServletRequest("GET", "/actuator/health");
        admin.addHeader("Authorization", "Bearer admin-key");
        passed = (HttpServletRequest) run(withKeys(), admin).passedOn();
        assertThat(passed.isUserInRole("ADMIN")).isTrue();
        assertThat(passed.getUserPrincipal()).isNotNull();

        for (String key : new String[] {"user-key", "wrong", null}) {
            MockHttpServletRequest other = new MockHttpServletRequest("GET", "/actuator/health");
            if (key != null) {
                other.setQueryString("api_key=" + key);
            }
            passed = (HttpServletRequest) run(withKeys(), other).passedOn();
            assertThat(passed).as(key).isNotNull();
            assertThat(passed.isUserInRole("ADMIN")).as(key).isFalse();
            assertThat(passed.getUserPrincipal()).as(key).isNull();
        }
    }

    @Test
    void theWebPageIsOpenButItsDataIsNot() throws Exception {
        for (String path : List.of("/", "/index.html", "/favicon.svg", "/ui/main.js")) {
            MockHttpServletRequest page = new MockHttpServletRequest("GET", path);
            page.setRemoteAddr(REMOTE);
            assertThat(run(withKeys(), page).passedOn()).as(path).isNotNull();
        }
        MockHttpServletRequest post = new MockHttpServletRequest("POST", "/ui/main.js");
        post.setRemoteAddr(REMOTE);
        assertThat(run(withKeys(), post).response().getStatus()).isEqualTo(401);
        MockHttpServletRequest jobs = new MockHttpServletRequest("GET", "/train");
        jobs.setRemoteAddr(REMOTE);
        assertThat(run(withKeys(), jobs).response().getStatus()).isEqualTo(401);
        assertThat(run(filter(), jobs).response().getStatus()).isEqualTo(403);
    }

    @Test
    void multipartBodiesOutsideUploadsHaveTheBodyLimitToo() throws Exception {
        for (ApiKeyFilter filter : List.of(filter(), withKeys())) {
            RecordingRequest declared =
                    new RecordingRequest(
                            "POST",
                            "/translate",
                            "multipart/form-data; boundary=b",
                            endless(),
                            LIMIT + 1);
            declared.addHeader("Authorization", "Bearer user-key");
            assertThat(run(filter, declared).response().getStatus()).isEqualTo(413);
            assertThat(declared.untouched()).isTrue();

            RecordingRequest chunked =
                    new RecordingRequest(
                            "POST", "/detect", "multipart/form-data; boundary=b", endless(), -1);
            chunked.addHeader("Authorization", "Bearer user-key");
            assertThat(run(filter, chunked).response().getStatus()).isEqualTo(413);
            assertThat(chunked.untouched()).isTrue();
        }
        // An upload keeps the upload limits of spring.servlet.multipart.*
        RecordingRequest upload =
                new RecordingRequest(
                        "POST",
                        "/datasets",
                        "multipart/form-data; boundary=b",
                        endless(),
                        LIMIT + 1);
        upload.addHeader("Authorization", "Bearer admin-key");
        assertThat(run(withKeys(), upload).passedOn()).isNotNull();
    }

    @Test
    void jsonBodiesOverTheLimitAre413WithoutReadingTheRest() throws Exception {
        for (ApiKeyFilter filter : List.of(filter(), withKeys())) {
            // Declared too large: refused before a byte is read, also with a key in the header.
            RecordingRequest declared =
                    new RecordingRequest(
                            "POST", "/translate", "application/json", endless(), LIMIT + 1);
            declared.addHeader("Authorization", "Bearer user-key");
            Outcome refused = run(filter, declared);
            assertThat(refused.response().getStatus()).isEqualTo(413);
            assertThat(refused.problem().get("type").asString())
                    .isEqualTo("/problems/body-too-large");
            assertThat(refused.problem().get("detail").asString())
                    .contains(Long.toString(LIMIT))
                    .contains("tolk.translate.max-body-bytes");
            assertThat(declared.bytesRead.get()).isZero();

            // Chunked: read up to the limit and one byte more, never further.
            RecordingRequest chunked =
                    new RecordingRequest(
                            "POST", "/translate", "application/json; charset=UTF-8", endless(), -1);
            chunked.addHeader("Authorization", "Bearer user-key");
            assertThat(run(filter, chunked).response().getStatus()).isEqualTo(413);
            assertThat(chunked.bytesRead.get()).isLessThanOrEqualTo(LIMIT + 1);
        }

        // Under the limit, chunked: passed on, readable in full.
        byte[] body = "{\"q\": \"hello\"}".getBytes(StandardCharsets.UTF_8);
        RecordingRequest small =
                new RecordingRequest("POST", "/detect", "application/json", body, true);
        ServletRequest passed = run(filter(), small).passedOn();
        assertThat(passed.getInputStream().readAllBytes()).isEqualTo(body);
    }

    @Test
    void libreTranslateKeysInJsonAndFormBodiesStillWork() throws Exception {
        byte[] json =
                "{\"q\": \"hi\", \"target\": \"de\", \"api_key\": \"user-key\"}"
                        .getBytes(StandardCharsets.UTF_8);
        RecordingRequest jsonRequest =
                new RecordingRequest("POST", "/translate", "application/json", json, false);
        ServletRequest passed = run(withKeys(), jsonRequest).passedOn();
        assertThat(passed).isNotNull();
        assertThat(passed.getInputStream().readAllBytes()).isEqualTo(json);

        byte[] form = "q=h%C3%A9llo&target=de&api_key=user-key".getBytes(StandardCharsets.UTF_8);
        RecordingRequest formRequest =
                new RecordingRequest(
                        "POST",
                        "/translate?source=en",
                        "application/x-www-form-urlencoded",
                        form,
                        true);
        passed = run(withKeys(), formRequest).passedOn();
        assertThat(passed).isNotNull();
        assertThat(formRequest.parametersAsked)
                .as("the container's parameter parsing is never used")
                .isFalse();
        assertThat(passed.getParameter("q")).isEqualTo("héllo");
        assertThat(passed.getParameter("source")).isEqualTo("en");
        assertThat(passed.getParameterMap()).containsKeys("q", "target", "api_key", "source");

        RecordingRequest bigForm =
                new RecordingRequest(
                        "POST", "/translate", "application/x-www-form-urlencoded", endless(), -1);
        assertThat(run(withKeys(), bigForm).response().getStatus()).isEqualTo(413);
        assertThat(bigForm.bytesRead.get()).isLessThanOrEqualTo(LIMIT + 1);

        RecordingRequest wrong =
                new RecordingRequest(
                        "POST",
                        "/translate",
                        "application/json",
                        "{\"api_key\": \"nope\"}".getBytes(StandardCharsets.UTF_8),
                        false);
        assertThat(run(withKeys(), wrong).response().getStatus()).isEqualTo(401);
    }

    @Test
    void theQueryStringIsParsedByHand() {
        assertThat(RequestBodies.queryParameter("a=1&api_key=k%2By&api_key=2", "api_key"))
                .isEqualTo("k+y");
        assertThat(RequestBodies.queryParameter("api%5Fkey=x", "api_key")).isEqualTo("x");
        assertThat(RequestBodies.queryParameter("api_key=%zz&b=1", "api_key")).isNull();
        assertThat(RequestBodies.queryParameter(null, "api_key")).isNull();
        assertThat(RequestBodies.queryParameter("api_key", "api_key")).isEmpty();
    }
}
