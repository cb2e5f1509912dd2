/**
 * Search: turning a trained model and source ids into target ids, and text into text. Search
 * strategies live here, never in the model: {@link dev.tolk.decode.GreedySearch} and {@link
 * dev.tolk.decode.BeamSearch} on a {@link dev.tolk.decode.Decoding} (one incremental call, {@link
 * dev.tolk.decode.ModelDecoding} on a model, with {@link dev.tolk.decode.Steps}' per-step
 * arithmetic), configured by {@link dev.tolk.decode.SearchSettings} (the defaults users get, as
 * typed constants); {@link dev.tolk.decode.BatchDecoder} (length-sorted batches) and {@link
 * dev.tolk.decode.DecodeStreams} (several batches at once); {@link dev.tolk.decode.Translator}
 * (text in, text out, long texts split at sentences) and {@link dev.tolk.decode.TranslationJson}, a
 * translation's JSON shape on the command line and over HTTP. Knows nothing of model files ({@code
 * modelstore}) or Spring.
 */
package dev.tolk.decode;
