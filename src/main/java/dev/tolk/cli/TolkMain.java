package dev.tolk.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

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
        CommandLine commandLine =
                new CommandLine(root)
                        .setCaseInsensitiveEnumValuesAllowed(true)
                        .setExecutionStrategy(TolkMain::execute)
                        .setExecutionExceptionHandler(
                                (e, command, parseResult) -> {
                                    command.getErr().println("tolk: " + e.getMessage());
                                    return 1;
                                });
        refuseUnknownArguments(commandLine);
        return commandLine;
    }

    /**
     * Only a command that hands unknown arguments on to Spring Boot (one with an {@code @Unmatched}
     * field: the bare command and {@code serve}) takes them; every other command rejects an unknown
     * option as picocli does, with suggestions and exit code 2. Picocli would otherwise let every
     * subcommand inherit the bare command's leniency.
     */
    private static void refuseUnknownArguments(CommandLine command) {
        for (CommandLine sub : command.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            spec.parser().unmatchedArgumentsAllowed(!spec.unmatchedArgsBindings().isEmpty());
            refuseUnknownArguments(sub);
        }
    }

    /**
     * Runs the command named last, once no argument is left over: the bare command and {@code
     * serve} take only Spring Boot's {@code --name[=value]} arguments, and nothing before a
     * command's name ({@code tolk --bogus train}) goes unread.
     */
    private static int execute(ParseResult parsed) {
        ParseResult command = parsed;
        while (command.hasSubcommand()) {
            refuse(command, command.unmatched());
            command = command.subcommand();
        }
        refuse(command, command.unmatched().stream().filter(a -> !a.startsWith("--")).toList());
        return new CommandLine.RunLast().execute(parsed);
    }

    private static void refuse(ParseResult command, List<String> arguments) {
        if (!arguments.isEmpty()) {
            throw new UnmatchedArgumentException(command.commandSpec().commandLine(), arguments);
        }
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
