package dev.tolk.job;

import dev.tolk.modelstore.ModelStore;
import java.io.IOException;
import java.util.Optional;

/**
 * Whether a finished job's model becomes the default of its language pair: when the job asked for
 * it, when the pair has no default, or when it beats the default's held-out BLEU on the same
 * held-out set. The answer says why, for the job's record.
 */
final class DefaultModelDecision {

    private final ModelStore models;

    DefaultModelDecision(ModelStore models) {
        this.models = models;
    }

    /**
     * Makes the new model the default of its pair when asked, when the pair has none, or when it
     * beats the default's held-out BLEU on the same held-out set: read and set under the store's
     * lock, so two jobs finishing together decide one after the other. A damaged {@code
     * defaults.json} is replaced only when the job asked to be the default; otherwise the answer
     * says what is wrong.
     */
    String decide(Job job) throws IOException {
        return models.atomically(() -> decideNow(job));
    }

    private String decideNow(Job job) throws IOException {
        ModelStore.Entry made = models.find(job.id).orElseThrow();
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
        String heldOut = heldOutSet(made);
        if (heldOut == null || !heldOut.equals(heldOutSet(old))) {
            return "not the default: "
                    + old.id()
                    + " was scored on another held-out set (POST /models/"
                    + made.id()
                    + "/default to switch)";
        }
        double newBleu = heldOutBleu(made);
        double oldBleu = heldOutBleu(old);
        if (newBleu > oldBleu) {
            models.setDefault(made);
            return String.format(
                    java.util.Locale.ROOT,
                    "default of %s: held-out BLEU %.2f beats %s's %.2f",
                    made.pair(),
                    newBleu,
                    old.id(),
                    oldBleu);
        }
        return String.format(
                java.util.Locale.ROOT,
                "not the default: held-out BLEU %.2f does not beat %s's %.2f",
                newBleu,
                old.id(),
                oldBleu);
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
