package dev.tolk.training;

import ai.djl.ndarray.NDManager;
import dev.tolk.decode.SearchSettings;
import dev.tolk.metrics.Scores;
import dev.tolk.model.TransformerConfig;
import dev.tolk.model.TransformerModel;
import dev.tolk.text.SubwordTokenizer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A fine-tuning run's final parameters beside its base model's, both decoded with the run's final
 * search: on the new held-out set (what the run gained) and on the base's own held-out set, read
 * again from the base's recipe while its files are there (what it cost on the old data). {@code
 * model.json}'s {@code metrics.versusBase}:
 *
 * <pre>{@code
 * {"baseModel": "en-de-...", "search": "beam 5 ...",
 *  "heldOut": {"bleuBefore": 21.3, "bleuAfter": 30.2, "sentences": 120},
 *  "baseHeldOut": {"bleuBefore": 38.1, "bleuAfter": 37.6, "sentences": 1014}}
 * }</pre>
 *
 * {@code baseHeldOut} is {@code {"unavailable": why}} when the base's corpus files are gone or its
 * recipe unreadable.
 */
final class BaseComparison {

    private final TrainingSettings settings;
    private final BaseModel base;
    private final TransformerConfig config;
    private final SubwordTokenizer tokenizer;
    private final HeldOutScoring newHeldOut;
    private final ProgressListener listener;

    BaseComparison(
            TrainingSettings settings,
            BaseModel base,
            TransformerConfig config,
            SubwordTokenizer tokenizer,
            HeldOutScoring newHeldOut,
            ProgressListener listener) {
        this.settings = settings;
        this.base = base;
        this.config = config;
        this.tokenizer = tokenizer;
        this.newHeldOut = newHeldOut;
        this.listener = listener;
    }

    /**
     * Scores the base's parameters beside {@code tuned}'s.
     *
     * @param tunedOnNew {@code tuned}'s scores on the new held-out set with the final search
     * @param parent the manager the base's parameters are loaded under, for the call
     */
    Map<String, Object> compare(TransformerModel tuned, Scores tunedOnNew, NDManager parent)
            throws IOException {
        SearchSettings search = settings.finalSearch();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("baseModel", base.id());
        out.put("search", search.describe());
        try (NDManager manager = parent.newSubManager()) {
            TransformerModel original = newHeldOut.load(base.parameters(), manager);
            double before = newHeldOut.cased(original, manager, search).bleu().rounded();
            double after = tunedOnNew.cased().bleu().rounded();
            out.put("heldOut", change(before, after, newHeldOut.size()));
            String line =
                    String.format(
                            java.util.Locale.ROOT,
                            "versus the base model %s: held-out BLEU %.2f → %.2f",
                            base.id(),
                            before,
                            after);
            Optional<String> problem = base.corpusProblem();
            HeldOutScoring old = problem.isPresent() ? null : baseHeldOut();
            if (old != null && old.size() == 0) {
                problem = Optional.of("the base's held-out set is empty");
            }
            if (problem.isPresent()) {
                out.put("baseHeldOut", Map.of("unavailable", problem.get()));
                line += "; the base's held-out set is not scored: " + problem.get();
            } else {
                double oldBefore = old.cased(original, manager, search).bleu().rounded();
                double oldAfter = old.cased(tuned, manager, search).bleu().rounded();
                out.put("baseHeldOut", change(oldBefore, oldAfter, old.size()));
                line +=
                        String.format(
                                java.util.Locale.ROOT,
                                "; on the base's held-out set %.2f → %.2f",
                                oldBefore,
                                oldAfter);
            }
            listener.onMessage(line);
        }
        return out;
    }

    /** The base's held-out set, as its run held it out, encoded with the shared vocabulary. */
    private HeldOutScoring baseHeldOut() throws IOException {
        TrainingSettings recipe = base.recipe().orElseThrow();
        var pairs = new DataPreparation(recipe, null, listener).heldOutPairs();
        return new HeldOutScoring(
                config,
                tokenizer,
                DataPreparation.heldOutOnly(pairs, tokenizer, config.maxLength() - 1));
    }

    private static Map<String, Object> change(double before, double after, int sentences) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bleuBefore", before);
        out.put("bleuAfter", after);
        out.put("sentences", sentences);
        return out;
    }
}
