"""Quality and speed of the relation extractors on the news relation gold set.

Scores the rule engine (``presse.relations``), the learned model (``presse.relation_model``,
the shipped file or ``--model``) and their combination (rules' relations + the model's above
its threshold, the build's default) on the frozen dev and test folds of
``data/annotations/relations_news.csv`` (guideline: ``stance_guideline.md`` section 5):

* relation precision / recall / F1 over source -> target pairs (a relation is a non-zero
  label; a predicted relation is right when its sign is the gold one);
* stance macro-F1 over FAVOR / AGAINST on every item (a pair's label is the target's stance
  held by the source; WRITER items are the journalist's own stance);
* speed: candidate pairs per second (parse, features, rules and model, one process);
* agreement of the two labelling passes (Cohen's kappa, ``presse.evaluate``).

The model and its threshold were chosen on the dev fold; the test fold is read once here.

    .venv/bin/python benchmarks/relations.py
    .venv/bin/python benchmarks/relations.py --model my_model.json.gz --threshold 0.5
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import pandas as pd
from presse import config
from presse import relation_model as RM
from presse.evaluate import double_labelling

TARGETS = {"precision": 0.75, "recall": 0.55, "stance_macro_f1": 0.65}


def kappa_table(gold: pd.DataFrame) -> pd.DataFrame:
    second = pd.read_csv(config.ANNOTATIONS / "relations_news_second_pass.csv")
    both = gold.merge(second[["item_id", "label"]], on="item_id", suffixes=("", "_2"))
    rows = []
    for name, part in (("source -> target pairs", both[both["source"] != "WRITER"]),
                       ("WRITER -> entity", both[both["source"] == "WRITER"])):
        d = double_labelling(part["label"], part["label_2"], labels=["-1", "0", "1"])
        rows.append({"items": name, "n": d["n"], "agreement": d["agreement"],
                     "kappa": d["kappa"]})
    return pd.DataFrame(rows).set_index("items")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=None, help="relation model file (default: shipped)")
    ap.add_argument("--threshold", type=float, default=None,
                    help="decision threshold (default: the model's, chosen on dev)")
    args = ap.parse_args(argv)
    model = RM.load_model(args.model)
    gold = RM.load_gold()
    items = gold[gold["fold"].isin(["dev", "test"])].reset_index(drop=True)
    n_pairs = int((items["source"] != "WRITER").sum())
    t0, c0 = time.perf_counter(), time.process_time()
    feats = RM.gold_features(items)
    dec = RM.gold_decisions(items, model, args.threshold, feats=feats)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    thr = model.threshold if args.threshold is None else args.threshold
    print(f"relation extractors on {config.relpath(RM.GOLD_CSV)} "
          f"(model {model.get_params()}, threshold {thr})")
    print(f"model: {model.meta_.get('trained_on', '?')}; chosen on {model.meta_.get('chosen_on')}")
    for fold in ("dev", "test"):
        part = dec[dec["fold"] == fold]
        sc = RM.score_decisions(part)
        print(f"\n{fold} fold: {int((part['source'] != 'WRITER').sum())} pairs "
              f"({int((part.loc[part['source'] != 'WRITER', 'label'] != 0).sum())} relations), "
              f"{int((part['source'] == 'WRITER').sum())} WRITER items")
        print(sc[["precision", "recall", "f1", "n_pred", "n_gold", "n_correct",
                  "stance_macro_f1"]].to_string(float_format=lambda v: f"{v:.3f}"))
    test = RM.score_decisions(dec[dec["fold"] == "test"])
    print("\ntest fold, 95 % intervals (articles resampled, 1,000 replicates; "
          "presse.relation_model.score_intervals):")
    ci = RM.score_intervals(dec[dec["fold"] == "test"])
    for m, g in ci.groupby("method", sort=False):
        print(f"  {m:9s} " + "; ".join(f"{r.score} {r.value:.3f} [{r.low:.3f}, {r.high:.3f}]"
                                        for r in g.itertuples())
              + f" ({g['n_articles'].iloc[0]} articles)")
    print("\nissue targets on the test fold (precision >= 0.75, recall >= 0.55, "
          "stance macro-F1 >= 0.65):")
    for m in test.index:
        ok = [f"{k} {test.loc[m, k]:.3f} {'ok' if test.loc[m, k] >= v else 'MISSED'}"
              for k, v in TARGETS.items()]
        print(f"  {m:9s} " + "; ".join(ok))
    print(f"\nspeed: {n_pairs} pairs (+ {len(items) - n_pairs} WRITER items) in "
          f"{wall:.1f} s wall / {cpu:.1f} s CPU -> {n_pairs / wall:.0f} pairs/s wall, "
          f"{n_pairs / cpu:.0f} pairs/CPU-s (parse, features, rules, model)")
    print("\nagreement of the two labelling passes (all folds):")
    print(kappa_table(gold).to_string(float_format=lambda v: f"{v:.3f}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
