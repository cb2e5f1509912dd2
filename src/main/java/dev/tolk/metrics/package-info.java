/**
 * BLEU and chrF exactly as sacreBLEU 2.x computes them (Post, 2018; sacreBLEU 2.6.0 checked), with
 * its tokenizers ({@code 13a}, {@code intl}, {@code char}, {@code none}) and signatures. Strings
 * are handled as Python handles them: code points, Python's whitespace for {@code split()} and
 * {@code rstrip()}, full Unicode lowercasing, round-half-even decimal formatting. {@link
 * dev.tolk.metrics.Evaluation} is the one call (BLEU + chrF with signatures), {@link
 * dev.tolk.metrics.Scores} a cased and a lowercased pair of them, {@link
 * dev.tolk.metrics.OutputChecks} counts empty, copied and repeating outputs. No Spring code.
 */
package dev.tolk.metrics;
