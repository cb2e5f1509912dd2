package dev.tolk.training;

import dev.tolk.data.CleaningOptions;
import dev.tolk.data.CorpusFiles;
import dev.tolk.data.CorpusPass;
import dev.tolk.data.HeldOutSplit;
import dev.tolk.data.SentencePair;
import dev.tolk.io.AtomicFiles;
import dev.tolk.model.TransformerConfig;
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
import java.util.Random;

/**
 * Step 1 of a run: the corpus read and cleaned, the held-out data (the validation set, or a seeded
 * split of at most about {@code maxHeldOut} pairs), the run's own vocabulary (learned, the base
 * model's when fine-tuning, or read back on resume), and both encoded. Training pairs over the
 * model's length are dropped; held-out ones are cut to it. A fine-tuning run with {@code
 * mixBaseShare} adds a seeded sample of the base model's training pairs (never its held-out ones).
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
    private final BaseModel base;
    private HeldOutSplit split;

    DataPreparation(
            TrainingSettings settings, ModelDirectory directory, ProgressListener listener) {
        this(settings, directory, listener, null);
    }

    /**
     * @param base the model a fine-tuning run starts from, or null
     */
    DataPreparation(
            TrainingSettings settings,
            ModelDirectory directory,
            ProgressListener listener,
            BaseModel base) {
        this.settings = settings;
        this.directory = directory;
        this.listener = listener;
        this.base = base;
    }

    /**
     * The run's own vocabulary, learned now (a copy of the base model's when fine-tuning) or read
     * back on resume.
     */
    SubwordTokenizer vocabulary(boolean resume) throws IOException {
        Path file = directory.resolve(ModelDirectory.TOKENIZER);
        if (!(resume && Files.isRegularFile(file))) {
            if (base != null) {
                AtomicFiles.write(file, out -> Files.copy(base.tokenizer(), out));
                listener.onMessage("vocabulary of the base model " + base.id());
            } else {
                Vocabulary.learn(
                        trainingCorpus(), validationCorpus(), split(), settings.vocabSize(), file);
                listener.onMessage("vocabulary of " + settings.vocabSize() + " learned");
            }
        }
        return SubwordTokenizer.load(file);
    }

    /** Cleans, splits and encodes for a model of {@code config}; says what it kept. */
    PreparedData prepare(SubwordTokenizer tokenizer, TransformerConfig config) throws IOException {
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
        Map<String, Object> mixed = mixInBase(train);
        int limit = config.maxLength() - 1;
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
        if (mixed != null) {
            report.put("mixedFromBase", mixed);
        }
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

    /**
     * Adds {@code mixBaseShare} of base pairs to {@code train}: as many as make that share of the
     * whole, drawn from the base's training pairs with the run's seed.
     *
     * @return what was mixed in, for the corpus report; null without mixing
     */
    private Map<String, Object> mixInBase(List<SentencePair> train) throws IOException {
        if (base == null || settings.mixBaseShare() == 0) {
            return null;
        }
        String problem = base.corpusProblem().orElse(null);
        if (problem != null) {
            throw new InvalidSettingsException(
                    "mixBaseShare", "mixBaseShare cannot mix in the base's corpus: " + problem);
        }
        double share = settings.mixBaseShare();
        int wanted = (int) Math.round(train.size() * share / (1 - share));
        TrainingSettings recipe = base.recipe().orElseThrow();
        List<SentencePair> sample =
                new DataPreparation(recipe, null, listener).sampleTraining(wanted, settings.seed());
        train.addAll(sample);
        Map<String, Object> mixed = new LinkedHashMap<>();
        mixed.put("baseModel", base.id());
        mixed.put("share", share);
        mixed.put("pairs", sample.size());
        mixed.put("trainSource", recipe.trainSource());
        mixed.put("trainTarget", recipe.trainTarget());
        listener.onMessage(
                "mixed in "
                        + sample.size()
                        + " training pairs of the base model "
                        + base.id()
                        + " (wanted "
                        + wanted
                        + ")");
        return mixed;
    }

    /**
     * Up to {@code count} of this run's training pairs (after cleaning, held-out pairs excluded),
     * drawn uniformly with {@code seed} in one pass (reservoir sampling: the corpus is never held
     * whole).
     */
    List<SentencePair> sampleTraining(int count, long seed) throws IOException {
        List<SentencePair> sample = new ArrayList<>();
        Random random = new Random(seed);
        long[] seen = {0};
        CorpusPass.run(
                trainingCorpus(),
                validationCorpus(),
                split(),
                CleaningOptions.DEFAULTS,
                pair -> {
                    seen[0]++;
                    if (sample.size() < count) {
                        sample.add(pair);
                    } else {
                        long slot = (long) (random.nextDouble() * seen[0]);
                        if (slot < count) {
                            sample.set((int) slot, pair);
                        }
                    }
                },
                pair -> {});
        return sample;
    }

    /** The run's held-out pairs, as {@link #prepare} holds them out (not yet cut or encoded). */
    List<SentencePair> heldOutPairs() throws IOException {
        List<SentencePair> pairs = new ArrayList<>();
        CorpusPass.run(
                trainingCorpus(),
                validationCorpus(),
                split(),
                CleaningOptions.DEFAULTS,
                pair -> {},
                pairs::add);
        return pairs;
    }

    /**
     * Held-out pairs alone, encoded and cut to {@code limit} tokens as {@link #prepare} does: for
     * scoring a model on another run's held-out set.
     */
    static PreparedData heldOutOnly(
            List<SentencePair> pairs, SubwordTokenizer tokenizer, int limit) {
        return new PreparedData(
                pairs,
                List.of(),
                List.of(),
                clip(tokenizer.encodeAllWithEnd(sources(pairs)), limit),
                clip(tokenizer.encodeAllWithEnd(targets(pairs)), limit),
                Map.of());
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
