package dev.tolk.glossary;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A glossary: terms of one language pair and their required translations.
 *
 * @param id its id, which requests name
 * @param name a name for people
 * @param source the source language code (as the models name it, e.g. {@code en})
 * @param target the target language code
 * @param byDefault whether it is the pair's default, used when a request names none (JSON {@code
 *     default})
 * @param createdAt when it was uploaded (ISO-8601)
 * @param entries the terms, each at most once (case-insensitively)
 */
@JsonPropertyOrder({"id", "name", "source", "target", "default", "createdAt", "entries"})
public record Glossary(
        String id,
        String name,
        String source,
        String target,
        @JsonProperty("default") boolean byDefault,
        String createdAt,
        List<Term> entries) {

    public Glossary {
        if (id == null || id.isBlank() || source == null || target == null || entries == null) {
            throw new IllegalArgumentException(
                    "a glossary needs an id, a source, a target and entries");
        }
        entries = List.copyOf(entries);
    }

    /**
     * A term and its required translation.
     *
     * @param source the term as it is written in the source language (matched as whole words,
     *     case-insensitively)
     * @param target its translation, put into the output as written here (its first letter made
     *     upper-case at the start of a sentence, all of it when the source is written in capitals)
     */
    public record Term(String source, String target) {

        public Term {
            if (source == null || source.isBlank() || target == null || target.isBlank()) {
                throw new IllegalArgumentException(
                        "a glossary term needs a source and a target, got \""
                                + source
                                + "\" and \""
                                + target
                                + "\"");
            }
        }
    }

    /** The same glossary as its pair's default or not. */
    Glossary withDefault(boolean value) {
        return new Glossary(id, name, source, target, value, createdAt, entries);
    }

    /** {@code en-de}. */
    public String pair() {
        return source + "-" + target;
    }
}
