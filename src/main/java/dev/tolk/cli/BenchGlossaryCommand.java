package dev.tolk.cli;

import dev.tolk.decode.Translator;
import dev.tolk.glossary.AppliedGlossary;
import dev.tolk.glossary.Glossary;
import dev.tolk.glossary.GlossaryUpload;
import dev.tolk.glossary.Terms;
import dev.tolk.metrics.Scores;
import dev.tolk.modelstore.ModelDirectory;
import dev.tolk.modelstore.ModelManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench glossary}: what a glossary does to a test set. Translates {@code --source} once
 * (with attention: the search is the same), then applies the glossary as the service does; reports
 * the share of the glossary terms found in the sources whose required translation appears in the
 * output (as a whole word, any case), with and without the glossary, the terms it could not place,
 * and BLEU with and without it, on all sentences and on those with a term.
 */
@Command(
        name = "glossary",
        mixinStandardHelpOptions = true,
        description =
                "Share of glossary terms in the output and BLEU with and without a glossary; one"
                        + " JSON object with --json.")
final class BenchGlossaryCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "A model directory.")
    Path model;

    @Option(
            names = "--glossary",
            required = true,
            description =
                    "A glossary: .json as POST /glossaries takes it, or TSV (source<TAB>target a"
                            + " line) for the model's pair.")
    Path glossary;

    @Mixin TestSetOptions testSet;

    @Option(names = "--beam", defaultValue = "4", description = "Beam size; 1 is greedy.")
    int beam;

    @Mixin SearchOptions search;

    @Option(names = "--batch-size", defaultValue = "32", description = "Sentences per batch.")
    int batchSize;

    @Option(
            names = "--output",
            description = "Write the translations with the glossary applied here, one a line.")
    Path output;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        TestSetOptions.Lines lines = testSet.read();
        Glossary terms = read(glossary, new ModelDirectory(model).readManifest());
        // attention changes nothing in the search: one decode gives both outputs
        List<Translator.Translation> plain =
                TestSetOptions.translate(
                        model, lines.sources(), search.settings(beam, 1, true), batchSize);
        Figures figures = Figures.of(terms, lines.sources(), lines.references(), plain);
        if (output != null) {
            Files.write(output, figures.glossed(), StandardCharsets.UTF_8);
        }
        print(figures);
        return 0;
    }

    /** The glossary file, for the model's pair when it is TSV. */
    static Glossary read(Path file, ModelManifest manifest) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Glossary g =
                file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                        ? JSON.readValue(text, GlossaryUpload.class).validated("bench", "")
                        : GlossaryUpload.fromTsv(
                                        text,
                                        null,
                                        manifest.sourceLang(),
                                        manifest.targetLang(),
                                        false)
                                .validated("bench", "");
        if (!g.source().equalsIgnoreCase(manifest.sourceLang())
                || !g.target().equalsIgnoreCase(manifest.targetLang())) {
            throw new IllegalArgumentException(
                    "the glossary is for "
                            + g.pair()
                            + ", the model translates "
                            + manifest.sourceLang()
                            + "-"
                            + manifest.targetLang());
        }
        return g;
    }

    /**
     * The figures of one test set.
     *
     * @param sentences sentences in the test set
     * @param withTerms sentences whose source has a glossary term
     * @param terms glossary terms found in the sources
     * @param foundWithout of those, how many have their required translation in the plain output
     * @param foundWith ... in the output with the glossary applied
     * @param misses terms the glossary could not place
     * @param without BLEU of the plain outputs (all sentences)
     * @param with BLEU with the glossary (all sentences)
     * @param subsetWithout BLEU of the plain outputs of the sentences with a term
     * @param subsetWith BLEU with the glossary of the sentences with a term
     * @param glossed the translations with the glossary applied
     */
    record Figures(
            int sentences,
            int withTerms,
            int terms,
            int foundWithout,
            int foundWith,
            int misses,
            double without,
            double with,
            double subsetWithout,
            double subsetWith,
            List<String> glossed) {

        static Figures of(
                Glossary glossary,
                List<String> sources,
                List<String> references,
                List<Translator.Translation> plain) {
            AppliedGlossary applied =
                    AppliedGlossary.of(glossary, new Terms(glossary.entries()), sources);
            Terms required =
                    new Terms(
                            glossary.entries().stream()
                                    .map(t -> new Glossary.Term(t.target(), t.target()))
                                    .distinct()
                                    .toList());
            List<String> plainTexts = new ArrayList<>();
            List<String> glossed = new ArrayList<>();
            List<Integer> subset = new ArrayList<>();
            int terms = 0;
            int foundWithout = 0;
            int foundWith = 0;
            int misses = 0;
            for (int i = 0; i < sources.size(); i++) {
                Translator.Translation t = plain.get(i);
                AppliedGlossary.Result r = applied.apply(i, List.of(t), t);
                plainTexts.add(t.text());
                glossed.add(r.translation().text());
                List<Terms.Match> matches = applied.matches(i);
                if (matches.isEmpty()) {
                    continue;
                }
                subset.add(i);
                terms += matches.size();
                misses += r.misses().size();
                foundWithout += found(matches, required.find(t.text()));
                foundWith += found(matches, required.find(r.translation().text()));
            }
            return new Figures(
                    sources.size(),
                    subset.size(),
                    terms,
                    foundWithout,
                    foundWith,
                    misses,
                    bleu(plainTexts, references),
                    bleu(glossed, references),
                    bleu(pick(plainTexts, subset), pick(references, subset)),
                    bleu(pick(glossed, subset), pick(references, subset)),
                    glossed);
        }

        /** Terms whose required translation is in the output, each occurrence counted once. */
        private static int found(List<Terms.Match> terms, List<Terms.Match> output) {
            Map<String, Integer> available = new HashMap<>();
            for (Terms.Match m : output) {
                available.merge(m.term().target().toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
            int found = 0;
            for (Terms.Match m : terms) {
                String wanted = m.term().target().toLowerCase(Locale.ROOT);
                if (available.getOrDefault(wanted, 0) > 0) {
                    available.merge(wanted, -1, Integer::sum);
                    found++;
                }
            }
            return found;
        }

        private static List<String> pick(List<String> all, List<Integer> indexes) {
            return indexes.stream().map(all::get).toList();
        }

        private static double bleu(List<String> hypotheses, List<String> references) {
            return hypotheses.isEmpty()
                    ? Double.NaN
                    : Scores.of(hypotheses, references).cased().bleu().score();
        }

        double share(int found) {
            return terms == 0 ? Double.NaN : (double) found / terms;
        }
    }

    private void print(Figures f) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(
                    new JsonLine()
                            .put("sentences", f.sentences())
                            .put("sentences_with_terms", f.withTerms())
                            .put("terms", f.terms())
                            .put("share_without", f.share(f.foundWithout()), 4)
                            .put("share_with", f.share(f.foundWith()), 4)
                            .put("misses", f.misses())
                            .put("bleu_without", f.without(), 2)
                            .put("bleu_with", f.with(), 2)
                            .put("bleu_terms_without", f.subsetWithout(), 2)
                            .put("bleu_terms_with", f.subsetWith(), 2)
                            .line());
        } else {
            out.printf(
                    Locale.ROOT,
                    "%d sentences, %d with glossary terms (%d terms)%n"
                            + "required translations in the output: %.1f%% with the glossary,"
                            + " %.1f%% without; %d terms not placed%n"
                            + "BLEU %.2f with, %.2f without; on the sentences with terms %.2f with,"
                            + " %.2f without%n",
                    f.sentences(),
                    f.withTerms(),
                    f.terms(),
                    100 * f.share(f.foundWith()),
                    100 * f.share(f.foundWithout()),
                    f.misses(),
                    f.with(),
                    f.without(),
                    f.subsetWith(),
                    f.subsetWithout());
        }
        out.flush();
    }
}
