package dev.tolk.glossary;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tolk.text.TextNormalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A glossary as uploaded: JSON ({@code {"name", "source", "target", "default", "entries":
 * [{"source", "target"}]}}) or TSV lines {@code source<TAB>target} with the other fields beside it.
 * Bound loosely, then {@link #validated checked} with errors that name the field or line at fault.
 *
 * @param name a name for people (optional)
 * @param source the source language code
 * @param target the target language code
 * @param byDefault whether it becomes its pair's default (JSON {@code default}; optional, false)
 * @param entries the terms
 */
public record GlossaryUpload(
        String name,
        String source,
        String target,
        @JsonProperty("default") Boolean byDefault,
        List<Entry> entries) {

    /** Terms at most in one glossary. */
    public static final int MAX_ENTRIES = 10_000;

    /** Characters at most in a term or its translation, and in a name. */
    public static final int MAX_CHARS = 200;

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    /** One uploaded term, unchecked. */
    public record Entry(String source, String target) {}

    /**
     * A TSV upload and the line each entry came from (from 1), for messages.
     *
     * @param upload the upload
     * @param lines per entry, its line
     */
    public record Tsv(GlossaryUpload upload, List<Integer> lines) {

        /** {@link GlossaryUpload#validated}, naming entries by line and column. */
        public Glossary validated(String id, String createdAt) {
            return upload.validated(
                    id,
                    createdAt,
                    (k, field) ->
                            "line "
                                    + lines.get(k)
                                    + (field == null
                                            ? ""
                                            : field.equals("source")
                                                    ? ", column 1 (source)"
                                                    : ", column 2 (target)"));
        }
    }

    /**
     * The TSV upload: one term a line, {@code source<TAB>target}; blank lines and lines starting
     * with {@code #} are skipped.
     */
    public static Tsv fromTsv(
            String tsv, String name, String source, String target, Boolean byDefault) {
        List<Entry> entries = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String[] all = tsv.split("\r?\n|\r", -1);
        for (int i = 0; i < all.length; i++) {
            String line = i == 0 && all[i].startsWith("\uFEFF") ? all[i].substring(1) : all[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 2) {
                throw GlossaryRejectedException.invalid(
                        "line "
                                + (i + 1)
                                + " has "
                                + (fields.length - 1)
                                + " tabs, not 1: write each term as source<TAB>target, one a"
                                + " line");
            }
            entries.add(new Entry(fields[0], fields[1]));
            lines.add(i + 1);
        }
        return new Tsv(new GlossaryUpload(name, source, target, byDefault, entries), lines);
    }

    /**
     * {@link #validated(String, String, Where)} for JSON: entries named {@code entries[k]}, their
     * fields {@code entries[k].source}.
     */
    public Glossary validated(String id, String createdAt) {
        return validated(
                id,
                createdAt,
                (k, field) -> "entries[" + k + "]" + (field == null ? "" : "." + field));
    }

    /**
     * Names entry {@code k} (from 0), or its field {@code source} or {@code target}, in messages.
     */
    @FunctionalInterface
    public interface Where {
        String name(int k, String field);
    }

    /**
     * The glossary, its terms normalized as texts to translate are; a {@link
     * GlossaryRejectedException} names the first field at fault.
     *
     * @param where names an entry or its field in messages
     */
    public Glossary validated(String id, String createdAt, Where where) {
        String from = language(source, "source");
        String to = language(target, "target");
        if (from.equalsIgnoreCase(to)) {
            throw GlossaryRejectedException.invalid(
                    "source and target are both "
                            + from
                            + ": a glossary translates between two"
                            + " languages");
        }
        if (name != null && name.length() > MAX_CHARS) {
            throw GlossaryRejectedException.invalid(
                    "name has " + name.length() + " characters; at most " + MAX_CHARS);
        }
        if (entries == null || entries.isEmpty()) {
            throw GlossaryRejectedException.invalid(
                    "entries is empty: give at least one term (JSON: \"entries\": [{\"source\":"
                            + " \"cat\", \"target\": \"Katze\"}]; TSV: one source<TAB>target a"
                            + " line)");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw GlossaryRejectedException.invalid(
                    "entries has " + entries.size() + " terms; at most " + MAX_ENTRIES);
        }
        List<Glossary.Term> terms = new ArrayList<>(entries.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int k = 0; k < entries.size(); k++) {
            Entry e = entries.get(k);
            if (e == null) {
                throw GlossaryRejectedException.invalid(
                        where.name(k, null) + " is null: give a term");
            }
            String term = text(e.source(), where.name(k, "source"));
            String translation = text(e.target(), where.name(k, "target"));
            if (!Character.isLetterOrDigit(term.codePointAt(0))) {
                throw GlossaryRejectedException.invalid(
                        where.name(k, "source")
                                + " \""
                                + term
                                + "\" must start with a letter or digit: terms are matched as"
                                + " whole words");
            }
            Integer before = seen.putIfAbsent(term.toLowerCase(Locale.ROOT), k);
            if (before != null) {
                throw GlossaryRejectedException.invalid(
                        where.name(k, "source")
                                + " \""
                                + term
                                + "\" repeats "
                                + where.name(before, null)
                                + " (terms match whatever their case): keep one");
            }
            terms.add(new Glossary.Term(term, translation));
        }
        String shown = name == null || name.isBlank() ? id : name.strip();
        return new Glossary(id, shown, from, to, Boolean.TRUE.equals(byDefault), createdAt, terms);
    }

    private static String language(String code, String field) {
        if (code == null || code.isBlank()) {
            throw GlossaryRejectedException.invalid(
                    field + " is missing: give the language code the models use, e.g. \"en\"");
        }
        String strip = code.strip();
        if (!LANGUAGE.matcher(strip).matches()) {
            throw GlossaryRejectedException.invalid(
                    field
                            + " \""
                            + code
                            + "\" is not a language code: give one such as \"en\" or"
                            + " \"pt-BR\"");
        }
        return strip;
    }

    private static String text(String value, String field) {
        String normalized = value == null ? "" : TextNormalizer.normalize(value);
        if (normalized.isEmpty()) {
            throw GlossaryRejectedException.invalid(field + " is empty: give the text");
        }
        if (normalized.length() > MAX_CHARS) {
            throw GlossaryRejectedException.invalid(
                    field + " has " + normalized.length() + " characters; at most " + MAX_CHARS);
        }
        return normalized;
    }
}
