package dev.tolk.web;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Answers of work done in the background, without holding a request thread meanwhile: past the
 * deadline the answer is the given refusal (a 503), and when the client goes away or the deadline
 * passes the work is cancelled, so the batcher drops what it has not decoded.
 */
public final class AsyncAnswers {

    private AsyncAnswers() {}

    public static <T> DeferredResult<T> of(
            CompletableFuture<T> work, long deadlineMillis, Supplier<RuntimeException> late) {
        DeferredResult<T> result = new DeferredResult<>(deadlineMillis);
        work.whenComplete(
                (value, error) -> {
                    if (error instanceof CancellationException) {
                        return; // cancelled below, with its own answer
                    }
                    if (error == null) {
                        result.setResult(value);
                    } else {
                        result.setErrorResult(unwrap(error));
                    }
                });
        result.onTimeout(
                () -> {
                    // The answer first: cancelling completes the work on this thread.
                    result.setErrorResult(late.get());
                    work.cancel(false);
                });
        result.onError(error -> work.cancel(false));
        return result;
    }

    /** The cause of a failed stage, as the stage threw it. */
    public static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
    }

    /** The seconds of {@code millis}, for messages. */
    public static long seconds(long millis) {
        return TimeUnit.MILLISECONDS.toSeconds(millis);
    }
}
