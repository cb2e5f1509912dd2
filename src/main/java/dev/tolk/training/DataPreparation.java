package dev.tolk.training;

import dev.tolk.data.CleaningOptions;
import dev.tolk.data.CorpusFiles;
import dev.tolk.data.CorpusPass;
import dev.tolk.data.HeldOutSplit;
import dev.tolk.data.SentencePair;
import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.text.SubwordTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 1 of a run: the corpus read and cleaned, the held-out data (the validation set, or a seeded
 * split of at most about {@code maxHeldOut} pairs), the run's own vocabulary (learned, or read back
 * on resume), and both encoded. Training pairs over the model's length are dropped; held-out ones
 * are cut to it.
 */
final class DataPreparation {

    /**
     * Prepared text and ids.
     *
     * @param report the corpus report of {@code model.json}
     */
    record PreparedData(
            List<SentencePair> heldOutPairs,
            List<int[]> trainSources,
            List<int[]> trainTargets,
            List<int[]> heldOutSources,
            List<int[]> heldOutTargets,
            Map<String, Object> report) {

        List<String> heldOutReferences() {
            return heldOutPairs.stream().map(SentencePair::target).toList();
        }
    }

    private final TrainingSettings settings;
    private final ModelDirectory directory;
    private final ProgressListener listener;
    private HeldOutSplit split;

    DataPreparation(
            TrainingSettings settings, ModelDirectory directory, ProgressListener listener) {
        this.settings = settings;
        this.directory = directory;
        this.listener = listener;
    }

    /** The run's own vocabulary, learned now or read back on resume. */
    SubwordTokenizer vocabulary(boolean resume) throws IOException {
        Path file = directory.resolve(ModelDirectory.TOKENIZER);
        if (!(resume && Files.isRegularFile(file))) {
            Vocabulary.learn(
                    trainingCorpus(), validationCorpus(), split(), settings.vocabSize(), file);
            listener.onMessage("vocabulary of " + settings.vocabSize() + " learned");
        }
        return SubwordTokenizer.load(file);
    }

    /** Cleans, splits and encodes; says what it kept. */
    PreparedData prepare(SubwordTokenizer tokenizer) throws IOException {
        List<SentencePair> train = new ArrayList<>();
        List<SentencePair> heldOut = new ArrayList<>();
        CorpusPass.Result pass =
                CorpusPass.run(
                        trainingCorpus(),
                        validationCorpus(),
                        split(),
                        CleaningOptions.DEFAULTS,
                        train::add,
                        heldOut::add);
        int limit = settings.modelConfig(tokenizer.vocabSize(), tokenizer.padId()).maxLength() - 1;
        List<int[]> trainSources = new ArrayList<>();
        List<int[]> trainTargets = new ArrayList<>();
        List<int[]> sources = tokenizer.encodeAllWithEnd(sources(train));
        List<int[]> targets = tokenizer.encodeAllWithEnd(targets(train));
        int tooLong = 0;
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i).length > limit || targets.get(i).length > limit) {
                tooLong++;
            } else {
                trainSources.add(sources.get(i));
                trainTargets.add(targets.get(i));
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("corpus", pass.corpus());
        report.put("heldOut", pass.heldOut());
        report.put("droppedOverModelLength", tooLong);
        report.put("trainingPairs", trainSources.size());
        listener.onMessage(
                String.format(
                        "data: %d training pairs, %d held out (%s), %d dropped by cleaning, %d over"
                                + " the model's length",
                        trainSources.size(),
                        heldOut.size(),
                        pass.heldOut().origin(),
                        pass.corpus().pairsRead() - pass.corpus().pairsKept(),
                        tooLong));
        return new PreparedData(
                heldOut,
                trainSources,
                trainTargets,
                clip(tokenizer.encodeAllWithEnd(sources(heldOut)), limit),
                clip(tokenizer.encodeAllWithEnd(targets(heldOut)), limit),
                report);
    }

    /** The test set's pairs, normalized as a validation set is (never filtered). */
    List<SentencePair> testPairs() throws IOException {
        CorpusFiles test =
                CorpusFiles.aligned(Path.of(settings.testSource()), Path.of(settings.testTarget()));
        List<SentencePair> pairs = new ArrayList<>();
        CorpusPass.run(
                test,
                test,
                new HeldOutSplit(settings.seed(), settings.heldOutFraction()),
                CleaningOptions.DEFAULTS,
                p -> {},
                pairs::add);
        return pairs;
    }

    static List<String> sources(List<SentencePair> pairs) {
        return pairs.stream().map(SentencePair::source).toList();
    }

    static List<String> targets(List<SentencePair> pairs) {
        return pairs.stream().map(SentencePair::target).toList();
    }

    /** Held-out sequences are cut to the model's length for loss and search, never dropped. */
    private static List<int[]> clip(List<int[]> sequences, int limit) {
        return sequences.stream()
                .map(s -> s.length <= limit ? s : Arrays.copyOf(s, limit))
                .toList();
    }

    private CorpusFiles trainingCorpus() {
        return settings.trainTarget() == null
                ? CorpusFiles.detect(List.of(Path.of(settings.trainSource())))
                : CorpusFiles.aligned(
                        Path.of(settings.trainSource()), Path.of(settings.trainTarget()));
    }

    private CorpusFiles validationCorpus() {
        return settings.validSource() == null
                ? null
                : CorpusFiles.aligned(
                        Path.of(settings.validSource()), Path.of(settings.validTarget()));
    }

    /**
     * The seeded split: {@code heldOutFraction} of the corpus, capped at about {@code maxHeldOut}
     * pairs (the corpus is counted once for that). With a validation set the split is not used, and
     * the corpus not counted.
     */
    private HeldOutSplit split() throws IOException {
        if (split == null) {
            split =
                    settings.validSource() != null
                            ? new HeldOutSplit(settings.seed(), settings.heldOutFraction())
                            : HeldOutSplit.capped(
                                    settings.seed(),
                                    settings.heldOutFraction(),
                                    trainingCorpus(),
                                    settings.maxHeldOut());
        }
        return split;
    }
}
