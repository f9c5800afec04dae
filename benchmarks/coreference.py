"""Coreference benchmark: the presse.coref resolver and two baselines on the gold links.

Runs ``presse.evaluate.evaluate_coreference`` on the dev fold and on the test fold of
``data/annotations/coreference_news.csv`` (395 expressions, one per news article, labelled
by reading before the resolver was written; folds by article), prints accuracy and link
precision / recall per kind and per ``where``, and the speed (items/s, parse included).
The weights of ``presse.coref`` were chosen on the train and dev folds only; the test fold
is read once per run. Output also written to ``benchmarks/coreference_result.txt``.

    python benchmarks/coreference.py
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
from presse.evaluate import coreference_articles, load_coreference_gold, score_coreference

METHODS = ("rules", "nearest", "previous-subject")
NAMES = {"rules": "presse.coref", "nearest": "nearest preceding person",
         "previous-subject": "subject of previous sentence"}


def main() -> str:
    gold = load_coreference_gold()
    n_pron, n_desc = (gold["kind"] == "pronoun").sum(), (gold["kind"] == "description").sum()
    lines = [(f"coreference benchmark: {len(gold)} gold expressions ({n_pron} pronouns, "
             f"{n_desc} descriptions)")]
    from presse.nlp import get_nlp

    get_nlp(parse=True), get_nlp()
    for fold in ("dev", "test"):
        g = gold[gold["fold"] == fold].reset_index(drop=True)
        t0 = time.perf_counter()
        arts = coreference_articles(g)
        scores = score_coreference(g, arts, ["rules"])
        seconds = time.perf_counter() - t0
        scores = score_coreference(g, arts, METHODS)
        scores["method"] = scores["method"].map(NAMES)
        cols = ["method", "group", "n", "accuracy", "links", "correct", "entities",
                "precision", "recall", "f1"]
        lines += ["", f"== {fold} fold: {len(g)} items ==",
                  scores[cols].to_string(index=False, float_format=lambda x: f"{x:.3f}"),
                  (f"speed (segment + mentions + parse + resolve): {len(g) / seconds:.1f} "
                   f"items/s ({seconds:.1f} s)")]
    return "\n".join(lines)


if __name__ == "__main__":
    pd.set_option("display.width", 200)
    text = main()
    print(text)
    out = Path(__file__).with_name("coreference_result.txt")
    out.write_text(text + "\n", encoding="utf-8")
