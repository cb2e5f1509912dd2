package dev.tolk.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code java -jar target/tolk.jar [command] [options]}. */
public final class TolkMain {

    private TolkMain() {}

    public static void main(String[] args) {
        // Nothing is ever downloaded: DJL must not fetch libraries or call its telemetry home.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        quietCommandLineLogging();
        TolkCommand root = new TolkCommand();
        int exitCode = commandLine(root).execute(args);
        // A started service keeps running on its own threads; every other command ends the JVM.
        if (!root.serviceStarted()) {
            System.exit(exitCode);
        }
    }

    /** The command tree, shared by {@link #main} and tests. */
    static CommandLine commandLine(TolkCommand root) {
        return new CommandLine(root)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(
                        (e, commandLine, parseResult) -> {
                            commandLine.getErr().println("tolk: " + e.getMessage());
                            return 1;
                        });
    }

    /**
     * Commands write their results on stdout, so library logging goes to stderr and only from WARN
     * up. The service replaces this with Spring Boot's logging when it starts.
     */
    private static void quietCommandLineLogging() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger{0}: %msg%n");
        encoder.start();
        ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ConsoleAppender<>();
        appender.setContext(context);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        // "Failed to detect GPU count" on every CPU-only machine with CUDA libraries but no driver;
        // --version states the device instead.
        context.getLogger("ai.djl.util.cuda.CudaUtils").setLevel(Level.ERROR);
        root.addAppender(appender);
    }
}
