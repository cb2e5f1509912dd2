package dev.tolk.job;

import dev.tolk.modelstore.ModelStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Whether a finished job's model becomes the default of its language pair: when the job asked for
 * it, when the pair has no default, or when it beats the default's held-out BLEU on the same
 * held-out set. The answer says why, for the job's record.
 *
 * <p>A fine-tuned model is compared with the default on its own (the new) held-out set: with its
 * base model's score there when the default is its base (both decoded by the run with the same
 * search, {@code metrics.versusBase.heldOut}), otherwise with the default translated there now
 * (both models decoded alike, before the decision takes the store's lock). Its answer also reports
 * the change on the base model's own held-out set ({@code metrics.versusBase.baseHeldOut}).
 */
final class DefaultModelDecision {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultModelDecision.class);

    /** Scores models on the new model's held-out set (held-out BLEU, cased). */
    @FunctionalInterface
    interface HeldOutScorer {
        double bleu(Path modelDir) throws IOException;
    }

    /** The new model and the default scored now on the new held-out set. */
    private record ScoredNow(String defaultId, double newBleu, double defaultBleu) {}

    private final ModelStore models;

    DefaultModelDecision(ModelStore models) {
        this.models = models;
    }

    /** {@link #decide(Job, HeldOutScorer)} without scoring models now. */
    String decide(Job job) throws IOException {
        return decide(job, null);
    }

    /**
     * Makes the new model the default of its pair when asked, when the pair has none, or when it
     * beats the default's held-out BLEU on the same held-out set: read and set under the store's
     * lock, so two jobs finishing together decide one after the other. A damaged {@code
     * defaults.json} is replaced only when the job asked to be the default; otherwise the answer
     * says what is wrong.
     *
     * @param scorer scores a fine-tuned model and a default that is not its base on the new
     *     held-out set, or null to say they were scored on different sets
     */
    String decide(Job job, HeldOutScorer scorer) throws IOException {
        Optional<ScoredNow> scored = scorer == null ? Optional.empty() : scoreNow(job, scorer);
        return models.atomically(() -> decideNow(job, scored));
    }

    /**
     * For a fine-tuned model whose pair's default is neither its base nor scored on the same
     * held-out set: both scored now, outside the store's lock (decoding takes a while).
     */
    private Optional<ScoredNow> scoreNow(Job job, HeldOutScorer scorer) throws IOException {
        ModelStore.Entry made = models.find(job.id).orElse(null);
        if (made == null || job.makeDefault || baseOf(made).isEmpty()) {
            return Optional.empty();
        }
        String currentId = models.defaults().get(made.pair());
        Optional<ModelStore.Entry> current =
                currentId == null ? Optional.empty() : models.find(currentId);
        if (current.isEmpty()
                || baseOf(made).get().equals(currentId)
                || sameHeldOut(made, current.get())) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new ScoredNow(
                            currentId, scorer.bleu(made.dir()), scorer.bleu(current.get().dir())));
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "job {}: the default {} could not be scored: {}",
                    job.id,
                    currentId,
                    e.toString());
            return Optional.empty();
        }
    }

    private String decideNow(Job job, Optional<ScoredNow> scored) throws IOException {
        ModelStore.Entry made = models.find(job.id).orElseThrow();
        return decideNow(job, made, scored) + versusBase(made);
    }

    private String decideNow(Job job, ModelStore.Entry made, Optional<ScoredNow> scored)
            throws IOException {
        Optional<String> damaged = models.defaultsProblem();
        if (damaged.isPresent() && !job.makeDefault) {
            return "not the default: " + damaged.get();
        }
        String currentId = models.defaults().get(made.pair());
        Optional<ModelStore.Entry> currentDefault =
                currentId == null ? Optional.empty() : models.find(currentId);
        if (job.makeDefault) {
            models.setDefault(made);
            return "default of " + made.pair() + ": asked for (makeDefault)";
        }
        if (currentDefault.isEmpty()) {
            models.setDefault(made);
            return "default of " + made.pair() + ": the pair had no default";
        }
        ModelStore.Entry old = currentDefault.get();
        JsonNode onNew = metrics(made).path("versusBase").path("heldOut");
        if (baseOf(made).filter(old.id()::equals).isPresent() && onNew.has("bleuBefore")) {
            return compare(
                    made,
                    onNew.path("bleuAfter").asDouble(),
                    old,
                    onNew.path("bleuBefore").asDouble(),
                    " on the new held-out set");
        }
        if (sameHeldOut(made, old)) {
            return compare(made, heldOutBleu(made), old, heldOutBleu(old), "");
        }
        if (scored.isPresent() && scored.get().defaultId().equals(old.id())) {
            return compare(
                    made,
                    scored.get().newBleu(),
                    old,
                    scored.get().defaultBleu(),
                    " on the new held-out set (both translated there now)");
        }
        return "not the default: "
                + old.id()
                + " was scored on another held-out set (POST /models/"
                + made.id()
                + "/default to switch)";
    }

    /** Sets the default when {@code newBleu} beats {@code oldBleu}; says which it did. */
    private String compare(
            ModelStore.Entry made, double newBleu, ModelStore.Entry old, double oldBleu, String on)
            throws IOException {
        if (newBleu > oldBleu) {
            models.setDefault(made);
            return String.format(
                    Locale.ROOT,
                    "default of %s: held-out BLEU %.2f beats %s's %.2f%s",
                    made.pair(),
                    newBleu,
                    old.id(),
                    oldBleu,
                    on);
        }
        return String.format(
                Locale.ROOT,
                "not the default: held-out BLEU %.2f does not beat %s's %.2f%s",
                newBleu,
                old.id(),
                oldBleu,
                on);
    }

    /**
     * For a fine-tuned model, the change on its base's own held-out set, appended to the answer;
     * empty otherwise.
     */
    private static String versusBase(ModelStore.Entry made) {
        JsonNode versus = metrics(made).path("versusBase");
        if (baseOf(made).isEmpty() || versus.isMissingNode()) {
            return "";
        }
        JsonNode old = versus.path("baseHeldOut");
        String base = versus.path("baseModel").asString();
        if (old.has("unavailable")) {
            return "; "
                    + base
                    + "'s held-out set not scored: "
                    + old.path("unavailable").asString();
        }
        return String.format(
                Locale.ROOT,
                "; on %s's held-out set BLEU %.2f → %.2f",
                base,
                old.path("bleuBefore").asDouble(),
                old.path("bleuAfter").asDouble());
    }

    /** The model a fine-tuned model started from, by its lineage. */
    private static Optional<String> baseOf(ModelStore.Entry entry) {
        JsonNode lineage = entry.manifest().lineage();
        return lineage == null || !lineage.hasNonNull("baseModel")
                ? Optional.empty()
                : Optional.of(lineage.get("baseModel").asString());
    }

    private static JsonNode metrics(ModelStore.Entry entry) {
        JsonNode metrics = entry.manifest().metrics();
        return metrics == null ? MissingNode.getInstance() : metrics;
    }

    private static boolean sameHeldOut(ModelStore.Entry a, ModelStore.Entry b) {
        String set = heldOutSet(a);
        return set != null && set.equals(heldOutSet(b));
    }

    /** What identifies the held-out set a model was scored on, or null when unknown. */
    private static String heldOutSet(ModelStore.Entry entry) {
        var recipe = entry.manifest().recipe();
        if (recipe == null) {
            return null;
        }
        if (recipe.hasNonNull("validSource")) {
            return recipe.get("validSource").asString()
                    + "|"
                    + recipe.get("validTarget").asString();
        }
        return "split|"
                + recipe.path("trainSource").asString()
                + "|"
                + recipe.path("seed").asString()
                + "|"
                + recipe.path("heldOutFraction").asString();
    }

    private static double heldOutBleu(ModelStore.Entry entry) {
        var metrics = entry.manifest().metrics();
        return metrics == null
                ? Double.NEGATIVE_INFINITY
                : metrics.path("heldOut").path("bleu").asDouble();
    }
}
