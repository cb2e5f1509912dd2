package dev.tolk.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;

/**
 * Whether a request is LibreTranslate-shaped, so that a refusal is answered with LibreTranslate's
 * status codes (400 for an unsupported language, a missing field or a text over the limit, 403 for
 * an invalid key, 429 to slow down) instead of Tolk's. The body stays a problem, which always
 * carries LibreTranslate's {@code error} field too.
 *
 * <p>A controller marks the request ({@link #mark}) once it knows the shape (a JSON body with
 * {@code q}, a form, one of LibreTranslate's own endpoints); {@link ApiKeyFilter}, which refuses
 * before any controller runs, tells the shape from the path and the body ({@link #byPath}).
 */
public final class LibreTranslateShape {

    /** The request attribute a controller sets on a LibreTranslate-shaped request. */
    public static final String ATTRIBUTE = LibreTranslateShape.class.getName();

    /** Endpoints that exist only in LibreTranslate's shape. */
    static final Set<String> LIBRE_ONLY =
            Set.of(
                    "/detect",
                    "/languages",
                    "/frontend/settings",
                    "/health",
                    "/suggest",
                    "/translate_file");

    private LibreTranslateShape() {}

    /** Marks {@code request} as LibreTranslate-shaped. */
    public static void mark(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, Boolean.TRUE);
    }

    /** Whether a controller marked {@code request}. */
    static boolean marked(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(ATTRIBUTE));
    }

    /**
     * Whether a request for {@code path} is LibreTranslate-shaped before any controller ran: one of
     * its own endpoints, or {@code /translate} with a form, a multipart body, {@code q} in the
     * query string, or a JSON body that has {@code q}.
     *
     * @param hasQ whether the JSON body (when there is one) has a {@code q} field
     */
    static boolean byPath(String path, HttpServletRequest request, boolean hasQ) {
        if (LIBRE_ONLY.contains(path)) {
            return true;
        }
        if (!path.equals("/translate")) {
            return false;
        }
        String type = request.getContentType();
        boolean form =
                type != null
                        && (type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)
                                || type.regionMatches(true, 0, "multipart/", 0, 10));
        return form || RequestBodies.queryParameter(request.getQueryString(), "q") != null || hasQ;
    }
}
