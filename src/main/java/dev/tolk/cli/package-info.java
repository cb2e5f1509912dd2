/**
 * The command line (picocli): {@link dev.tolk.cli.TolkMain} builds the command tree and runs it;
 * {@link dev.tolk.cli.TolkCommand} is its root; one {@code *Command} class per command ({@code
 * serve}, {@code vocab}, {@code tokenize}, {@code bleu}, {@code train}, {@code translate}, {@code
 * evaluate}, and {@code bench} with {@code train}, {@code decode}, {@code http}, {@code vocab},
 * {@code bleu}); options shared by several commands as mixins ({@code SearchOptions}, {@code
 * StreamsOption}); {@code JsonLine}, the one way a command prints {@code --json}.
 *
 * <p>{@code java -jar tolk.jar} with no command, or {@code serve}, starts the service and hands its
 * {@code --name=value} arguments to Spring Boot; every other command rejects an unknown option
 * (exit code 2). Commands read their options and call the core packages ({@code training}, {@code
 * decode}, {@code metrics}, {@code text}, {@code modelstore}, ...); the bench commands also set up
 * the models and data they time. Nothing here is used by the service.
 */
package dev.tolk.cli;
