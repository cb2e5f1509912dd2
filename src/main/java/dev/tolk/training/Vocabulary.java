package dev.tolk.training;

import dev.tolk.data.CleaningOptions;
import dev.tolk.data.CorpusFiles;
import dev.tolk.data.CorpusPass;
import dev.tolk.data.HeldOutSplit;
import dev.tolk.text.BpeLearner;
import dev.tolk.text.TokenizerJson;
import dev.tolk.text.WordCounts;
import java.io.IOException;
import java.nio.file.Path;

/** The joint BPE vocabulary of a run, learned from its cleaned pairs, both sides. */
public final class Vocabulary {

    private Vocabulary() {}

    /**
     * Learns a vocabulary of {@code size} from every pair {@code corpus} keeps after cleaning (and
     * the validation set's, when given), and writes it to {@code file} as a tokenizer.json.
     */
    public static void learn(
            CorpusFiles corpus, CorpusFiles validation, HeldOutSplit split, int size, Path file)
            throws IOException {
        WordCounts counts = new WordCounts();
        CorpusPass.run(
                corpus,
                validation,
                split,
                CleaningOptions.DEFAULTS,
                pair -> {
                    counts.addNormalized(pair.source());
                    counts.addNormalized(pair.target());
                },
                pair -> {});
        TokenizerJson.write(new BpeLearner(size).learn(counts), file);
    }
}
