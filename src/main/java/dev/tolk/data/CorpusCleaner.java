package dev.tolk.data;

import dev.tolk.text.TextNormalizer;
import java.util.HashSet;
import java.util.Set;

/**
 * Cleans pairs one at a time and counts what it did: both sides normalized ({@link TextNormalizer}:
 * NFC, control characters removed, whitespace collapsed), then pairs with an empty side, a side
 * over the word limit, an extreme length ratio or (optionally) seen before are dropped. Not
 * thread-safe.
 */
public final class CorpusCleaner {

    private final CleaningOptions options;
    private final CorpusReport.Builder report = new CorpusReport.Builder();
    private final Set<Long> seen = new HashSet<>();

    public CorpusCleaner(CleaningOptions options) {
        this.options = options;
    }

    /** Both sides normalized, nothing dropped. */
    public static SentencePair normalize(SentencePair raw) {
        return new SentencePair(
                TextNormalizer.normalize(raw.source()), TextNormalizer.normalize(raw.target()));
    }

    /** The normalized pair, or null when it is dropped (the report says why). */
    public SentencePair clean(SentencePair raw) {
        report.read();
        SentencePair pair = normalize(raw);
        String source = pair.source();
        String target = pair.target();
        int sourceWords = TextNormalizer.countWords(source);
        int targetWords = TextNormalizer.countWords(target);
        DropReason reason = null;
        if (sourceWords == 0 || targetWords == 0) {
            reason = DropReason.EMPTY;
        } else if (sourceWords > options.maxWords() || targetWords > options.maxWords()) {
            reason = DropReason.TOO_LONG;
        } else if (Math.max(sourceWords, targetWords)
                > options.maxLengthRatio() * Math.min(sourceWords, targetWords)) {
            reason = DropReason.LENGTH_RATIO;
        }
        if (reason == null && options.dropDuplicates() && !seen.add(PairFingerprint.of(pair))) {
            reason = DropReason.DUPLICATE;
        }
        if (reason != null) {
            report.dropped(reason);
            return null;
        }
        report.kept(sourceWords, targetWords);
        return pair;
    }

    public CorpusReport report() {
        return report.build();
    }
}
