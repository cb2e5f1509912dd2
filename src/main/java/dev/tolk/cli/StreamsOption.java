package dev.tolk.cli;

import ai.djl.Device;
import dev.tolk.decode.DecodeStreams;
import picocli.CommandLine.Option;

/** {@code --streams N}, shared by the commands that decode. */
final class StreamsOption {

    @Option(
            names = "--streams",
            description =
                    "Batches decoded at once, the cores shared among them (default: one per core,"
                            + " at most 4, on CPU; 1 on a GPU).")
    Integer streams;

    /** The streams asked for, or the device's default. */
    DecodeStreams open(Device device) {
        return DecodeStreams.forDevice(device, streams);
    }
}
