"""Topic prevalence per period and per outlet, with bootstrap intervals.

The most requested view of a topic model: how much of the coverage goes to each topic, month
by month (or quarter, year ...) and outlet by outlet, and how sure we can be of it.

- :func:`document_shares` -- each article's share of each topic, from the build's
  ``doc_topics`` (units are paragraphs below 200 articles, articles above; see
  :func:`presse.topics.modelling_units`). Paragraph shares are averaged within their
  article, each paragraph weighted by its number of words when the units' text is given.
- :func:`period_freq` -- the period unit (day, week, month, quarter, year) chosen from the
  span of the dates: the finest one that gives at most ``max_periods`` periods.
- :func:`prevalence` -- per group (period, outlet or any column of ``documents``) and
  topic: the mean share over the group's articles (each article counts once, whatever its
  length), with a percentile bootstrap interval over the articles (articles resampled with
  replacement within the group; deterministic ``random_state``) and the number of articles.
- :func:`plot_topic_prevalence` -- the figure: lines with interval bands over periods, or
  points with interval bars per outlet; only the ``top_n`` topics with the largest overall
  prevalence, labels that keep the topic id (never truncated into collisions).

What the interval says: how much the mean would move if the same period or outlet had
been covered by a different draw of articles of the same kind. It does not include the
uncertainty of the topic model itself (refit on other data, topics would shift), and a
group of one article has an interval of zero width: one article is no evidence of a trend.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from presse import config

__all__ = ["document_shares", "period_freq", "period_labels", "plot_topic_prevalence",
           "prevalence", "top_topics"]

#: Candidate period units, finest first (pandas period aliases).
PERIOD_FREQS: tuple[str, ...] = ("D", "W", "M", "Q", "Y")
_FREQ_NAMES = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
_STAT_COLUMNS = ("topic_id", "share", "low", "high", "n_docs", "label")


# --------------------------------------------------------------------------- documents
def document_shares(doc_topics: pd.DataFrame, units: pd.DataFrame | None = None
                    ) -> pd.DataFrame:
    """Each document's share of each topic.

    doc_topics: unit_id, topic_id, weight, and doc_id (as ``presse build`` writes it) --
    or pass ``units`` (unit_id, doc_id, optional text) to map units to documents. With a
    ``text`` column in ``units`` each unit counts by its number of words (a one-line
    paragraph weighs little in its article); otherwise units count equally.
    Returns DataFrame doc_id, topic_id, share (the shares of a document sum to 1), sorted by
    document then topic. Documents none of whose units has a modelled term (all weights
    0) are left out: they have no topic mix to average.
    """
    need = {"unit_id", "topic_id", "weight"}
    if not need <= set(doc_topics.columns):
        raise ValueError(f"doc_topics needs columns {sorted(need)}, has {list(doc_topics.columns)}")
    d = doc_topics[["unit_id", "topic_id", "weight"]].copy()
    if units is not None:
        if not {"unit_id", "doc_id"} <= set(units.columns):
            raise ValueError("units needs columns unit_id and doc_id")
        u = units[["unit_id", "doc_id"]].copy()
        u["_w"] = (units["text"].fillna("").astype(str).str.split().str.len().astype(float)
                   if "text" in units.columns else 1.0)
        d = d.merge(u, on="unit_id", how="inner")
    elif "doc_id" in doc_topics.columns:
        d["doc_id"] = doc_topics["doc_id"].to_numpy()
        d["_w"] = 1.0
    else:
        raise ValueError("doc_topics has no doc_id column: pass units (unit_id, doc_id) to "
                         "map units to documents")
    d["_x"] = d["weight"].astype(float) * d["_w"]
    g = d.groupby(["doc_id", "topic_id"], sort=True)["_x"].sum().rename("x").reset_index()
    tot = g.groupby("doc_id")["x"].transform("sum")
    g = g[tot > 0].copy()
    g["share"] = np.round(g["x"] / tot[tot > 0], 12)
    g["doc_id"] = g["doc_id"].astype(str)
    return (g[["doc_id", "topic_id", "share"]]
            .sort_values(["doc_id", "topic_id"], kind="mergesort").reset_index(drop=True))


# --------------------------------------------------------------------------- periods
def period_freq(dates, max_periods: int = 24) -> str:
    """The finest period unit (D, W, M, Q, Y) giving at most ``max_periods`` periods over the
    span of ``dates`` (first to last date); "Y" when even years are more; "M" without dates."""
    d = pd.to_datetime(pd.Series(list(dates), dtype=object), errors="coerce").dropna()
    if d.empty:
        return "M"
    lo, hi = d.min(), d.max()
    for f in PERIOD_FREQS:
        if len(pd.period_range(lo.to_period(f), hi.to_period(f), freq=f)) <= max_periods:
            return f
    return "Y"


def period_labels(dates, freq: str) -> pd.Series:
    """Period label of each date for ``freq`` ("2025-03-12", "2025-03-10" for the week
    starting that Monday, "2025-03", "2025Q1", "2025"); missing dates stay missing. Labels
    sort in time order."""
    s = pd.to_datetime(pd.Series(dates), errors="coerce")
    out = pd.Series(pd.NA, index=s.index, dtype=object)
    ok = s.notna()
    per = s[ok].dt.to_period(freq)
    out[ok] = per.dt.start_time.dt.strftime("%Y-%m-%d") if freq == "W" else per.astype(str)
    return out


# --------------------------------------------------------------------------- bootstrap
def _group_seed(random_state: int, group) -> np.random.Generator:
    # one generator per group, seeded from its label: a group's interval does not change
    # when another group is added or removed
    return np.random.default_rng([int(random_state), zlib.crc32(str(group).encode("utf-8"))])


def _bootstrap_means(S: np.ndarray, n_boot: int, rng: np.random.Generator,
                     chunk: int = 64) -> np.ndarray:
    """n_boot x K means of S (n x K) over resamples of its rows with replacement."""
    n = S.shape[0]
    out = np.empty((n_boot, S.shape[1]))
    done = 0
    while done < n_boot:
        b = min(chunk, n_boot - done)
        idx = rng.integers(0, n, size=(b, n))
        counts = np.bincount((idx + (np.arange(b) * n)[:, None]).ravel(),
                             minlength=b * n).reshape(b, n)
        out[done:done + b] = counts @ S / n
        done += b
    return out


# --------------------------------------------------------------------------- prevalence
def prevalence(doc_topics: pd.DataFrame, documents: pd.DataFrame, by: str = "period",
               units: pd.DataFrame | None = None, freq: str | None = None,
               max_periods: int = 24, max_groups: int | None = 15, n_boot: int = 1000,
               level: float = 0.95, random_state: int = config.RANDOM_STATE) -> pd.DataFrame:
    """Mean topic share per period (``by="period"``) or per value of a documents column
    (``"outlet"`` ...), with a bootstrap interval over documents.

    doc_topics / units: as in :func:`document_shares` (a table of document shares --
    doc_id, topic_id, share -- is accepted as is). documents: doc_id and ``date`` (for
    periods) or the ``by`` column. Periods: ``freq`` (pandas alias) or, when None, the
    unit :func:`period_freq` chooses from the date span (at most ``max_periods``).
    Documents without a date / without a value of ``by`` are left out. For a column other
    than period, groups past the ``max_groups`` largest (by number of documents, ties by
    name) are pooled into one group "other (N)", so a figure of 300 outlets stays readable.

    Returns DataFrame ``by``, topic_id, share (mean of the documents' shares), low, high
    (percentile bootstrap interval at ``level``, ``n_boot`` resamples of the group's
    documents), n_docs; every topic in every group; groups in time order (periods) or by
    decreasing size, then topic. ``attrs``: by, freq (periods), level, n_left_out.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot}")
    if {"doc_id", "topic_id", "share"} <= set(doc_topics.columns) and units is None \
            and "weight" not in doc_topics.columns:
        shares = doc_topics[["doc_id", "topic_id", "share"]].astype({"doc_id": str})
    else:
        shares = document_shares(doc_topics, units)
    docs = documents.copy()
    docs["doc_id"] = docs["doc_id"].astype(str)
    attrs: dict = {"by": by, "level": level}
    if by == "period":
        if "date" not in docs.columns:
            raise ValueError("documents has no date column: cannot group by period")
        dated = docs.loc[docs["doc_id"].isin(shares["doc_id"]), "date"]
        freq = freq or period_freq(dated, max_periods)
        docs["period"] = period_labels(docs["date"], freq).to_numpy()
        attrs["freq"] = freq
    elif by not in docs.columns:
        raise ValueError(f"documents has no column {by!r} (columns: {list(docs.columns)})")
    group = docs.set_index("doc_id")[by]
    group = group[group.notna() & (group.astype(str).str.strip() != "")].astype(str)
    topics = np.sort(shares["topic_id"].unique())
    mat = (shares.pivot(index="doc_id", columns="topic_id", values="share")
           .reindex(columns=topics).fillna(0.0))
    keep = mat.index.intersection(group.index)
    attrs["n_left_out"] = int(len(mat) - len(keep))
    mat, group = mat.loc[keep], group.loc[keep]
    if by != "period" and max_groups is not None and group.nunique() > max_groups:
        sizes = group.value_counts()
        sizes = sizes.sort_index(kind="mergesort").sort_values(ascending=False, kind="mergesort")
        small = sizes.index[max_groups - 1:]
        group = group.where(~group.isin(small), f"other ({len(small)})")
    if by == "period":
        order = sorted(group.unique())
    else:
        sizes = group.value_counts().sort_index(kind="mergesort")
        sizes = sizes.sort_values(ascending=False, kind="mergesort")
        order = [g for g in sizes.index if not g.startswith("other (")] + \
                [g for g in sizes.index if g.startswith("other (")]
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    rows = []
    for gval in order:
        S = mat.loc[group.index[group == gval]].to_numpy(dtype=float)
        mean = S.mean(axis=0)
        if len(S) > 1:
            boots = _bootstrap_means(S, n_boot, _group_seed(random_state, gval))
            low, high = np.quantile(boots, [lo_q, hi_q], axis=0)
        else:
            low, high = mean, mean
        for j, t in enumerate(topics):
            rows.append((gval, int(t), mean[j], low[j], high[j], len(S)))
    out = pd.DataFrame(rows, columns=[by, "topic_id", "share", "low", "high", "n_docs"])
    for c in ("share", "low", "high"):
        out[c] = np.round(out[c].astype(float), 10)
    out = out.astype({"topic_id": "int64", "n_docs": "int64"})
    out.attrs.update(attrs)
    return out


def top_topics(table: pd.DataFrame, n: int = 6) -> list[int]:
    """The ``n`` topics with the largest prevalence over all documents of ``table`` (group
    means weighted by their number of documents); ties by topic id."""
    if table.empty:
        return []
    w = table.assign(_x=table["share"] * table["n_docs"]).groupby("topic_id")[["_x", "n_docs"]].sum()
    overall = (w["_x"] / w["n_docs"].where(w["n_docs"] > 0, 1)).rename("p").reset_index()
    overall = overall.sort_values(["p", "topic_id"], ascending=[False, True], kind="mergesort")
    return overall["topic_id"].head(n).astype(int).tolist()


def _by_column(table: pd.DataFrame) -> str:
    by = table.attrs.get("by")
    if by in table.columns:
        return by
    rest = [c for c in table.columns if c not in _STAT_COLUMNS]
    if len(rest) != 1:
        raise ValueError(f"cannot tell the grouping column of the table (columns {list(table.columns)})")
    return rest[0]


def _topic_names(ids: Sequence[int], topics: pd.DataFrame | None, width: int) -> dict:
    lab = dict(zip(topics["topic_id"], topics["label"])) if topics is not None else {}
    out = {}
    for t in ids:
        name = f"{t}: {lab[t]}" if t in lab and str(lab[t]) else f"topic {t}"
        out[t] = name if len(name) <= width else name[:width - 1].rstrip() + "…"
    return out


def _period_positions(labels: Sequence[str], freq: str | None) -> tuple[dict, list[str]]:
    """x position of each period label on a time axis with every period of the span (gaps
    included), and the labels of all positions. Without a known freq: labels in order."""
    if freq:
        try:
            per = [pd.Period(str(p).split("/")[0], freq=freq) for p in labels]
        except (ValueError, TypeError):
            per = None
        if per:
            span = pd.period_range(min(per), max(per), freq=freq)
            if len(span) <= 5000:
                index = {q: i for i, q in enumerate(span)}
                full = [q.start_time.strftime("%Y-%m-%d") if freq == "W" else str(q)
                        for q in span]
                return {lab: index[q] for lab, q in zip(labels, per)}, full
    labels = list(labels)
    return {lab: i for i, lab in enumerate(labels)}, labels


def plot_topic_prevalence(table: pd.DataFrame, topics: pd.DataFrame | None = None,
                          top_n: int = 6, ax=None, label_width: int = 34,
                          max_ticks: int = 12):
    """Figure of a :func:`prevalence` table; returns the matplotlib Axes.

    Periods (on a time axis: a period without articles is a gap, not a bridge): up to
    ``max_ticks`` periods with articles, points with the interval as bars and each
    period's number of articles under it; more periods, a line and a band per topic, x
    labels thinned to at most ``max_ticks``. Other groups (outlets): one row per group (largest first, with
    its number of articles), the topics' means as points with interval bars, side by side.
    Only the ``top_n`` most prevalent topics are drawn (the title says how many there are);
    the legend, outside the axes, names each topic by id and label (``topics``: topic_id,
    label), cut to ``label_width`` characters after the id so two labels never collide.
    """
    import matplotlib.pyplot as plt

    by = _by_column(table)
    ids = top_topics(table, top_n)
    names = _topic_names(ids, topics, label_width)
    groups = list(dict.fromkeys(table[by].tolist()))
    n_docs = table.drop_duplicates(by).set_index(by)["n_docs"]
    ordered = by == "period" or table.attrs.get("freq") is not None
    if ax is None:
        if ordered:
            _, ax = plt.subplots(figsize=(9, 4))
        else:
            _, ax = plt.subplots(figsize=(9, max(2.5, 0.22 * len(groups) * max(2, len(ids))
                                                 / 2 + 1.2)))
    if table.empty or not ids:
        ax.text(0.5, 0.5, "no dated / grouped document with a topic", ha="center",
                va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    cmap = plt.get_cmap("tab10" if len(ids) <= 10 else "tab20")
    pos = {g: i for i, g in enumerate(groups)}
    level = table.attrs.get("level", 0.95)
    if ordered:
        x_of, ticks_all = _period_positions(groups, table.attrs.get("freq"))
        few = len(groups) <= max_ticks
        dodge = (np.arange(len(ids)) - (len(ids) - 1) / 2) * (0.5 / max(len(ids), 1)) if few \
            else np.zeros(len(ids))
        for c, t in enumerate(ids):
            d = table[table["topic_id"] == t]
            x = d[by].map(x_of).to_numpy(dtype=float)
            m, lo, hi = (d[c_].to_numpy(dtype=float) for c_ in ("share", "low", "high"))
            # periods without an article break the line (NaN) instead of bridging the gap
            grid = np.arange(len(ticks_all), dtype=float)
            mg, log, hig = (np.full(len(grid), np.nan) for _ in range(3))
            mg[x.astype(int)], log[x.astype(int)], hig[x.astype(int)] = m, lo, hi
            color = cmap(c % cmap.N)
            if few:  # a handful of periods: points and bars, each readable
                ax.errorbar(grid + dodge[c], mg, yerr=[mg - log, hig - mg], fmt="-o", ms=3.5,
                            lw=1.2, capsize=2, color=color, label=names[t])
            else:    # many periods: a line and its band
                ax.plot(grid, mg, marker="o", ms=2.5, lw=1.3, color=color, label=names[t])
                ax.fill_between(grid, log, hig, color=color, alpha=0.15, lw=0)
        n_of = dict(zip(groups, n_docs.reindex(groups).astype(int)))
        if few:  # the periods that have articles, each with its number of articles
            ticks = sorted(x_of[g] for g in groups)
            labels = [f"{ticks_all[i]} (n={n_of.get(ticks_all[i], 0)})" for i in ticks]
        else:
            step = max(1, int(np.ceil(len(ticks_all) / max_ticks)))
            ticks = list(range(0, len(ticks_all), step))
            labels = [ticks_all[i] for i in ticks]
        ax.set_xticks(ticks, labels, rotation=30, ha="right", fontsize=8)
        ax.set_xlim(-0.6, len(ticks_all) - 0.4)
        freq = table.attrs.get("freq")
        ax.set_xlabel((_FREQ_NAMES.get(freq, "period") if freq else by)
                      + ("" if few else " (each point: mean over that period's articles)"))
        ax.set_ylabel("mean share of an article")
    else:
        width = 0.8
        off = (np.arange(len(ids)) - (len(ids) - 1) / 2) * (width / max(len(ids), 1))
        for c, t in enumerate(ids):
            d = table[table["topic_id"] == t]
            y = d[by].map(pos).to_numpy() + off[c]
            m, lo, hi = (d[c_].to_numpy(dtype=float) for c_ in ("share", "low", "high"))
            ax.errorbar(m, y, xerr=[m - lo, hi - m],
                        fmt="o", ms=3.5, lw=1, capsize=2, color=cmap(c % cmap.N), label=names[t])
        ax.set_yticks(range(len(groups)), [f"{g} (n={int(n_docs[g])})" for g in groups],
                      fontsize=8)
        ax.set_ylim(len(groups) - 0.5, -0.5)
        ax.set_xlabel("mean share of an article")
        ax.grid(axis="x", lw=0.4, alpha=0.5)
    if ordered:
        ax.set_ylim(bottom=0)
    n_all = table["topic_id"].nunique()
    shown = f"the {len(ids)} most prevalent of {n_all} topics" if len(ids) < n_all \
        else f"{n_all} topics"
    ax.set_title(f"Topic share per {by}: {shown}\n(mean over articles, "
                 f"{level:.0%} bootstrap interval)", fontsize=10)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax
