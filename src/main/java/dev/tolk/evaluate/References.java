package dev.tolk.evaluate;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The references of {@code POST /evaluate}: one string per segment, or several reference streams (a
 * list of such lists).
 *
 * @param streams the reference streams, each one string per segment
 */
public record References(List<List<String>> streams) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static References fromJson(JsonNode references) {
        if (!references.isArray() || references.isEmpty()) {
            throw new IllegalArgumentException(
                    "references must be a non-empty list: one string per segment, or a list of"
                            + " such lists");
        }
        List<List<String>> streams = new ArrayList<>();
        if (references.get(0).isArray()) {
            for (int i = 0; i < references.size(); i++) {
                streams.add(strings(references.get(i), "references[" + i + "]"));
            }
        } else {
            streams.add(strings(references, "references"));
        }
        return new References(streams);
    }

    private static List<String> strings(JsonNode list, String name) {
        if (!list.isArray()) {
            throw new IllegalArgumentException(
                    name + " must be a list of strings like the first stream");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isString()) {
                throw new IllegalArgumentException(name + "[" + i + "] must be a string");
            }
            out.add(list.get(i).asString());
        }
        return out;
    }
}
