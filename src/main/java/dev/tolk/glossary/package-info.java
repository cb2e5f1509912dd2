/**
 * Glossaries: per language pair, terms that must be translated as the glossary says. Uploaded as
 * TSV or JSON, kept as files under {@code <data-dir>/glossaries/} ({@link
 * dev.tolk.glossary.GlossaryStore}), served at {@code /glossaries}. A translation request names one
 * (or gets its pair's default); the terms are found in the source as whole words, whatever their
 * case ({@link dev.tolk.glossary.Terms}), the model translates the text unchanged, and each term's
 * translation is put where the model's cross-attention says the term went ({@link
 * dev.tolk.glossary.TermAlignment}, {@link dev.tolk.glossary.AppliedGlossary}); a term whose place
 * cannot be found is left as the model translated it and reported as a miss. The matching and
 * alignment know nothing of Spring; the store and the controller are the feature's HTTP side.
 */
package dev.tolk.glossary;
