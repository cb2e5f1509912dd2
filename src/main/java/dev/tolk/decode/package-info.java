/**
 * Search: turning a trained model and source ids into target ids. Search strategies live here,
 * never in the model. No Spring code.
 */
package dev.tolk.decode;
