package dev.tolk.data;

import java.io.IOException;

/**
 * One streaming pass over a training corpus: every pair is read, cleaned and sent either to the
 * training or to the held-out consumer, while the corpus report and held-out leakage are counted.
 * With a validation set, it is read first (normalized, never filtered: scores must be comparable
 * with other systems' on the same set) and is the held-out data; without one, the split decides.
 */
public final class CorpusPass {

    /** Receives pairs; may write them somewhere or encode them. */
    @FunctionalInterface
    public interface PairConsumer {
        void accept(SentencePair pair) throws IOException;
    }

    /** What the pass found. */
    public record Result(CorpusReport corpus, HeldOutReport heldOut) {}

    private CorpusPass() {}

    /**
     * @param validation the held-out set, or null to split one off with {@code split}
     * @throws dev.tolk.io.MalformedTextException on bad input, naming file and line, or when
     *     cleaning leaves no training pair
     */
    public static Result run(
            CorpusFiles corpus,
            CorpusFiles validation,
            HeldOutSplit split,
            CleaningOptions options,
            PairConsumer training,
            PairConsumer heldOut)
            throws IOException {
        LeakageCounter leakage = new LeakageCounter();
        if (validation != null) {
            try (CorpusReader reader = CorpusReader.open(validation)) {
                for (SentencePair raw = reader.next(); raw != null; raw = reader.next()) {
                    SentencePair pair = CorpusCleaner.normalize(raw);
                    leakage.addHeldOut(pair);
                    heldOut.accept(pair);
                }
            }
        }
        CorpusCleaner cleaner = new CorpusCleaner(options);
        try (CorpusReader reader = CorpusReader.open(corpus)) {
            for (SentencePair raw = reader.next(); raw != null; raw = reader.next()) {
                SentencePair pair = cleaner.clean(raw);
                if (pair == null) {
                    continue;
                }
                // A split sends identical pairs to the same side, so the held-out pairs a
                // training pair could equal are never added after it: one pass counts leakage.
                if (validation == null && split.isHeldOut(pair)) {
                    leakage.addHeldOut(pair);
                    heldOut.accept(pair);
                } else {
                    leakage.offerTraining(pair);
                    training.accept(pair);
                }
            }
        }
        CorpusReport report = cleaner.report();
        if (report.pairsKept() == 0) {
            throw new dev.tolk.io.MalformedTextException(
                    corpus.source(),
                    0,
                    "cleaning dropped all "
                            + report.pairsRead()
                            + " pairs "
                            + report.dropped()
                            + ": check the files and the cleaning limits");
        }
        return new Result(report, leakage.report(validation != null ? "validation-set" : "split"));
    }
}
