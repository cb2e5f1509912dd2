package dev.tolk.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * An error a request caused, answered as {@code application/problem+json}: a stable {@code type}
 * per kind of error and a {@code detail} that says what to fix.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String kind;

    /**
     * @param status the HTTP status
     * @param kind the last segment of the problem type, e.g. {@code empty-text}
     * @param detail what went wrong and what to do about it
     */
    public ApiException(HttpStatus status, String kind, String detail) {
        super(detail);
        this.status = status;
        this.kind = kind;
    }

    public HttpStatus status() {
        return status;
    }

    /** {@code /problems/<kind>}. */
    public URI type() {
        return type(kind);
    }

    static URI type(String kind) {
        return URI.create("/problems/" + kind);
    }

    public static ApiException badRequest(String kind, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, kind, detail);
    }

    public static ApiException notFound(String kind, String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, kind, detail);
    }

    public static ApiException conflict(String kind, String detail) {
        return new ApiException(HttpStatus.CONFLICT, kind, detail);
    }
}
