/**
 * Training the Transformer: the label-smoothed cross-entropy loss (more of the loop comes with the
 * training pipeline). No Spring code.
 */
package dev.tolk.training;
