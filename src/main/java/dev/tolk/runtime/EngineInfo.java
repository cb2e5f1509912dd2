package dev.tolk.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * The loaded engine and the device Tolk will compute on.
 *
 * @param djlVersion DJL's version, e.g. {@code 0.35.0}
 * @param engineName {@code PyTorch}
 * @param engineVersion the native library's version, e.g. {@code 2.7.1}
 * @param device the selected device
 * @param gpuCount CUDA GPUs the engine sees
 */
public record EngineInfo(
        String djlVersion, String engineName, String engineVersion, Device device, int gpuCount) {

    /** The engine Tolk is built for. */
    public static final String ENGINE = "PyTorch";

    /**
     * Loads the PyTorch engine (from the native library on the class path; nothing is downloaded)
     * and selects the device.
     */
    public static EngineInfo load(DeviceChoice choice) {
        Engine engine = Engine.getEngine(ENGINE);
        Device device = choice.select(engine);
        return new EngineInfo(
                Engine.getDjlVersion(),
                engine.getEngineName(),
                engine.getVersion(),
                device,
                engine.getGpuCount());
    }

    /** {@code CPU} or {@code CUDA gpu(0) of 2 GPUs}. */
    public String deviceDescription() {
        if (device.isGpu()) {
            return "CUDA " + device + " of " + gpuCount + (gpuCount == 1 ? " GPU" : " GPUs");
        }
        return "CPU" + (gpuCount > 0 ? " (" + gpuCount + " CUDA GPUs visible, not used)" : "");
    }
}
