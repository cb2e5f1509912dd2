package dev.tolk.web;

import dev.tolk.FeatureException;
import dev.tolk.io.JsonErrors;
import dev.tolk.model.InputTooLongException;
import dev.tolk.modelstore.IncompatibleModelException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * Every error as {@code application/problem+json} (RFC 9457, Spring's {@link ProblemDetail}), in
 * one place: a stable {@code type} per kind of error ({@code /problems/<type>}), a {@code detail}
 * that says what to fix, and the same text as {@code error} for LibreTranslate's clients, which
 * read that field.
 *
 * <p>Features throw {@link FeatureException}s, whose {@link FeatureException.Failure failure}
 * decides the status here. A body that does not bind (wrong JSON type, a number out of range, a
 * null element, a broken constraint) is a 400 naming the field. Anything else is a bug: a 500 with
 * a log line, never a 400.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

    /** The status of each kind of refusal. */
    static HttpStatus status(FeatureException.Failure failure) {
        return switch (failure) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case DISABLED -> HttpStatus.FORBIDDEN;
        };
    }

    /**
     * The status of a refusal of a LibreTranslate-shaped request ({@link LibreTranslateShape}), as
     * LibreTranslate answers it: an unsupported language or pair (not found) and a text over the
     * limit are 400s, an overloaded service says slow down (429); the rest as in Tolk's shape.
     */
    static HttpStatus libreStatus(FeatureException e) {
        if (e.type().equals("overloaded")) {
            return HttpStatus.TOO_MANY_REQUESTS;
        }
        return switch (e.failure()) {
            case NOT_FOUND, INVALID, TOO_LARGE -> HttpStatus.BAD_REQUEST;
            default -> status(e.failure());
        };
    }

    /** {@code /problems/<type>}. */
    static URI type(String type) {
        return URI.create("/problems/" + type);
    }

    @ExceptionHandler(FeatureException.class)
    ResponseEntity<Object> refused(FeatureException e, HttpServletRequest request) {
        HttpStatus status =
                LibreTranslateShape.marked(request) ? libreStatus(e) : status(e.failure());
        ResponseEntity<Object> answer = problem(status, e.type(), e.getMessage(), request);
        if (e.retryAfterSeconds() > 0) {
            return ResponseEntity.status(answer.getStatusCode())
                    .headers(answer.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                    .body(answer.getBody());
        }
        return answer;
    }

    @ExceptionHandler(InputTooLongException.class)
    ResponseEntity<Object> tooLong(InputTooLongException e, HttpServletRequest request) {
        return problem(
                LibreTranslateShape.marked(request)
                        ? HttpStatus.BAD_REQUEST
                        : HttpStatus.CONTENT_TOO_LARGE,
                "text-too-long",
                e.getMessage(),
                request);
    }

    @ExceptionHandler(IncompatibleModelException.class)
    ResponseEntity<Object> damaged(IncompatibleModelException e, HttpServletRequest request) {
        return problem(
                HttpStatus.CONFLICT,
                "model-unusable",
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
                "internal",
                "an unexpected error occurred ("
                        + e.getClass().getSimpleName()
                        + "); the log has the details",
                request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        String detail;
        if (e.getCause() instanceof JacksonException j) {
            detail = JsonErrors.describe(j).message();
        } else {
            detail = "the body is missing or not valid JSON; send a JSON object";
        }
        return springProblem(e, status, "malformed-body", detail, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        FieldError field = e.getBindingResult().getFieldError();
        if (field == null) {
            return springProblem(
                    e, status, "invalid-request", describe(e.getAllErrors()), headers, request);
        }
        if (field.isBindingFailure()) {
            return springProblem(
                    e,
                    status,
                    "malformed-body",
                    field.getField()
                            + " must be "
                            + expected(field)
                            + ", not \""
                            + field.getRejectedValue()
                            + "\"",
                    headers,
                    request);
        }
        return springProblem(
                e,
                status,
                "invalid-" + kebab(field.getField()),
                field.getField()
                        + " "
                        + field.getDefaultMessage()
                        + " (got "
                        + field.getRejectedValue()
                        + ")",
                headers,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return springProblem(
                e, status, "invalid-request", describe(e.getAllErrors()), headers, request);
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
            String type,
            String detail,
            HttpHeaders headers,
            WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(type(type));
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
            HttpStatus status, String type, String detail, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(type(type));
        body.setInstance(URI.create(request.getRequestURI()));
        body.setProperty("error", detail);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    /** Every violation as {@code field message}, joined. */
    private static String describe(List<? extends MessageSourceResolvable> errors) {
        return String.join(
                "; ",
                errors.stream()
                        .map(
                                error ->
                                        error instanceof FieldError f
                                                ? f.getField() + " " + f.getDefaultMessage()
                                                : error.getDefaultMessage())
                        .toList());
    }

    /** What a form field that did not convert must be, from the conversion's error codes. */
    private static String expected(FieldError field) {
        String prefix = "typeMismatch.java.";
        for (String code : field.getCodes() == null ? new String[0] : field.getCodes()) {
            if (code.startsWith(prefix)) {
                try {
                    return JsonErrors.expected(
                            Class.forName(code.substring("typeMismatch.".length())));
                } catch (ClassNotFoundException e) {
                    break;
                }
            }
        }
        return "a value of another type";
    }

    /** {@code noRepeatNgram} → {@code no-repeat-ngram}; {@code texts[2]} → {@code texts}. */
    static String kebab(String field) {
        String name = field.replaceAll("\\[.*$", "").replaceAll("^.*\\.", "");
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
