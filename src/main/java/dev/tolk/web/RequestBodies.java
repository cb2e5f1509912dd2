package dev.tolk.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@link ApiKeyFilter} reads of a request, and never more: the query string parsed by hand
 * (never {@code getParameter}, which would make the container parse a form or multipart body), and
 * JSON or form-urlencoded bodies read up to a hard cap into a request that can be read again.
 */
final class RequestBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What kind of body a request says it has. */
    enum Kind {
        JSON,
        FORM,
        /** Multipart and everything else: never read here. */
        OTHER
    }

    private RequestBodies() {}

    static Kind kind(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return Kind.OTHER;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        if (lower.startsWith("multipart/")) {
            return Kind.OTHER;
        }
        if (lower.startsWith("application/x-www-form-urlencoded")) {
            return Kind.FORM;
        }
        String media = lower.split(";", 2)[0].strip();
        return media.equals("application/json") || media.endsWith("+json") ? Kind.JSON : Kind.OTHER;
    }

    /**
     * The first value of {@code name} in a raw query string, decoded; null when absent. A malformed
     * escape makes that one pair count as absent.
     */
    static String queryParameter(String query, String name) {
        List<String> values = parse(query, StandardCharsets.UTF_8).get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** {@code a=1&b=2} as names to values, in order; pairs that do not decode are skipped. */
    static Map<String, List<String>> parse(String encoded, Charset charset) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
                out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                // a malformed escape: that pair is not there
            }
        }
        return out;
    }

    /**
     * Reads the body up to {@code limit} bytes: a request that reads it again, or null when the
     * body is longer (what lies beyond the limit plus one byte is never read).
     */
    static Cached read(HttpServletRequest request, long limit) throws IOException {
        byte[] body =
                request.getInputStream()
                        .readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (body.length > limit) {
            return null;
        }
        return kind(request) == Kind.FORM ? new Form(request, body) : new Cached(request, body);
    }

    /** A request whose body was read into memory and can be read again. */
    static class Cached extends HttpServletRequestWrapper {
        final byte[] body;

        Cached(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        /** Whether the JSON object has a field {@code name} (false when the body is not JSON). */
        boolean has(String name) {
            try {
                JsonNode node = JSON.readTree(body);
                return node != null && node.isObject() && node.has(name);
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** A string field of the JSON object, or null (also when the body is not JSON). */
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
            return new BufferedReader(new InputStreamReader(getInputStream(), charset(this)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    /**
     * A form-urlencoded request read here: its parameters are the query's then the body's, as the
     * container would give them, so that controllers bind it as before.
     */
    static final class Form extends Cached {
        private final Map<String, String[]> parameters;

        Form(HttpServletRequest request, byte[] body) {
            super(request, body);
            Map<String, List<String>> all = new LinkedHashMap<>();
            merge(all, parse(request.getQueryString(), StandardCharsets.UTF_8));
            merge(all, parse(new String(body, StandardCharsets.ISO_8859_1), charset(request)));
            Map<String, String[]> map = new LinkedHashMap<>();
            all.forEach((k, v) -> map.put(k, v.toArray(String[]::new)));
            this.parameters = Collections.unmodifiableMap(map);
        }

        private static void merge(Map<String, List<String>> into, Map<String, List<String>> from) {
            from.forEach((k, v) -> into.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters.get(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] values = parameters.get(name);
            return values == null ? null : values.clone();
        }
    }

    private static Charset charset(HttpServletRequest request) {
        String name = request.getCharacterEncoding();
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
