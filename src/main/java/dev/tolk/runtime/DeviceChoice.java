package dev.tolk.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** The configured device ({@code tolk.device}, {@code TOLK_DEVICE}, {@code --device}). */
public enum DeviceChoice {
    /** The first CUDA GPU when one is visible, else the CPU. */
    AUTO,
    /** The CPU, even when a GPU is visible. */
    CPU,
    /** The first CUDA GPU; an error when none is visible. */
    GPU;

    /** Parses {@code auto}, {@code cpu} or {@code gpu} (any case). */
    public static DeviceChoice parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "device '" + text + "' is not one of auto, cpu, gpu", e);
        }
    }

    /**
     * The device this choice selects on {@code engine}.
     *
     * @throws IllegalStateException for {@link #GPU} when the engine sees no GPU
     */
    public Device select(Engine engine) {
        int gpus = engine.getGpuCount();
        return switch (this) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new IllegalStateException(
                            "device 'gpu' was requested but PyTorch sees no CUDA GPU: use the"
                                    + " CUDA build (PYTORCH_FLAVOR=cu128, PYTORCH_LIBRARY_PATH)"
                                    + " with libcudart.so on the library path, or set device to"
                                    + " auto or cpu");
                }
                yield Device.gpu();
            }
        };
    }
}
