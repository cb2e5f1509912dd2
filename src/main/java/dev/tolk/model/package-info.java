/**
 * The Transformer of "Attention is all you need" (Vaswani et al., 2017), built from DJL blocks.
 *
 * <p>One class per box of the paper's figure 1: {@link dev.tolk.model.ScaledDotProductAttention}
 * (section 3.2.1), {@link dev.tolk.model.MultiHeadAttention} (3.2.2), {@link
 * dev.tolk.model.FeedForward} (3.3), {@link dev.tolk.model.TokenEmbedding} and {@link
 * dev.tolk.model.PositionalEncoding} (3.4, 3.5), {@link dev.tolk.model.SublayerConnection}
 * (residual + LayerNorm), {@link dev.tolk.model.EncoderLayer} and {@link
 * dev.tolk.model.DecoderLayer} stacked in {@link dev.tolk.model.TransformerEncoder} and {@link
 * dev.tolk.model.TransformerDecoder}, assembled in {@link dev.tolk.model.TransformerModel}. The
 * package knows nothing of files, HTTP, logging or training loops.
 *
 * <h2>Glossary (the paper's names)</h2>
 *
 * <ul>
 *   <li>{@code modelDim} (d_model): width of every residual stream.
 *   <li>{@code headCount} (h) and {@code headDim} (d_k = d_v = d_model / h).
 *   <li>{@code ffnDim} (d_ff): inner width of the position-wise feed-forward network.
 *   <li>{@code encoderLayerCount}, {@code decoderLayerCount} (N): stacked layers per side.
 *   <li>{@code dropout} (P_drop): on embeddings + positions, sub-layer outputs, attention weights
 *       and the FFN activation.
 *   <li>{@code labelSmoothing} (ε_ls): used by the training loss, not by the model.
 * </ul>
 *
 * <h2>Shape letters</h2>
 *
 * B batch, S source length, T target length, D modelDim, F ffnDim, V vocabulary, H heads, K
 * headDim, W beam width.
 *
 * <h2>Masks</h2>
 *
 * Masks are additive float arrays broadcastable to the score shape (B, H, T, S): 0 where a query
 * may look, {@link dev.tolk.model.ScaledDotProductAttention#MASKED} where it may not. A large
 * finite value rather than minus infinity, so a row that is masked everywhere yields uniform
 * weights instead of NaN; exp underflows to exactly zero, so masked keys contribute nothing.
 */
package dev.tolk.model;
