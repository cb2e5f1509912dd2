package dev.tolk.cli;

import dev.tolk.TolkVersion;
import dev.tolk.runtime.DeviceChoice;
import dev.tolk.runtime.EngineInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * The top-level command: {@code --version}, or the service when no command is named (its {@code
 * --name=value} arguments then go to Spring Boot, as for {@code serve}; {@link TolkMain} makes
 * every other command refuse unknown options).
 */
@Command(
        name = "tolk",
        description = "Tolk: trains and serves Transformer translation models on the JVM.",
        subcommands = {
            ServeCommand.class,
            VocabCommand.class,
            TokenizeCommand.class,
            BleuCommand.class,
            TrainCommand.class,
            TranslateCommand.class,
            EvaluateCommand.class,
            BenchCommand.class
        },
        sortOptions = false)
public final class TolkCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = {"-V", "--version"},
            description =
                    "Print the versions of Tolk, DJL and the engine, and the device, then exit.")
    boolean version;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help, then exit.")
    boolean help;

    @Option(
            names = "--device",
            defaultValue = "${env:TOLK_DEVICE:-auto}",
            description =
                    "auto (CUDA when present), cpu or gpu; default from TOLK_DEVICE, else ${DEFAULT-VALUE}.")
    DeviceChoice device;

    /** Spring Boot's {@code --name=value} arguments when no command is named. */
    @Unmatched List<String> serviceArguments = new ArrayList<>();

    private final BiConsumer<List<String>, DeviceChoice> service;

    private boolean serviceStarted;

    public TolkCommand() {
        this(ServeCommand::run);
    }

    /** With {@code service} run in place of the Spring Boot application (for tests). */
    TolkCommand(BiConsumer<List<String>, DeviceChoice> service) {
        this.service = service;
    }

    @Override
    public Integer call() {
        if (version) {
            printVersion(spec.commandLine().getOut());
            return 0;
        }
        return startService(serviceArguments);
    }

    /** Starts the service with Spring Boot arguments; used by {@code serve} too. */
    int startService(List<String> arguments) {
        service.accept(arguments, device);
        serviceStarted = true;
        return 0;
    }

    boolean serviceStarted() {
        return serviceStarted;
    }

    private void printVersion(PrintWriter out) {
        EngineInfo engine = EngineInfo.load(device);
        out.println("Tolk " + TolkVersion.get());
        out.println("DJL " + engine.djlVersion());
        out.println("Engine " + engine.engineName() + " " + engine.engineVersion());
        out.println("Device " + engine.deviceDescription());
        out.flush();
    }
}
