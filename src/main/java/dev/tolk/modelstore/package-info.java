/**
 * Models on disk: {@link dev.tolk.modelstore.ParameterFile} (architecture header + parameters),
 * {@link dev.tolk.modelstore.ModelDirectory} and its {@link dev.tolk.modelstore.ModelManifest}
 * ({@code model.json}), {@link dev.tolk.modelstore.Checkpoints}, {@link
 * dev.tolk.modelstore.LoadedModel} (a model, its tokenizer and a translator, ready to serve) and
 * {@link dev.tolk.modelstore.ModelStore} (the models directory: listing, defaults per language
 * pair, deletion). Everything is written atomically (temporary file, then rename) so a crash never
 * leaves a half-written model where a complete one was. No Spring code.
 */
package dev.tolk.modelstore;
