package dev.tolk.translate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How much waiting work {@link TranslationService} admits: at most {@code maxQueuedTexts} texts,
 * {@code maxQueuedChars} characters and {@code maxQueueSeconds} of decoding at the rate measured
 * over recent batches. Work is counted in when a request is queued and out when a worker takes it
 * (or it is dropped); beyond the bounds a request is refused at once with {@link
 * OverloadedException}.
 */
final class Admission {

    private final int maxQueuedTexts;
    private final long maxQueuedChars;
    private final double maxQueueSeconds;
    private final int batchSentences;
    private final int streamCount;
    private final AtomicInteger queuedTexts = new AtomicInteger();
    private final AtomicLong queuedChars = new AtomicLong();
    private final Counter rejected;

    /** Texts one stream decodes per second, a moving average over batches; 0 until measured. */
    private double textsPerSecondPerStream;

    Admission(
            int maxQueuedTexts,
            long maxQueuedChars,
            double maxQueueSeconds,
            int batchSentences,
            int streamCount,
            MeterRegistry meters) {
        this.maxQueuedTexts = maxQueuedTexts;
        this.maxQueuedChars = maxQueuedChars;
        this.maxQueueSeconds = maxQueueSeconds;
        this.batchSentences = batchSentences;
        this.streamCount = streamCount;
        this.rejected =
                Counter.builder("tolk.translate.rejected")
                        .description("Requests refused at once: too much work waiting")
                        .register(meters);
        Gauge.builder("tolk.translate.queued.texts", queuedTexts, AtomicInteger::get)
                .description("Texts waiting to be decoded")
                .register(meters);
    }

    /** Counts the work in, or refuses it when it would exceed the admitted amount. */
    void admit(int texts, long chars) {
        int textsNow = queuedTexts.addAndGet(texts);
        long charsNow = queuedChars.addAndGet(chars);
        // A request alone over the limits is admitted when nothing waits: it can never fit. And
        // one batch per stream is always admitted: the measured rate may come from small batches.
        boolean alone = textsNow == texts;
        boolean oneRound = textsNow <= (long) batchSentences * streamCount;
        double waitSeconds = estimatedWait(textsNow);
        String limit =
                textsNow > maxQueuedTexts
                        ? maxQueuedTexts + " texts, tolk.translate.max-queued-texts"
                        : charsNow > maxQueuedChars
                                ? maxQueuedChars + " characters, tolk.translate.max-queued-chars"
                                : waitSeconds > maxQueueSeconds && !oneRound
                                        ? String.format(
                                                java.util.Locale.ROOT,
                                                "about %.1f s of decoding waiting, more than"
                                                        + " tolk.translate.max-queue-seconds",
                                                waitSeconds)
                                        : null;
        if (!alone && limit != null) {
            release(texts, chars);
            rejected.increment();
            throw new OverloadedException(
                    limit, Math.max(1, (long) Math.ceil(Math.min(waitSeconds, 60))));
        }
    }

    /** Seconds the waiting texts take to decode at the measured rate; 0 before a measurement. */
    private synchronized double estimatedWait(int texts) {
        return textsPerSecondPerStream <= 0 ? 0 : texts / (textsPerSecondPerStream * streamCount);
    }

    /** Folds a decoded batch into the rate (an exponential moving average over batches). */
    synchronized void measured(int texts, long nanos) {
        double rate = texts / Math.max(1e-3, nanos / 1e9);
        textsPerSecondPerStream =
                textsPerSecondPerStream <= 0 ? rate : 0.8 * textsPerSecondPerStream + 0.2 * rate;
    }

    void release(int texts, long chars) {
        queuedTexts.addAndGet(-texts);
        queuedChars.addAndGet(-chars);
    }
}
