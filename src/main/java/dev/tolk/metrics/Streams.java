package dev.tolk.metrics;

import java.util.ArrayList;
import java.util.List;

/** Checks on hypothesis and reference streams shared by the metrics. */
final class Streams {

    private Streams() {}

    static void check(List<String> hypotheses, List<List<String>> references) {
        if (hypotheses.isEmpty()) {
            throw new IllegalArgumentException("there are no hypotheses to score");
        }
        if (references.isEmpty()) {
            throw new IllegalArgumentException("at least one reference stream is needed");
        }
        for (int r = 0; r < references.size(); r++) {
            if (references.get(r).size() != hypotheses.size()) {
                throw new IllegalArgumentException(
                        "reference stream "
                                + (r + 1)
                                + " has "
                                + references.get(r).size()
                                + " lines but the hypotheses have "
                                + hypotheses.size()
                                + ": every stream needs one line per segment");
            }
        }
    }

    /** The references of segment {@code i}, one per stream. */
    static List<String> segment(List<List<String>> references, int i) {
        List<String> out = new ArrayList<>(references.size());
        for (List<String> stream : references) {
            out.add(stream.get(i));
        }
        return out;
    }
}
