package dev.tolk.translate;

import dev.tolk.decode.Translator;
import java.util.ArrayList;
import java.util.List;

/**
 * A text's translation along its route ({@link ModelChoice.Choice}): by one model, or by two
 * through a pivot language, the second translating the first's output.
 *
 * @param first the translation by the (first) model
 * @param second the second model's translation of {@code first}'s text, or null without a pivot
 */
record Legs(Translator.Translation first, Translator.Translation second) {

    /** The translations along the route, each of the one before's text. */
    List<Translator.Translation> chain() {
        return second == null ? List.of(first) : List.of(first, second);
    }

    /**
     * The translation the client gets. Through a pivot: the second leg's text and alternatives, its
     * score the sum of both legs' (the log of the product of their probabilities, so the confidence
     * is the product of both legs' confidences), without tokens and attention (they would mix two
     * models' subwords); a sentence's confidence is the second leg's times the first leg's for the
     * same sentence (or for the whole text when the first leg split it otherwise).
     */
    Translator.Translation combined() {
        if (second == null) {
            return first;
        }
        double score = first.score() + second.score();
        List<Translator.Alternative> nBest =
                second.nBest().stream()
                        .map(a -> new Translator.Alternative(a.text(), a.score() + first.score()))
                        .toList();
        return new Translator.Translation(
                second.text(),
                score,
                nBest,
                null,
                null,
                null,
                second.sentences(),
                second.outputTokens(),
                sentenceConfidences());
    }

    private List<Double> sentenceConfidences() {
        List<Double> last = second.sentenceConfidences();
        if (last == null) {
            return null;
        }
        List<Double> earlier = first.sentenceConfidences();
        boolean alike = earlier != null && earlier.size() == last.size();
        List<Double> out = new ArrayList<>(last.size());
        for (int i = 0; i < last.size(); i++) {
            out.add(last.get(i) * (alike ? earlier.get(i) : first.confidence()));
        }
        return List.copyOf(out);
    }
}
