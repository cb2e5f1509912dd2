package dev.tolk.decode;

import ai.djl.Device;
import dev.tolk.runtime.IntraOpThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many batches are decoded at once, and with how many intra-op threads each: CTranslate2's
 * {@code inter_threads} and {@code intra_threads}. A decoding step of a small Transformer is a
 * chain of small operations, so one batch keeps two cores no busier than one (measured: the same
 * tokens/s on 1 and 2 threads); two batches side by side, one thread each, use both.
 *
 * <p>With one stream, work runs on the calling thread and its thread count is left as it is. With
 * more, on daemon threads (started when first needed) that each turn autograd off and set their own
 * thread count (OpenMP's and MKL's thread counts are per thread).
 */
public final class DecodeStreams implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final DecodeStreams SINGLE = new DecodeStreams(1, 0);

    private final int streams;
    private final int threadsPerStream;
    private ExecutorService pool;

    private DecodeStreams(int streams, int threadsPerStream) {
        if (streams < 1) {
            throw new IllegalArgumentException("streams (" + streams + ") must be at least 1");
        }
        if (threadsPerStream < 0) {
            throw new IllegalArgumentException(
                    "threadsPerStream (" + threadsPerStream + ") must be 0 (unchanged) or more");
        }
        this.streams = streams;
        this.threadsPerStream = threadsPerStream;
    }

    /** The pool, started when first needed (a configuration that is never run starts nothing). */
    private synchronized ExecutorService pool() {
        if (pool == null) {
            int id = POOLS.incrementAndGet();
            AtomicInteger next = new AtomicInteger();
            pool =
                    Executors.newFixedThreadPool(
                            streams,
                            task -> {
                                Thread t =
                                        new Thread(
                                                () -> {
                                                    IntraOpThreads.prepareForInference(
                                                            threadsPerStream);
                                                    task.run();
                                                },
                                                "decode-" + id + "-" + next.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
        }
        return pool;
    }

    /** Everything on the calling thread (shared: it starts no threads, so closing it is moot). */
    public static DecodeStreams single() {
        return SINGLE;
    }

    /**
     * {@code streams} batches at once, {@code threadsPerStream} intra-op threads each (0: the
     * engine's default).
     */
    public static DecodeStreams of(int streams, int threadsPerStream) {
        return new DecodeStreams(streams, threadsPerStream);
    }

    /**
     * The default for a device: on a GPU one stream (the device runs a batch's operations in
     * parallel already); on CPU one stream per core up to 4, the cores shared out among them.
     */
    public static DecodeStreams forDevice(Device device) {
        return forDevice(device, null);
    }

    /**
     * {@code streams} batches at once on {@code device} (null: {@link #forDevice(Device)}'s
     * default); on CPU the cores are shared out among them.
     */
    public static DecodeStreams forDevice(Device device, Integer streams) {
        int cores = Runtime.getRuntime().availableProcessors();
        int count = streams != null ? streams : device.isGpu() ? 1 : Math.min(4, cores);
        if (count == 1) {
            return single();
        }
        return of(count, device.isGpu() ? 0 : Math.max(1, cores / count));
    }

    public int streams() {
        return streams;
    }

    /** Intra-op threads of each stream; 0 when left as the engine's default. */
    public int threadsPerStream() {
        return threadsPerStream;
    }

    /**
     * Runs every task, up to {@link #streams} at once, and returns their results in order. The
     * first failure is thrown once every task has ended (so no task still uses arrays the caller
     * frees).
     */
    public <T> List<T> runAll(List<Callable<T>> tasks) {
        List<T> results = new ArrayList<>(tasks.size());
        if (streams == 1 || tasks.size() == 1) {
            for (Callable<T> task : tasks) {
                results.add(call(task));
            }
            return results;
        }
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            futures.add(pool().submit(task));
        }
        Throwable failure = null;
        boolean interrupted = false;
        for (Future<T> future : futures) {
            // An interrupt does not stop the wait: running tasks use arrays the caller frees
            // afterwards, so this returns (as one stream decoding on the calling thread would)
            // once every task has ended, with the interrupt flag set again.
            while (true) {
                try {
                    results.add(future.get());
                    break;
                } catch (ExecutionException e) {
                    failure = first(failure, e.getCause());
                    results.add(null);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("decoding failed: " + failure.getMessage(), failure);
        }
        return results;
    }

    private static Throwable first(Throwable failure, Throwable cause) {
        if (failure == null) {
            return cause;
        }
        failure.addSuppressed(cause);
        return failure;
    }

    private static <T> T call(Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("decoding failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdown();
            try {
                pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        String text = streams + (streams == 1 ? " stream" : " streams");
        return threadsPerStream == 0
                ? text
                : text
                        + " × "
                        + threadsPerStream
                        + (threadsPerStream == 1 ? " thread" : " threads");
    }
}
