"""Evidence for topics: prevalence per article or period, the units that carry a topic, the words
that set a group apart (weighted log-odds) and agreement with human labels.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from presse.topics.model import main_topic
from presse.topics.vectorize import FrenchVectorizer

# ---------------------------------------------------------------------------
# Prevalence, evidence, contrasts
# ---------------------------------------------------------------------------


def topic_prevalence(doc_topics: pd.DataFrame, units: pd.DataFrame, by: str = "doc_id",
                     length_weighted: bool = True) -> pd.DataFrame:
    """Share of each group (article, period, outlet ...) given to each topic.

    ``units`` has one row per unit: unit_id, the grouping column ``by`` and, for
    ``length_weighted`` (default), a ``text`` column: each unit then counts by its number
    of words, so a long paragraph weighs more than a one-line one in its article's share.
    Returns DataFrame ``by``, topic_id, share (shares of a group sum to 1 when its units
    have modelled terms), n_units. Sorted by group then topic.
    """
    if by not in units.columns:
        raise ValueError(f"units has no column {by!r} (columns: {list(units.columns)})")
    u = units[["unit_id", by] + (["text"] if length_weighted else [])].copy()
    u["_w"] = u["text"].fillna("").str.split().str.len().astype(float) if length_weighted else 1.0
    d = doc_topics[["unit_id", "topic_id", "weight"]].merge(u, on="unit_id", how="inner")
    d["_x"] = d["weight"] * d["_w"]
    g = d.groupby([by, "topic_id"], observed=True).agg(_x=("_x", "sum"), n_units=("unit_id", "nunique"))
    g = g.reset_index()
    tot = g.groupby(by, observed=True)["_x"].transform("sum")
    g["share"] = np.where(tot > 0, g["_x"] / tot.where(tot > 0, 1.0), 0.0)
    return g[[by, "topic_id", "share", "n_units"]].sort_values([by, "topic_id"]).reset_index(drop=True)


def representative_units(doc_topics: pd.DataFrame, units: pd.DataFrame, n: int = 3,
                         min_words: int = 15, min_weight: float = 0.0) -> pd.DataFrame:
    """The ``n`` units that most carry each topic: the evidence behind a topic.

    Ranked by raw model score (how strongly the topic's words weigh in the unit), then by
    share. Units shorter than ``min_words`` words (headings, one-liners) are skipped when the
    topic has enough longer ones: they reach a share of 1 with two words and show little.
    ``units`` must hold unit_id and text (other columns such as doc_id/para_id are kept).
    Returns DataFrame topic_id, rank (1 = most representative), unit_id, weight, score, plus
    the units' columns; sorted by topic then rank.
    """
    d = doc_topics[doc_topics["weight"] > min_weight]
    cols = [c for c in ("unit_id", "topic_id", "weight", "score") if c in d.columns]
    d = d[cols].copy()
    if "score" not in d.columns:
        d["score"] = d["weight"]
    n_words = units.set_index("unit_id")["text"].fillna("").str.split().str.len()
    d["_long"] = d["unit_id"].map(n_words).fillna(0) >= min_words
    d = d.sort_values(["topic_id", "_long", "score", "weight", "unit_id"],
                      ascending=[True, False, False, False, True], kind="mergesort")
    d = d.groupby("topic_id", sort=True).head(n).drop(columns="_long")
    d["rank"] = d.groupby("topic_id").cumcount() + 1
    out = d.merge(units, on="unit_id", how="left")
    first = ["topic_id", "rank", "unit_id", "weight", "score"]
    return out[first + [c for c in out.columns if c not in first]].reset_index(drop=True)


def distinctive_words(
    texts: Iterable[str],
    groups: Iterable,
    vectorizer: FrenchVectorizer | None = None,
    prior_scale: float | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Words that set each group apart from all the others (Monroe, Colaresi & Quinn 2008).

    Weighted log-odds ratio with an informative Dirichlet prior: for group i against the
    rest of the corpus (j), with counts y, totals n and prior pseudo-counts
    a_w = prior_scale * (count of w in the whole corpus), a0 = sum of a_w,

        delta_w = log((y_wi + a_w) / (n_i + a0 - y_wi - a_w))
                - log((y_wj + a_w) / (n_j + a0 - y_wj - a_w))
        var_w  ~= 1 / (y_wi + a_w) + 1 / (y_wj + a_w),   z_w = delta_w / sqrt(var_w).

    The prior (the corpus itself, scaled) shrinks rare words towards zero, so a word seen
    twice in one article does not outrank a word it uses thirty times more than the others.
    ``prior_scale`` defaults to 1 / (number of groups): the prior then weighs as much as an
    average group (with the whole corpus as prior, prior_scale=1, almost nothing reaches
    significance in a few short articles). |z| > 1.96 is the conventional threshold. Terms come from ``vectorizer`` (default: our
    French analyzer with lemmas and stop words, counts, no pruning).

    Returns DataFrame group, term, count (in group), count_rest, delta, z; sorted by group
    then descending z. Needs at least two groups.
    """
    texts = list(texts)
    groups = pd.Series(list(groups), dtype=object)
    if len(groups) != len(texts):
        raise ValueError(f"{len(groups)} group labels for {len(texts)} texts")
    levels = sorted(groups.dropna().unique(), key=str)
    if len(levels) < 2:
        raise ValueError("distinctive words need at least two groups to contrast")
    vec = vectorizer if vectorizer is not None else FrenchVectorizer(
        weighting="count", min_df=1, max_df=1.0)
    X = vec.fit_transform(texts).tocsr()
    names = np.asarray(vec.get_feature_names_out())
    y_all = np.asarray(X.sum(axis=0)).ravel().astype(float)
    scale = 1.0 / len(levels) if prior_scale is None else float(prior_scale)
    a = scale * y_all
    a0 = a.sum()
    frames = []
    for g in levels:
        mask = (groups == g).to_numpy()
        yi = np.asarray(X[mask].sum(axis=0)).ravel().astype(float)
        yj = y_all - yi
        ni, nj = yi.sum(), yj.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            li = np.log(yi + a) - np.log(ni + a0 - yi - a)
            lj = np.log(yj + a) - np.log(nj + a0 - yj - a)
            delta = li - lj
            var = 1.0 / (yi + a) + 1.0 / (yj + a)
            z = delta / np.sqrt(var)
        keep = (yi + yj) >= min_count
        frames.append(pd.DataFrame({"group": g, "term": names[keep], "count": yi[keep].astype(int),
                                    "count_rest": yj[keep].astype(int), "delta": delta[keep],
                                    "z": z[keep]}))
    out = pd.concat(frames, ignore_index=True)
    out["_g"] = out["group"].map({g: i for i, g in enumerate(levels)})
    out = out.sort_values(["_g", "z", "term"], ascending=[True, False, True], kind="mergesort")
    return out.drop(columns="_g").reset_index(drop=True)


def label_agreement(doc_topics: pd.DataFrame, gold: pd.DataFrame,
                    label: str = "theme") -> dict[str, object]:
    """Agreement of each unit's main topic with human labels (validation).

    ``gold`` holds unit_id and the ``label`` column. Each topic is mapped to the human label
    most frequent among the units whose main topic it is (ties: alphabetical) -- a
    many-to-one mapping fitted on the same labels, so the scores are an upper bound of what
    the topics can tell about the labels, not a held-out accuracy. Units without a modelled
    term (main topic -1) count as errors.

    Returns a dict: ``scores`` (DataFrame metric, value: n_units, accuracy, macro_f1,
    majority_baseline = accuracy of always answering the most frequent label, nmi, ari),
    ``confusion`` (crosstab human label x topic), ``mapping`` (DataFrame topic_id, label),
    ``units`` (unit_id, label, topic_id, predicted).
    """
    from sklearn.metrics import (
        accuracy_score,
        adjusted_rand_score,
        f1_score,
        normalized_mutual_info_score,
    )

    if label not in gold.columns or "unit_id" not in gold.columns:
        raise ValueError(f"gold needs columns unit_id and {label!r}")
    main = main_topic(doc_topics)
    d = gold[["unit_id", label]].merge(main[["unit_id", "topic_id"]], on="unit_id", how="inner")
    if d.empty:
        raise ValueError("no labelled unit matches the modelled units (check unit ids)")
    counts = d[d["topic_id"] >= 0].groupby(["topic_id", label]).size().reset_index(name="n")
    counts = counts.sort_values(["topic_id", "n", label], ascending=[True, False, True])
    mapping = counts.drop_duplicates("topic_id")[["topic_id", label]].reset_index(drop=True)
    d["predicted"] = d["topic_id"].map(dict(zip(mapping["topic_id"], mapping[label])))
    d["predicted"] = d["predicted"].fillna("(none)")
    labels = sorted(d[label].unique())
    majority = d[label].value_counts().iloc[0] / len(d)
    scores = pd.DataFrame({
        "metric": ["n_units", "accuracy", "macro_f1", "majority_baseline", "nmi", "ari"],
        "value": [float(len(d)), accuracy_score(d[label], d["predicted"]),
                  f1_score(d[label], d["predicted"], labels=labels, average="macro",
                           zero_division=0),
                  majority, normalized_mutual_info_score(d[label], d["topic_id"]),
                  adjusted_rand_score(d[label], d["topic_id"])],
    })
    confusion = pd.crosstab(d[label], d["topic_id"]).rename_axis(index=label, columns="topic_id")
    return {"scores": scores, "confusion": confusion,
            "mapping": mapping.rename(columns={label: "label"}),
            "units": d.rename(columns={label: "label"}).reset_index(drop=True)}
