package dev.tolk.model;

/** A source or target sequence is longer than the model's {@code maxLength}. */
public class InputTooLongException extends IllegalArgumentException {

    private final long actual;
    private final long max;

    public InputTooLongException(long actual, long max) {
        super(
                "sequence of "
                        + actual
                        + " tokens is longer than the model's limit of "
                        + max
                        + " tokens: split the text into shorter sentences");
        this.actual = actual;
        this.max = max;
    }

    /** With a message of the caller's, which says which input and what to do. */
    public InputTooLongException(long actual, long max, String message) {
        super(message);
        this.actual = actual;
        this.max = max;
    }

    public long actual() {
        return actual;
    }

    public long max() {
        return max;
    }
}
