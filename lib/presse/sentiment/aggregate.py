"""Tone of articles, paragraphs and actors: sentence scores aggregated per group, with a
bootstrap interval over sentences (:func:`presse.evaluate.bootstrap_mean_ci`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from presse.config import RANDOM_STATE
from presse.evaluate import bootstrap_mean_ci


def aggregate_tone(
    sentiment: pd.DataFrame,
    by: Sequence[str] = ("doc_id",),
    n_boot: int = 2000,
    ci: float = 0.95,
    random_state: int = RANDOM_STATE,
) -> pd.DataFrame:
    """Mean sentence score per group with a bootstrap interval over sentences.

    Input: any table with ``score`` and ``label`` plus the ``by`` columns (e.g. the
    sentiment table merged with ``para_id`` for paragraphs). Output columns: the ``by``
    columns, ``n_sentences``, ``mean``, ``ci_low``, ``ci_high``, ``share_pos``,
    ``share_neg``; sorted by ``by``. Each group gets its own generator seeded from
    ``random_state`` and its rank, so the result does not depend on other groups' sizes.
    """
    by = list(by)
    missing = set(by) | {"score", "label"}
    missing -= set(sentiment.columns)
    if missing:
        raise ValueError(f"aggregate_tone: table lacks columns {sorted(missing)}")
    cols = [*by, "n_sentences", "mean", "ci_low", "ci_high", "share_pos", "share_neg"]
    if sentiment.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    groups = sentiment.sort_values(by).groupby(by, sort=True)
    for i, (key, g) in enumerate(groups):
        key = key if isinstance(key, tuple) else (key,)
        m, lo, hi = bootstrap_mean_ci(g["score"], n_boot=n_boot, ci=ci,
                                      random_state=random_state + i)
        lab = g["label"].dropna()
        n = len(lab)
        rows.append((*key, int(g["score"].notna().sum()), m, lo, hi,
                     (lab == "pos").sum() / n if n else np.nan,
                     (lab == "neg").sum() / n if n else np.nan))
    return pd.DataFrame(rows, columns=cols)


def article_tone(
    sentiment: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    n_boot: int = 2000,
    ci: float = 0.95,
    random_state: int = RANDOM_STATE,
) -> pd.DataFrame:
    """Tone per article (sentence mean, bootstrap CI); with ``documents``, adds title,
    date and outlet and sorts by date then doc_id."""
    out = aggregate_tone(sentiment, by=("doc_id",), n_boot=n_boot, ci=ci,
                         random_state=random_state)
    if documents is not None:
        keep = [c for c in ("doc_id", "title", "date", "outlet") if c in documents.columns]
        out = out.merge(documents[keep], on="doc_id", how="left")
        if "date" in out.columns:
            out = out.sort_values(["date", "doc_id"], na_position="last", ignore_index=True)
    return out


def actor_tone(
    sentiment: pd.DataFrame,
    mentions: pd.DataFrame,
    by_doc: bool = True,
    n_boot: int = 2000,
    ci: float = 0.95,
    random_state: int = RANDOM_STATE,
) -> pd.DataFrame:
    """Tone of the sentences that mention each actor.

    Inputs: the sentiment table (doc_id, sent_id, score, label) and the mentions table
    (doc_id, sent_id, actor, ...). A sentence counts once per actor however many times it
    names it. Output: (doc_id,) actor, n_sentences, mean, ci_low, ci_high, share_pos,
    share_neg; sorted.
    """
    need = {"doc_id", "sent_id", "actor"} - set(mentions.columns)
    if need:
        raise ValueError(f"actor_tone: mentions table lacks columns {sorted(need)}")
    pairs = mentions[["doc_id", "sent_id", "actor"]].drop_duplicates()
    merged = pairs.merge(sentiment[["doc_id", "sent_id", "score", "label"]],
                         on=["doc_id", "sent_id"], how="inner")
    by = ("doc_id", "actor") if by_doc else ("actor",)
    return aggregate_tone(merged, by=by, n_boot=n_boot, ci=ci, random_state=random_state)
