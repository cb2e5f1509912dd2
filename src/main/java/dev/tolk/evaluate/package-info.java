/**
 * {@code POST /evaluate}: BLEU and chrF of a client's hypotheses against references, exactly as
 * sacreBLEU scores them ({@link dev.tolk.metrics.Evaluation}); the request validates itself.
 */
package dev.tolk.evaluate;
