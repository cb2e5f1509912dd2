/**
 * Models on disk: parameter files and model directories, written atomically (temporary file, then
 * rename) so a crash never leaves a half-written model where a complete one was.
 */
package dev.tolk.modelstore;
