"""Progression of words, lemmas or actors over time (TXM's *progression*, as frequencies).

For each period (month, quarter, year ...) and each term: its count, the number of terms
the period holds, the relative frequency per 10,000 terms and a 95% Wilson interval on that
proportion (a period with few words gets a wide interval: the figure shows how little a
single article can tell). Actors are counted from the mentions table, per 10,000 terms of
the same periods (:func:`actor_progression`). :func:`cumulative_progression` gives TXM's
cumulative curve (occurrences in text order).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy.stats import norm

from presse.plots import (
    plot_progression,
)
from presse.vocabulary import _tokens

__all__ = ["actor_progression", "cumulative_progression", "period_of", "plot_progression",
           "progression", "wilson_interval"]

PER = 10_000


def wilson_interval(k, n, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of the proportion k / n (arrays); (0, 0) when n = 0."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    z = norm.ppf(0.5 + level / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(n > 0, k / n, 0.0)
        den = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / den
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    # rounded: p = 0 gives 0, not 1e-17
    lo = np.where(n > 0, np.clip(np.round(centre - half, 12), 0, 1), 0.0)
    hi = np.where(n > 0, np.clip(np.round(centre + half, 12), 0, 1), 0.0)
    return lo, hi


def period_of(dates: pd.Series, freq: str = "M") -> pd.Series:
    """Period label of each date (``"2025-03"`` for freq M, ``"2025Q1"``, ``"2025"``);
    missing dates stay missing."""
    d = pd.to_datetime(dates, errors="coerce")
    out = pd.Series(pd.NA, index=d.index, dtype=object)
    ok = d.notna()
    out[ok] = d[ok].dt.to_period(freq).astype(str)
    return out


def _terms_per_text(texts: Iterable[str], lemmatize: bool, stop_words) -> list[list[str]]:
    analyze = _tokens.analyzer(lemmatize=lemmatize, stop_words=stop_words)
    return [analyze("" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t))
            for t in texts]


def _finish(counts: pd.DataFrame, totals: pd.Series, key: str, level: float) -> pd.DataFrame:
    counts = counts.merge(totals.rename("total").reset_index(), on="period", how="right")
    counts["count"] = counts["count"].fillna(0).astype(np.int64)
    lo, hi = wilson_interval(counts["count"], counts["total"], level)
    counts["per_10k"] = np.where(counts["total"] > 0,
                                 PER * counts["count"] / counts["total"].where(
                                     counts["total"] > 0, 1), 0.0)
    counts["low"], counts["high"] = PER * lo, PER * hi
    cols = ["period", key, "count", "total", "per_10k", "low", "high"]
    return counts[cols].sort_values([key, "period"], kind="mergesort").reset_index(drop=True)


def progression(texts: Sequence[str], periods: Sequence, terms: Sequence[str],
                lemmatize: bool = True, stop_words="presse", level: float = 0.95
                ) -> pd.DataFrame:
    """Relative frequency of each of ``terms`` per period, with a Wilson interval.

    texts / periods: parallel (e.g. documents' text and :func:`period_of` of their date);
    texts without a period are left out. Terms are matched as the analyzer produces them
    (lemmas by default: give « sanction » for *sanctions*, *sanctionné* is « sanctionner »).
    Returns DataFrame period, term, count, total (terms in the period), per_10k, low, high;
    every (term, period) pair present (count 0 included); sorted by term then period.
    """
    periods = pd.Series(list(periods), dtype=object)
    texts = list(texts)
    if len(periods) != len(texts):
        raise ValueError(f"{len(periods)} periods for {len(texts)} texts")
    ok = periods.notna().to_numpy()
    toks = _terms_per_text([t for t, o in zip(texts, ok) if o], lemmatize, stop_words)
    per = periods[ok].tolist()
    totals = pd.Series([len(t) for t in toks], index=per).groupby(level=0).sum()
    totals.index.name = "period"
    wanted = list(dict.fromkeys(_tokens.normalize_text(t).lower() for t in terms))
    wanted_set = set(wanted)
    rows = [(p, w) for p, ts in zip(per, toks) for w in ts if w in wanted_set]
    c = pd.DataFrame(rows, columns=["period", "term"]).value_counts().rename("count")
    grid = pd.MultiIndex.from_product([sorted(totals.index), wanted], names=["period", "term"])
    c = c.reindex(grid, fill_value=0).reset_index()
    return _finish(c, totals, "term", level)


def actor_progression(mentions: pd.DataFrame, texts: Sequence[str], periods: Sequence,
                      doc_ids: Sequence, actors: Sequence[str] | None = None,
                      level: float = 0.95) -> pd.DataFrame:
    """Mentions of each actor per period, per 10,000 terms of that period's texts.

    texts / periods / doc_ids: one row per document (the documents table). Returns the
    columns of :func:`progression` with ``actor`` in place of ``term``.
    """
    periods = pd.Series(list(periods), index=list(doc_ids), dtype=object)
    ok = periods.notna()
    toks = _terms_per_text([t for t, o in zip(texts, ok) if o], True, "presse")
    totals = pd.Series([len(t) for t in toks], index=periods[ok].tolist()).groupby(level=0).sum()
    totals.index.name = "period"
    m = mentions[mentions["doc_id"].isin(periods[ok].index)]
    if actors is not None:
        m = m[m["actor"].isin(list(actors))]
    actors = sorted(m["actor"].unique()) if actors is None else list(actors)
    c = (m.assign(period=m["doc_id"].map(periods)).groupby(["period", "actor"]).size()
         .rename("count"))
    grid = pd.MultiIndex.from_product([sorted(totals.index), actors], names=["period", "actor"])
    c = c.reindex(grid, fill_value=0).reset_index()
    return _finish(c, totals, "actor", level)


def cumulative_progression(texts: Sequence[str], terms: Sequence[str],
                           lemmatize: bool = True, stop_words="presse") -> pd.DataFrame:
    """TXM's cumulative progression: for each term, its running count against the position
    in the corpus (terms counted in text order). Returns DataFrame term, position, count."""
    toks = [w for ts in _terms_per_text(texts, lemmatize, stop_words) for w in ts]
    rows = []
    for t in dict.fromkeys(_tokens.normalize_text(x).lower() for x in terms):
        pos = np.flatnonzero(np.array(toks, dtype=object) == t) if toks else np.array([])
        rows.append(pd.DataFrame({"term": t, "position": pos.astype(np.int64),
                                  "count": np.arange(1, len(pos) + 1)}))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
        columns=["term", "position", "count"])


