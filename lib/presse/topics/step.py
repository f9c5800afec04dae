"""The ``presse build`` step of topics: modelling units, the choice of k, the tables.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from presse import config
from presse.topics.model import fit_topics
from presse.topics.quality import choose_n_topics, sweep

# ---------------------------------------------------------------------------
# Build step
# ---------------------------------------------------------------------------

#: Below this many documents, paragraphs are the unit (one document = one topic mix is
#: not enough to learn topics from five articles); from it on, documents.
PARAGRAPH_UNIT_MAX_DOCS = 200
#: Fewer units than this: no topic model (tables come back empty).
MIN_UNITS = 6


def candidate_ks(n_units: int) -> list[int]:
    """Numbers of topics worth sweeping for ``n_units`` units.

    About one topic per 5 units at most for small corpora (3..10), 10..30 for large ones.
    """
    if n_units < MIN_UNITS:
        return []
    if n_units < 500:
        hi = max(2, min(10, n_units // 5))
        return list(range(2 if hi < 3 else 3, hi + 1))
    return [10, 15, 20, 25, 30]


def modelling_units(paragraphs: pd.DataFrame, documents: pd.DataFrame,
                    unit: str = "auto") -> pd.DataFrame:
    """The units to model: DataFrame unit_id, unit, doc_id, para_id (Int64), text.

    ``unit="auto"`` uses paragraphs when the corpus has fewer than
    :data:`PARAGRAPH_UNIT_MAX_DOCS` documents, documents otherwise. Paragraph unit ids are
    ``"<doc_id>:<para_id>"``; document unit ids are the doc_id.
    """
    if unit == "auto":
        unit = "paragraph" if len(documents) < PARAGRAPH_UNIT_MAX_DOCS else "document"
    if unit == "paragraph":
        p = paragraphs[["doc_id", "para_id", "text"]].copy()
        p = p.sort_values(["doc_id", "para_id"], kind="mergesort")
        p["unit_id"] = p["doc_id"].astype(str) + ":" + p["para_id"].astype(int).astype(str)
        p["para_id"] = p["para_id"].astype("Int64")
    elif unit == "document":
        p = documents[["doc_id", "text"]].copy().sort_values("doc_id", kind="mergesort")
        p["unit_id"] = p["doc_id"].astype(str)
        p["para_id"] = pd.array([pd.NA] * len(p), dtype="Int64")
    else:
        raise ValueError(f"unit must be 'auto', 'paragraph' or 'document', got {unit!r}")
    p["unit"] = unit
    p["text"] = p["text"].fillna("").astype(str)
    return p[["unit_id", "unit", "doc_id", "para_id", "text"]].reset_index(drop=True)


def _empty_tables() -> dict[str, pd.DataFrame]:
    return {
        "topics": pd.DataFrame({"topic_id": pd.Series(dtype="int64"),
                                "label": pd.Series(dtype="object"),
                                "top_terms": pd.Series(dtype="object"),
                                "prevalence": pd.Series(dtype="float64")}),
        "doc_topics": pd.DataFrame({"unit_id": pd.Series(dtype="object"),
                                    "topic_id": pd.Series(dtype="int64"),
                                    "weight": pd.Series(dtype="float64"),
                                    "score": pd.Series(dtype="float64"),
                                    "unit": pd.Series(dtype="object"),
                                    "doc_id": pd.Series(dtype="object"),
                                    "para_id": pd.Series(dtype="Int64")}),
    }


def topics_tables(
    paragraphs: pd.DataFrame,
    documents: pd.DataFrame,
    n_topics: int | str = "auto",
    method: str = "nmf",
    unit: str = "auto",
    random_state: int = config.RANDOM_STATE,
    max_sweep_units: int = 3000,
) -> dict[str, pd.DataFrame]:
    """Build step: ``{"topics": ..., "doc_topics": ...}`` for a corpus.

    - Unit: see :func:`modelling_units` (paragraphs below 200 documents, else documents).
    - Number of topics (``"auto"``): :func:`sweep` over :func:`candidate_ks` with seeds
      0, 1, 2 on 80% subsamples (on a fixed random sample of at most ``max_sweep_units``
      units for large corpora), then :func:`choose_n_topics`.
    - Method: NMF on TF-IDF; for more than 50,000 units MiniBatchNMF.

    topics: topic_id, label, top_terms, prevalence, n_topics_rule ("sweep" or "given"),
    unit, method. doc_topics: unit_id, topic_id, weight, score, unit, doc_id, para_id.
    A corpus with fewer than :data:`MIN_UNITS` units gives empty tables (warning).
    """
    units = modelling_units(paragraphs, documents, unit)
    units = units[units["text"].str.strip() != ""].reset_index(drop=True)
    n = len(units)
    if n < MIN_UNITS:
        warnings.warn(f"topics: only {n} non-empty units; at least {MIN_UNITS} are needed "
                      "for a topic model, so the topic tables are empty", stacklevel=2)
        return _empty_tables()
    if method == "nmf" and n > 50_000:
        method = "minibatch_nmf"
    rule = "given"
    if n_topics == "auto":
        texts = units["text"].tolist()
        if n > max_sweep_units:
            idx = np.sort(np.random.default_rng(random_state).choice(n, max_sweep_units,
                                                                     replace=False))
            texts = [texts[i] for i in idx]
        ks = candidate_ks(len(texts))
        try:
            table = sweep(texts, ks, seeds=(0, 1, 2), method="nmf" if method != "lda" else "lda")
            n_topics = choose_n_topics(table)
            rule = "sweep"
        except ValueError:
            n_topics, rule = min(ks) if ks else 2, "fallback"
    tm = fit_topics(units["text"], int(n_topics), method=method, random_state=random_state,
                    unit_ids=units["unit_id"].tolist())
    topics = tm.topics.assign(n_topics_rule=rule, unit=units["unit"].iloc[0], method=method)
    dt = tm.doc_topics.merge(units[["unit_id", "unit", "doc_id", "para_id"]], on="unit_id",
                             how="left")
    return {"topics": topics, "doc_topics": dt}
