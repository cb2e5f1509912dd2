package dev.tolk.training;

import ai.djl.ndarray.NDManager;
import dev.tolk.data.SentencePair;
import dev.tolk.decode.BatchDecoder;
import dev.tolk.decode.DecodeStreams;
import dev.tolk.decode.Hypothesis;
import dev.tolk.decode.SearchSettings;
import dev.tolk.metrics.Evaluation;
import dev.tolk.metrics.Scores;
import dev.tolk.model.TransformerConfig;
import dev.tolk.model.TransformerModel;
import dev.tolk.modelstore.ParameterFile;
import dev.tolk.text.SubwordTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The held-out set decoded (its sources as prepared: cut to the model's length) and scored against
 * its references, for the evaluations during training and the choice and scores of the final
 * parameters.
 */
final class HeldOutScoring {

    private static final int DECODE_BATCH = 64;

    private final TransformerConfig config;
    private final SubwordTokenizer tokenizer;
    private final List<int[]> sources;
    private final List<String> sourceTexts;
    private final List<String> references;

    HeldOutScoring(
            TransformerConfig config,
            SubwordTokenizer tokenizer,
            DataPreparation.PreparedData data) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.sources = data.heldOutSources();
        this.sourceTexts = data.heldOutPairs().stream().map(SentencePair::source).toList();
        this.references = data.heldOutReferences();
    }

    /** The number of held-out sentences. */
    int size() {
        return sources.size();
    }

    /** sacreBLEU's default scores (cased) of {@code model}'s output. */
    Evaluation.Result cased(TransformerModel model, NDManager parent, SearchSettings search) {
        return cased(decode(model, parent, search));
    }

    /** sacreBLEU's default scores (cased) of {@code hypotheses}, one per held-out sentence. */
    Evaluation.Result cased(List<String> hypotheses) {
        return Evaluation.score(hypotheses, List.of(references), Evaluation.Options.DEFAULTS);
    }

    /** The {@code count} held-out sentences {@code hypotheses} translate worst (chrF). */
    List<HeldOutSample> worst(List<String> hypotheses, int count) {
        return HeldOutSample.worst(sourceTexts, references, hypotheses, count);
    }

    /** Cased and lowercased scores of {@code model}'s output. */
    Scores both(TransformerModel model, NDManager parent, SearchSettings search) {
        return Scores.of(decode(model, parent, search), references);
    }

    /** Held-out BLEU (cased) of a parameter file's model. */
    double bleu(Path parameters, NDManager parent, SearchSettings search) throws IOException {
        try (NDManager manager = parent.newSubManager()) {
            return cased(load(parameters, manager), manager, search).bleu().score();
        }
    }

    /** A model of the run's architecture with {@code parameters}' values, under {@code manager}. */
    TransformerModel load(Path parameters, NDManager manager) throws IOException {
        TransformerModel model = new TransformerModel(config);
        ParameterFile.load(model, parameters, manager);
        return model;
    }

    /** {@code model}'s translation of every held-out sentence, in order. */
    List<String> decode(TransformerModel model, NDManager parent, SearchSettings search) {
        var decoder =
                new BatchDecoder(model, search, DECODE_BATCH, tokenizer.bosId(), tokenizer.eosId());
        List<List<Hypothesis>> outputs;
        try (DecodeStreams streams = DecodeStreams.forDevice(parent.getDevice())) {
            outputs = decoder.decode(sources, parent, streams);
        }
        List<String> hypotheses = new ArrayList<>(sources.size());
        for (List<Hypothesis> output : outputs) {
            hypotheses.add(tokenizer.decode(output.get(0).tokens()));
        }
        return hypotheses;
    }
}
