/**
 * Tolk: a machine-translation service that trains and serves Transformer models on DJL.
 *
 * <p>This package holds what every other shares: {@link dev.tolk.TolkApplication} (the Spring Boot
 * service), {@link dev.tolk.TolkProperties} (its {@code tolk.*} configuration), {@link
 * dev.tolk.TolkVersion} and {@link dev.tolk.FeatureException}, the base of the exceptions by which
 * features refuse a request. The core ({@code model}, {@code decode}, {@code training}, {@code
 * data}, {@code text}, {@code metrics}, {@code modelstore}, {@code io}, {@code runtime}) uses no
 * Spring; the features ({@code translate}, {@code job}, {@code evaluate}) add the service around
 * it; {@code web} is cross-cutting HTTP; {@code cli} the command line. {@code docs/architecture.md}
 * draws the rules that {@code ArchitectureTest} enforces.
 */
package dev.tolk;
