/**
 * Parallel corpora: streaming readers for aligned files, TSV and JSON Lines (plain or gzip), the
 * cleaning every pair goes through with its {@link dev.tolk.data.CorpusReport}, held-out data and
 * leakage, and batches by token budget ({@link dev.tolk.data.TokenBatcher}). No Spring code.
 */
package dev.tolk.data;
