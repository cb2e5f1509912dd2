package dev.tolk.runtime;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's intra-op thread count, which OpenMP keeps per thread. A thread that never sets it takes
 * the count last set on any thread when it first runs a parallel operation, so a thread whose count
 * matters (training, decoding streams) sets its own.
 */
public final class IntraOpThreads {

    /** DJL's system property for the engine's thread count. */
    public static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private IntraOpThreads() {}

    /**
     * The count for work that should use the whole machine: {@value #PROPERTY} when set, otherwise
     * the available processors.
     */
    public static int machineDefault() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            try {
                int n = Integer.parseInt(configured.strip());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through to the processors
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Sets the calling thread's intra-op thread count (nothing for {@code threads <= 0}). */
    public static void setOnThisThread(int threads) {
        if (threads > 0) {
            Engine.getEngine(EngineInfo.ENGINE); // loads the native library if nothing has yet
            JniUtils.setNumThreads(threads);
        }
    }

    /** Autograd off and {@code threads} intra-op threads (0: unchanged) on the calling thread. */
    public static void prepareForInference(int threads) {
        GradMode.disableOnThisThread();
        setOnThisThread(threads);
    }
}
