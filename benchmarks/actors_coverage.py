"""How many candidate entities of the news relation gold set the actor file covers.

For every source / target surface of ``data/annotations/relations_news.csv`` (WRITER
excluded; each (sentence, start, end) span counted once), the sentence is matched with an
actor file (``presse.actors.find_mentions``, roles resolved with the item's date) and the
span is *covered* when a mention overlaps it: resolved to an actor, or any mention
(ambiguous roles included). Figures are given for all spans, for the spans that the readers
did not mark « not an actor » (the notes ``not an actor*``, ``location``, ``place``), and
for the spans that take part in a relation (label +1 / -1).

    .venv/bin/python benchmarks/actors_coverage.py
    .venv/bin/python benchmarks/actors_coverage.py --actors old.yml --actors lib/presse/data/actors.yml
    .venv/bin/python benchmarks/actors_coverage.py --gold data/annotations/relations_news.csv
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import pandas as pd
from presse import actors as A
from presse import config

NOT_ACTOR = ("not an actor", "location", "place")


def spans(gold: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct (sentence, start, end) source/target surface, WRITER excluded."""
    parts = []
    for side in ("source", "target"):
        part = gold[["sentence_key", "date", "text", side, f"{side}_start", f"{side}_end",
                     "label", "note"]].copy()
        part.columns = ["sentence_key", "date", "text", "surface", "start", "end", "label",
                        "note"]
        parts.append(part[part["surface"] != "WRITER"])
    df = pd.concat(parts, ignore_index=True)
    df["note"] = df["note"].fillna("").astype(str)
    df["relation"] = df["label"] != 0
    df["not_actor"] = df["note"].str.startswith(NOT_ACTOR)
    return (df.groupby(["sentence_key", "start", "end"], as_index=False)
              .agg(date=("date", "first"), text=("text", "first"), surface=("surface", "first"),
                   relation=("relation", "any"), not_actor=("not_actor", "all")))


def coverage(sp: pd.DataFrame, actors: Path | None) -> pd.DataFrame:
    """``sp`` with two columns: ``covered`` (a resolved mention overlaps the span) and
    ``matched`` (any mention, ambiguous roles included)."""
    sents = sp.drop_duplicates("sentence_key")[["sentence_key", "text", "date"]].copy()
    sents = sents.rename(columns={"sentence_key": "doc_id"})
    sents["sent_id"] = 0
    sents["date"] = pd.to_datetime(sents["date"])
    m = A.find_mentions(sents, actors=actors)
    by_sent: dict[str, list] = {}
    for r in m.itertuples(index=False):
        by_sent.setdefault(str(r.doc_id), []).append((r.start, r.end, pd.notna(r.actor)))
    covered, matched = [], []
    for r in sp.itertuples(index=False):
        hits = [res for s, e, res in by_sent.get(str(r.sentence_key), [])
                if s < r.end and r.start < e]
        covered.append(any(hits))
        matched.append(bool(hits))
    return sp.assign(covered=covered, matched=matched)


def report(cov: pd.DataFrame, name: str) -> None:
    print(f"\nactor file: {name}")
    print(f"  {'spans':<40} {'n':>6} {'resolved':>9} {'any':>7}")
    for label, mask in (("all source/target surfaces", slice(None)),
                        ("not marked « not an actor »", ~cov["not_actor"]),
                        ("in a relation (label +1/-1)", cov["relation"])):
        sub = cov[mask]
        print(f"  {label:<40} {len(sub):>6} {sub['covered'].mean():>9.3f} "
              f"{sub['matched'].mean():>7.3f}")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--gold", type=Path, default=config.ANNOTATIONS / "relations_news.csv",
                   help="relation gold file (default: data/annotations/relations_news.csv)")
    p.add_argument("--actors", type=Path, action="append",
                   help="actor file (repeatable; default: the bundled presse/data/actors.yml)")
    p.add_argument("--missed", type=int, default=0,
                   help="also print the N most frequent uncovered surfaces (last file)")
    args = p.parse_args(argv)
    gold = pd.read_csv(args.gold, keep_default_na=False, na_values=[""])
    gold["source"] = gold["source"].astype(str)
    gold["target"] = gold["target"].astype(str)
    sp = spans(gold)
    print(f"{args.gold}: {len(gold)} items, {len(sp)} distinct source/target spans "
          f"({(~sp['not_actor']).sum()} not marked « not an actor », "
          f"{sp['relation'].sum()} in a relation)")
    cov = None
    for path in args.actors or [None]:
        cov = coverage(sp, path)
        report(cov, str(path) if path else "bundled presse/data/actors.yml")
    if args.missed and cov is not None:
        miss = cov[~cov["covered"] & ~cov["not_actor"]]
        print("\nmost frequent uncovered surfaces (not marked « not an actor »):")
        print(miss["surface"].value_counts().head(args.missed).to_string())


if __name__ == "__main__":
    main()
