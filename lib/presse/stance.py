"""Stance and relations: who stands for or against whom, with evidence, over time.

What it measures
    For each sentence that mentions an actor (from the actor file, metonyms included), the
    position expressed toward that actor — ``FAVOR``, ``AGAINST`` or ``NONE`` — and whose
    position it is: the writer's, or the actor who is quoted or reported (« ... », a déclaré
    X, selon X, X a qualifié Y de « ... »). Actor-to-actor relations (source -> target,
    +1 / -1) come from the dependency parse with a lexicon of French relation verbs and
    nouns (``presse/data/relation_cues.csv``); see ``presse.relations`` for the rules.

What it cannot do
    Irony, implicit targets (« ces attaques »), long-range coreference, stance spread over
    several sentences; a writer's stance is only seen through explicit judgement words. The
    small spaCy model misparses long sentences. Validate on your own data before trusting
    a figure: ``evaluate_stance`` and ``evaluate_relations`` compare with hand labels.

Tables (the contract of DESIGN.md)
    * stance: doc_id, sent_id, target, label, score, cue, speaker (+ rule, n_cues)
    * relations: doc_id, sent_id, date, source, target, polarity, cue, evidence (+ rule)

This module adds: article-level stance, relation timelines and network edges, plots
(heatmap, network, timeline), evaluation against the annotations of ``data/annotations``,
and a trainable scikit-learn option with grouped cross-validation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from presse import config
from presse.evaluate import (  # noqa: F401  (re-exported: moved to presse.evaluate)
    RELATIONS_GOLD_CSV,
    STANCE_GOLD_CSV,
    STANCE_LABELS,
    align_stance,
    class_prf,
    evaluate_relations,
    evaluate_stance,
    load_relations_gold,
    load_stance_gold,
)
from presse.plots import (
    plot_actor_network,
    plot_relation_timeline,
    plot_stance_heatmap,
)
from presse.relations import (  # noqa: F401  (re-exported public API)
    RELATION_COLUMNS,
    STANCE_COLUMNS,
    analyse_sentence,
    analyse_sentences,
    load_cues,
    normalise_for_parse,
    relations_table,
    stance_table,
)

LABELS = STANCE_LABELS

__all__ = [
    "LABELS",
    "RELATION_COLUMNS",
    "STANCE_COLUMNS",
    "align_stance",
    "analyse_sentences",
    "article_stance",
    "cross_validate_stance",
    "evaluate_relations",
    "evaluate_stance",
    "evidence_table",
    "load_relations_gold",
    "load_stance_gold",
    "make_stance_model",
    "period_of",
    "plot_actor_network",
    "plot_relation_timeline",
    "plot_stance_heatmap",
    "relation_edges",
    "relation_timeline",
    "relations_table",
    "stance_table",
]


# ----------------------------------------------------------------------------- aggregation
def article_stance(stance: pd.DataFrame, by_speaker: bool = False) -> pd.DataFrame:
    """Aggregate sentence stance per article and target.

    Output columns: doc_id, target, [speaker,] n_sentences (sentences with a row for the
    target), n_favor, n_against, n_none, score (mean sentence score, in [-1, 1]), net
    ((n_favor - n_against) / n_sentences), label (FAVOR / AGAINST when one side has more
    supporting sentences, NONE on a tie). Sorted by doc_id, target.
    """
    keys = ["doc_id", "target"] + (["speaker"] if by_speaker else [])
    cols = keys + ["n_sentences", "n_favor", "n_against", "n_none", "score", "net", "label"]
    if stance is None or len(stance) == 0:
        return pd.DataFrame(columns=cols)
    df = stance.assign(
        _f=(stance["label"] == "FAVOR").astype(int),
        _a=(stance["label"] == "AGAINST").astype(int),
        _n=(stance["label"] == "NONE").astype(int),
    )
    g = df.groupby(keys, sort=True, observed=True)
    out = pd.DataFrame({
        "n_sentences": g["sent_id"].nunique(),
        "n_favor": g["_f"].sum(), "n_against": g["_a"].sum(), "n_none": g["_n"].sum(),
        "score": g["score"].mean().round(3),
    }).reset_index()
    out["net"] = ((out["n_favor"] - out["n_against"]) / out["n_sentences"]).round(3)
    out["label"] = np.where(out["n_favor"] > out["n_against"], "FAVOR",
                            np.where(out["n_against"] > out["n_favor"], "AGAINST", "NONE"))
    return out[cols].sort_values(keys, ignore_index=True)


def period_of(dates: pd.Series, freq: str = "Q") -> pd.Series:
    """Period label ("2025Q3", "2025-08") of each date; "undated" when the date is missing."""
    d = pd.to_datetime(dates, errors="coerce")
    lab = d.dt.to_period(freq).astype(str)
    return lab.where(d.notna(), "undated")


def relation_edges(relations: pd.DataFrame, period_freq: str | None = None,
                   max_cues: int = 3) -> pd.DataFrame:
    """Network edges: one row per (period,) source, target.

    Output columns: [period,] source, target, n (relations), n_pos, n_neg, polarity (net
    sign: +1, -1, or 0 when balanced), cues (most frequent cue lemmas, ", "-joined),
    n_docs. Sorted by period, -n, source, target.
    """
    keys = (["period"] if period_freq else []) + ["source", "target"]
    cols = keys + ["n", "n_pos", "n_neg", "polarity", "cues", "n_docs"]
    if relations is None or len(relations) == 0:
        return pd.DataFrame(columns=cols)
    df = relations.copy()
    if period_freq:
        df["period"] = period_of(df["date"], period_freq)
    rows = []
    for key, g in df.groupby(keys, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        n_pos = int((g["polarity"] > 0).sum())
        n_neg = int((g["polarity"] < 0).sum())
        top = g["cue"].value_counts().sort_index().sort_values(ascending=False, kind="stable")
        rows.append((*key, len(g), n_pos, n_neg, int(np.sign(n_pos - n_neg)),
                     ", ".join(top.index[:max_cues]), g["doc_id"].nunique()))
    out = pd.DataFrame(rows, columns=cols)
    sort = keys[:-2] + ["n", "source", "target"]
    asc = [True] * (len(keys) - 2) + [False, True, True]
    return out.sort_values(sort, ascending=asc, ignore_index=True)


def relation_timeline(relations: pd.DataFrame, pairs: Sequence[tuple[str, str]] | None = None,
                      freq: str = "M") -> pd.DataFrame:
    """Relation polarity over time for chosen (source, target) pairs.

    Output columns: source, target, period (str), date (period start), n, n_pos, n_neg,
    net (mean polarity in [-1, 1]). Undated relations are left out (they cannot be placed
    in time). Sorted by source, target, date.
    """
    cols = ["source", "target", "period", "date", "n", "n_pos", "n_neg", "net"]
    if relations is None or len(relations) == 0:
        return pd.DataFrame(columns=cols)
    df = relations[relations["date"].notna()].copy()
    if pairs is not None:
        keep = {tuple(p) for p in pairs}
        df = df[[(s, t) in keep for s, t in zip(df["source"], df["target"], strict=True)]]
    if len(df) == 0:
        return pd.DataFrame(columns=cols)
    per = pd.to_datetime(df["date"]).dt.to_period(freq)
    df = df.assign(period=per.astype(str), date=per.dt.start_time)
    g = df.groupby(["source", "target", "period", "date"], sort=True)
    out = pd.DataFrame({
        "n": g["polarity"].size(),
        "n_pos": g["polarity"].apply(lambda s: int((s > 0).sum())),
        "n_neg": g["polarity"].apply(lambda s: int((s < 0).sum())),
        "net": g["polarity"].mean().round(3),
    }).reset_index()
    return out[cols].sort_values(["source", "target", "date"], ignore_index=True)


def evidence_table(relations: pd.DataFrame, documents: pd.DataFrame | None = None,
                   max_chars: int = 160) -> pd.DataFrame:
    """A table a reader can check: date, article, source -> target, polarity, cue, sentence.

    Output columns: date, doc_id, sent_id, [title,] relation ("putin -> trump"), polarity,
    cue, evidence (shortened to ``max_chars``). Sorted by date, doc_id, sent_id.
    """
    cols = ["date", "doc_id", "sent_id", "relation", "polarity", "cue", "evidence"]
    if relations is None or len(relations) == 0:
        return pd.DataFrame(columns=cols)
    df = relations.copy()
    df["relation"] = df["source"].astype(str) + " -> " + df["target"].astype(str)
    df["evidence"] = df["evidence"].astype(str).map(
        lambda t: t if len(t) <= max_chars else t[: max_chars - 1].rstrip() + "…")
    if documents is not None and "title" in documents.columns:
        titles = dict(zip(documents["doc_id"].astype(str), documents["title"], strict=False))
        df["title"] = df["doc_id"].astype(str).map(titles)
        cols = cols[:3] + ["title"] + cols[3:]
    df["date"] = pd.to_datetime(df["date"], errors="coerce").dt.date
    return df[cols].sort_values(["date", "doc_id", "sent_id"], na_position="last",
                                ignore_index=True)


# ----------------------------------------------------------------------------- plots


# ----------------------------------------------------------------------------- evaluation
# gold loaders, alignment and scores live in presse.evaluate (re-exported above)


# ----------------------------------------------------------------------------- trainable
def _target_aware(X) -> list[str]:
    """Text features that know the target: a target token, the sentence with the target's
    name kept, and the words near the target prefixed with its id."""
    import re

    out = []
    for text, target in zip(X["text"], X["target"], strict=True):
        words = re.findall(r"\w+", str(text).lower())
        out.append(f"TGT_{target} " + " ".join(words) + " " +
                   " ".join(f"{target}__{w}" for w in words))
    return out


def make_stance_model(C: float = 2.0):
    """A scikit-learn pipeline for users with labelled stance data.

    Input: a DataFrame with columns ``text`` and ``target``; labels FAVOR/AGAINST/NONE.
    Features: TF-IDF (words and bigrams) of target-aware strings (``_target_aware``), so
    the same word can weigh differently for different targets; model: logistic regression
    with balanced class weights and ``RANDOM_STATE``.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    return make_pipeline(
        FunctionTransformer(_target_aware),
        TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True),
        LogisticRegression(C=C, class_weight="balanced", max_iter=2000,
                           random_state=config.RANDOM_STATE),
    )


def cross_validate_stance(data: pd.DataFrame, group: str = "doc_id", n_splits: int = 5,
                          C: float = 2.0) -> pd.DataFrame:
    """Grouped cross-validation of ``make_stance_model`` (folds by article or by target).

    ``data``: columns text, target, label and the ``group`` column. Uses ``GroupKFold`` so
    no article (or target) is in both train and test. Returns one row per fold: fold,
    n_test, groups (held-out values), macro_f1 (FAVOR/AGAINST), accuracy. Raises
    ``ValueError`` when there are fewer than two groups or one label only.
    """
    from sklearn.model_selection import GroupKFold

    from presse.config import pinned_threads

    groups = data[group].astype(str).to_numpy()
    n_groups = len(set(groups))
    if n_groups < 2:
        raise ValueError(f"cross_validate_stance: need at least 2 distinct {group!r} values")
    if data["label"].nunique() < 2:
        raise ValueError("cross_validate_stance: need at least two labels")
    rows = []
    splitter = GroupKFold(n_splits=min(n_splits, n_groups))
    X = data[["text", "target"]].reset_index(drop=True)
    y = data["label"].to_numpy()
    with pinned_threads():
        for k, (tr, te) in enumerate(splitter.split(X, y, groups)):
            if len(set(y[tr])) < 2:
                continue
            model = make_stance_model(C).fit(X.iloc[tr], y[tr])
            pred = model.predict(X.iloc[te])
            f1s = [class_prf(y[te], pred, lab)[2] for lab in ("FAVOR", "AGAINST")]
            f1s = [x for x in f1s if not math.isnan(x)]
            rows.append({"fold": k, "n_test": len(te),
                         "groups": ", ".join(sorted(set(groups[te]))),
                         "macro_f1": round(float(np.mean(f1s)), 3) if f1s else float("nan"),
                         "accuracy": round(float((pred == y[te]).mean()), 3)})
    return pd.DataFrame(rows)
