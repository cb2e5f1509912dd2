package dev.tolk.web;

import dev.tolk.model.InputTooLongException;
import dev.tolk.modelstore.IncompatibleModelException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error as {@code application/problem+json} (RFC 9457, Spring's {@link ProblemDetail}): a
 * stable {@code type} per kind of error, a {@code detail} that says what to fix, and the same text
 * as {@code error} for LibreTranslate's clients, which read that field.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException e, HttpServletRequest request) {
        return problem(e.status(), e.type(), e.getMessage(), request);
    }

    @ExceptionHandler(InputTooLongException.class)
    ResponseEntity<Object> tooLong(InputTooLongException e, HttpServletRequest request) {
        return problem(
                HttpStatus.CONTENT_TOO_LARGE,
                ApiException.type("text-too-long"),
                e.getMessage(),
                request);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Object> invalid(IllegalArgumentException e, HttpServletRequest request) {
        return problem(
                HttpStatus.BAD_REQUEST,
                ApiException.type("invalid-request"),
                e.getMessage(),
                request);
    }

    @ExceptionHandler(IncompatibleModelException.class)
    ResponseEntity<Object> damaged(IncompatibleModelException e, HttpServletRequest request) {
        return problem(
                HttpStatus.CONFLICT,
                ApiException.type("model-unusable"),
                e.getMessage() + "; delete the model (DELETE /models/{id}) or train it again",
                request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) throws Exception {
        if (e instanceof org.springframework.web.ErrorResponse
                || e instanceof org.springframework.web.servlet.NoHandlerFoundException) {
            throw e; // Spring's own exceptions: handled below
        }
        LOG.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                ApiException.type("internal"),
                "an unexpected error occurred ("
                        + e.getClass().getSimpleName()
                        + "); the log has"
                        + " the details",
                request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        String cause =
                e.getMostSpecificCause() == null ? "" : e.getMostSpecificCause().getMessage();
        return springProblem(
                e,
                status,
                "malformed-body",
                "the body is not valid JSON for this endpoint ("
                        + firstLine(cause)
                        + "); send a JSON object, e.g. {\"text\": \"Hello\"}",
                headers,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException e,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return springProblem(
                e,
                status,
                "unsupported-media-type",
                "content type "
                        + e.getContentType()
                        + " is not accepted here; send one of "
                        + e.getSupportedMediaTypes(),
                headers,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
            MaxUploadSizeExceededException e,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return springProblem(
                e,
                status,
                "upload-too-large",
                "the upload exceeds the limit (spring.servlet.multipart.max-file-size /"
                        + " max-request-size); compress the files with gzip or raise the"
                        + " limit",
                headers,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException e,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return springProblem(
                e,
                status,
                "unknown-path",
                "no endpoint at /"
                        + e.getResourcePath()
                        + "; the API is listed at /swagger-ui.html and /v3/api-docs",
                headers,
                request);
    }

    /** A problem for one of Spring MVC's own exceptions, with our type and detail. */
    private ResponseEntity<Object> springProblem(
            Exception e,
            HttpStatusCode status,
            String kind,
            String detail,
            HttpHeaders headers,
            WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(ApiException.type(kind));
        return handleExceptionInternal(e, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e,
            Object body,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        ResponseEntity<Object> response =
                super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            problem.setProperty("error", problem.getDetail());
        }
        return response;
    }

    private static ResponseEntity<Object> problem(
            HttpStatus status, URI type, String detail, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(type);
        body.setInstance(URI.create(request.getRequestURI()));
        body.setProperty("error", detail);
        return ResponseEntity.status(status)
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
