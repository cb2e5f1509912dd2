package dev.tolk;

/**
 * A request a feature refuses, carrying the facts: what kind of failure it is ({@link Failure}, no
 * protocol in sight), a stable {@link #type() type} and a message that says what to fix. The web
 * layer maps the failure to an HTTP status and the type to a problem type in one place ({@code
 * web.ProblemHandler}); the command line prints the message.
 */
public abstract class FeatureException extends RuntimeException {

    /** What kind of refusal it is. */
    public enum Failure {
        /** The request names something that does not exist. */
        NOT_FOUND,
        /** The request itself is wrong: a field's value, a missing field. */
        INVALID,
        /** The request is too large for the configured limits. */
        TOO_LARGE,
        /** The request is valid but the current state does not allow it. */
        CONFLICT,
        /** The service cannot do it now; the same request may work later. */
        UNAVAILABLE,
        /** The operator turned the feature off (LibreTranslate's 403 for files and suggestions). */
        DISABLED
    }

    private final Failure failure;
    private final String type;

    /**
     * @param failure what kind of refusal
     * @param type a stable name of the failure, e.g. {@code unknown-model}
     * @param message what went wrong and what to do about it
     */
    protected FeatureException(Failure failure, String type, String message) {
        super(message);
        this.failure = failure;
        this.type = type;
    }

    protected FeatureException(Failure failure, String type, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.type = type;
    }

    /**
     * For an {@link Failure#UNAVAILABLE} refusal, when a retry may succeed, in seconds (0: no
     * estimate). Sent as {@code Retry-After}.
     */
    public long retryAfterSeconds() {
        return 0;
    }

    public Failure failure() {
        return failure;
    }

    /** A stable name of the failure, e.g. {@code unknown-model}. */
    public String type() {
        return type;
    }
}
