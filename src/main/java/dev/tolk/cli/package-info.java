/**
 * Command-line entry points (picocli), one class per command. {@code java -jar tolk.jar} with no
 * command, or {@code serve}, starts the service.
 */
package dev.tolk.cli;
