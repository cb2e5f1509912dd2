#!/usr/bin/env python3
"""Writes expected.json: sacreBLEU's own results for the cases SacrebleuAgreementTest checks.

Run with an interpreter that has sacreBLEU 2.x installed (not needed for the tests themselves):
    python3 generate_expected.py > expected.json
The Multi30k cases are computed from ../shared/data/multi30k/test_2016_flickr.{en,de}.gz; the test
rebuilds the same hypotheses in Java (see perturb below) and skips them without the corpus.
"""
import gzip
import json
import os
import sys

import sacrebleu
from sacrebleu.metrics import BLEU, CHRF

TRICKY = [
    "Hello, world! It's 3.14 and 1,000,000.50 -- or 3-4 (well-known) items.",
    "“Quoted,” he said; ‘single’ «guillemets» and „German“ quotes…",
    "Entities: &amp; &quot;x&quot; &lt;tag&gt; &apos; &#39; &nbsp; AT&T",
    "Tabs\tand   many    spaces  <skipped> here-\nthere",
    "Café naïve résumé Straße ŁÓDŹ Ωμέγα İstanbul ΣΊΣΥΦΟΣ",
    "我爱北京天安门。日本語のテキスト、です！",
    "Emoji 😀👍🏽 and symbols € $5 ©2024 ±3° 50% x^2 a|b ~tilde @user #tag",
    "1999. The end. 2.5-3.5 km/h, e.g. U.S.A. i.e. end.",
    "  leading and trailing spaces   ",
    "",
]

CASES = []


def bleu_case(name, hyps, refs, **kwargs):
    metric = BLEU(**kwargs)
    score = metric.corpus_score(hyps, refs)
    CASES.append({
        "kind": "bleu", "name": name, "hyps": hyps, "refs": refs, "options": kwargs,
        "score": score.score, "counts": score.counts, "totals": score.totals,
        "precisions": score.precisions, "bp": score.bp, "sys_len": score.sys_len,
        "ref_len": score.ref_len, "line": score.format(signature=str(metric.get_signature())),
    })


def sentence_case(name, hyp, refs, **kwargs):
    score = sacrebleu.sentence_bleu(hyp, refs, **kwargs)
    metric = BLEU(effective_order=kwargs.get("use_effective_order", True),
                  **{k: v for k, v in kwargs.items() if k != "use_effective_order"})
    metric.sentence_score(hyp, refs)
    CASES.append({
        "kind": "sentence", "name": name, "hyp": hyp, "refs": refs, "options": kwargs,
        "score": score.score, "precisions": score.precisions, "bp": score.bp,
        "sys_len": score.sys_len, "ref_len": score.ref_len,
        "line": score.format(signature=str(metric.get_signature())),
    })


def chrf_case(name, hyps, refs, **kwargs):
    metric = CHRF(**kwargs)
    score = metric.corpus_score(hyps, refs)
    CASES.append({
        "kind": "chrf", "name": name, "hyps": hyps, "refs": refs, "options": kwargs,
        "score": score.score, "line": score.format(signature=str(metric.get_signature())),
    })


def tokenizer_cases():
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a
    from sacrebleu.tokenizers.tokenizer_intl import TokenizerV14International
    from sacrebleu.tokenizers.tokenizer_char import TokenizerChar
    from sacrebleu.tokenizers.tokenizer_none import NoneTokenizer
    for name, tok in (("13a", Tokenizer13a()), ("intl", TokenizerV14International()),
                      ("char", TokenizerChar()), ("none", NoneTokenizer())):
        for text in TRICKY:
            CASES.append({"kind": "tokenize", "tokenizer": name, "text": text, "tokens": tok(text)})


def perturb(line, index):
    """Drops the word at `index` (when there is one): a deterministic, imperfect system."""
    words = line.split(" ")
    return " ".join(w for i, w in enumerate(words) if i != index)


def main():
    tokenizer_cases()
    hyps = ["The cat sat on the mat.", "A dog runs in the park ."]
    refs = [["The cat is on the mat.", "A dog is running in the park."]]
    bleu_case("basic", hyps, refs)
    bleu_case("two references", hyps,
              refs + [["There is a cat on the mat.", "The dog runs in a park."]])
    bleu_case("closest reference length, shorter on ties", ["a b c d e"],
              [["a b c d"], ["a b c d e f"]])
    for tokenize in ("13a", "intl", "char", "none"):
        bleu_case(f"tricky text, tok {tokenize}", TRICKY, [list(reversed(TRICKY))], tokenize=tokenize)
        bleu_case(f"tricky text against itself, tok {tokenize}", TRICKY, [TRICKY], tokenize=tokenize)
        chrf_case(f"chrF tricky text, tok {tokenize}", TRICKY, [list(reversed(TRICKY))])
    bleu_case("lowercase", ["THE CAT Sat On The Mat."], [["the cat sat on the mat."]], lowercase=True)
    bleu_case("cased", ["THE CAT Sat On The Mat."], [["the cat sat on the mat."]])
    bleu_case("empty hypothesis", [""], [["the cat sat on the mat"]])
    bleu_case("empty reference", ["the cat"], [[""]])
    bleu_case("both empty", [""], [[""]])
    bleu_case("short segments", ["a b", "c"], [["a b", "c d"]])
    bleu_case("no matches", ["x y z w v"], [["a b c d e"]])
    bleu_case("one segment", ["the quick brown fox jumps"], [["the quick brown dog jumps over"]])
    for smooth in ("exp", "floor", "add-k", "none"):
        bleu_case(f"smooth {smooth}", ["the quick brown fox", "jumps over"],
                  [["the quick brown dog", "jumps over the lazy dog"]], smooth_method=smooth)
    bleu_case("floor 0.5", ["the quick brown fox"], [["the slow brown dog"]],
              smooth_method="floor", smooth_value=0.5)
    bleu_case("add-k 2", ["the quick brown fox"], [["the slow brown dog"]],
              smooth_method="add-k", smooth_value=2)
    for hyp, ref in (("the cat", ["the cat sat"]), ("a b c", ["c b a"]),
                     ("The cat sat on the mat.", ["The cat is on the mat.", "A cat sat there."]),
                     ("", ["nothing"])):
        sentence_case(f"sentence {hyp!r}", hyp, ref)
    sentence_case("sentence floor", "the cat sat", ["the cat sat down"], smooth_method="floor")
    sentence_case("sentence no effective order", "the cat", ["the cat sat"], use_effective_order=False)
    chrf_case("chrF short", ["a"], [["a"]])
    chrf_case("chrF basic", hyps, refs)
    chrf_case("chrF++ basic", hyps, refs, word_order=2)
    chrf_case("chrF two references", hyps,
              refs + [["There is a cat on the mat.", "The dog runs in a park."]], word_order=2)
    chrf_case("chrF lowercase", ["THE CAT Sat On The Mat."], [["the cat sat on the mat."]], lowercase=True)
    chrf_case("chrF empty", [""], [["the cat"]])
    chrf_case("chrF++ punctuation", ["(hello) world, yes! -dash end."],
              [["hello (world), yes -dash! end ."]], word_order=2)
    long_h = " ".join(TRICKY) * 3
    long_r = " ".join(reversed(TRICKY)) * 3
    chrf_case("chrF long", [long_h], [[long_r]])
    chrf_case("chrF++ long", [long_h], [[long_r]], word_order=2)

    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "..",
                        "shared", "data", "multi30k")
    if os.path.exists(os.path.join(data, "test_2016_flickr.de.gz")):
        def read(name):
            with gzip.open(os.path.join(data, name), "rt", encoding="utf-8") as f:
                return [line.rstrip("\n") for line in f]
        de = read("test_2016_flickr.de.gz")
        en = read("test_2016_flickr.en.gz")
        perturbed = [perturb(line, 1) for line in de]
        other = [perturb(line, 3) for line in de]
        multi30k = []
        for name, hyps_, refs_, kwargs in (
                ("de perturbed vs de", perturbed, [de], {}),
                ("de perturbed vs de, lowercase", perturbed, [de], {"lowercase": True}),
                ("en vs de", en, [de], {}),
                ("de perturbed vs two references", perturbed, [de, other], {}),
                ("de perturbed vs de, intl", perturbed, [de], {"tokenize": "intl"})):
            b = BLEU(**kwargs).corpus_score(hyps_, refs_)
            c = CHRF(lowercase=kwargs.get("lowercase", False)).corpus_score(hyps_, refs_)
            c2 = CHRF(word_order=2, lowercase=kwargs.get("lowercase", False)).corpus_score(hyps_, refs_)
            multi30k.append({"kind": "multi30k", "name": name, "options": kwargs, "bleu": b.score,
                             "sys_len": b.sys_len, "ref_len": b.ref_len, "counts": b.counts,
                             "chrf": c.score, "chrfpp": c2.score})
        CASES.extend(multi30k)
    json.dump({"sacrebleu": sacrebleu.__version__, "cases": CASES}, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
