package dev.tolk.runtime;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's autograd switch, which is per thread: DJL turns it off only on the thread that loaded
 * the engine and after each {@code GradientCollector}, so any other thread that runs inference (a
 * request thread, a training job's thread) must turn it off itself or every forward pass records a
 * graph.
 */
public final class GradMode {

    private GradMode() {}

    /** Stops recording autograd graphs on the calling thread. */
    public static void disableOnThisThread() {
        Engine.getEngine(EngineInfo.ENGINE); // loads the native library if nothing has yet
        JniUtils.setGradMode(false);
    }
}
