"""Draw the sentences of the news tone gold set from the development news (OrangeSum).

Deterministic: the same bench file gives the same sample, byte for byte.

    .venv/bin/python scripts/sample_news_gold.py tone [--bench ../shared/bench] [--out FILE]

Articles of the sections monde / politique / france / societe are drawn with a fixed seed
(more from monde and politique, the project's subject), each article's fold (train / dev /
test) is fixed by ``presse.evaluate.fold_of`` on its id, and up to three body sentences
(spaCy segmentation, as in the sentences table) of 6 to 80 words are drawn per article.
The output holds ids, section, date, fold and sentence text, with empty label columns: the
articles themselves stay in ../shared/bench.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from presse import config
from presse.evaluate import fold_of
from presse.nlp import segment

SEED = 20261201
ARTICLES_PER_SECTION = {"monde": 230, "politique": 230, "france": 130, "societe": 110}
PER_ARTICLE = 3
MIN_WORDS, MAX_WORDS = 6, 80


def sample_tone(bench: Path) -> pd.DataFrame:
    news = pd.read_csv(bench / "news_fr_dev.csv.gz")
    rng = np.random.default_rng(SEED)
    picked = []
    for section, n in ARTICLES_PER_SECTION.items():
        pool = news[news["category"] == section].sort_values("id")
        idx = rng.choice(len(pool), size=min(n, len(pool)), replace=False)
        picked.append(pool.iloc[np.sort(idx)])
    arts = pd.concat(picked).sort_values("id").reset_index(drop=True)
    rows = []
    for (aid, section, date, _), spans in zip(
        arts[["id", "category", "date", "text"]].itertuples(index=False),
        segment(arts["text"].astype(str).tolist()),
        strict=True,
    ):
        cands = [(i, t) for i, (_, _, t) in enumerate(spans)
                 if MIN_WORDS <= len(t.split()) <= MAX_WORDS]
        if not cands:
            continue
        take = rng.choice(len(cands), size=min(PER_ARTICLE, len(cands)), replace=False)
        for k in sorted(take):
            i, t = cands[k]
            rows.append({"article_id": int(aid), "section": section, "date": date,
                         "sent_idx": i, "text": " ".join(t.split())})
    out = pd.DataFrame(rows)
    out["fold"] = fold_of(out["article_id"])
    out.insert(0, "item_id", [f"t{i:05d}" for i in range(len(out))])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=["tone"])
    ap.add_argument("--bench", type=Path, default=config.BENCH)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    out = sample_tone(args.bench)
    path = args.out or Path("tone_news_sample.csv")
    out.to_csv(path, index=False)
    print(f"{len(out)} sentences from {out['article_id'].nunique()} articles -> {path}")
    print(out.groupby(["fold"]).size().to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
