package dev.tolk.cli;

import dev.tolk.TolkApplication;
import dev.tolk.runtime.DeviceChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/** {@code serve [--name=value ...]}: starts the HTTP service; arguments are Spring Boot's. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Start the HTTP service (also the default when no command is given).",
            "Spring Boot properties work as --name=value, e.g. --server.port=9090"
                    + " --tolk.models-dir=/srv/models; environment variables too (SERVER_PORT)."
        })
final class ServeCommand implements Callable<Integer> {

    @ParentCommand TolkCommand parent;

    @Unmatched List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() {
        return parent.startService(arguments);
    }

    /**
     * Runs the Spring Boot application; returns once it has started. A device given as {@code
     * --device} becomes the default of {@code tolk.device}, below explicit Spring properties.
     */
    static void run(List<String> arguments, DeviceChoice device) {
        SpringApplication application = new SpringApplication(TolkApplication.class);
        application.setDefaultProperties(
                Map.of("tolk.device", device.name().toLowerCase(Locale.ROOT)));
        application.run(arguments.toArray(String[]::new));
    }
}
