"""Figures that stay readable from 5 to 100,000 articles, and the check that they do.

Each plotting function takes ``ax=None`` and returns the matplotlib Axes (DESIGN.md §8).
Past :data:`presse.display.MAX_ITEMS_PER_LINE` items a per-article view switches to a
per-period or top-N view; labels of documents come from :func:`presse.display.doc_labels`;
date axes choose their unit from the span (:func:`presse.display.date_unit`) and keep a
handful of ticks.

:func:`tick_label_overlaps` measures what a reader would see: it draws the figure (Agg),
takes the window extent of every visible tick label and returns the pairs that intersect.
Tests and ``benchmarks/report_sizes.py`` assert it is empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise

import numpy as np
import pandas as pd

from presse.display import MAX_ITEMS_PER_LINE, date_unit, natural_key, one_per_line

__all__ = [
    "count_bars",
    "counts_over_time",
    "date_axis",
    "figure_height",
    "heatmap",
    "labels_outside_figure",
    "pair_bars",
    "point_ranges",
    "thin_tick_labels",
    "tick_label_overlaps",
    "timeline",
]

#: Height in inches given to one row of a per-item figure (readable at 10 pt).
ROW_INCHES = 0.32


def figure_height(n_rows: int, base: float = 1.6, per_row: float = ROW_INCHES,
                  max_height: float = 14.0) -> float:
    """Height of a figure with ``n_rows`` labelled rows (capped)."""
    return float(min(max_height, base + per_row * max(int(n_rows), 1)))


def _new_ax(ax, width: float, height: float):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(width, height))
    return ax


# ------------------------------------------------------------------------- measurement
def _draw(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas
    if not hasattr(canvas, "get_renderer"):
        canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _tick_labels(fig):
    for ax in fig.get_axes():
        if not ax.get_visible() or not ax.axison:
            continue
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            eps = (hi - lo) * 1e-9
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                loc = tick.get_loc()
                if loc is None or not (lo - eps <= loc <= hi + eps):
                    continue  # ticks outside the view limits are not drawn
                for lab in (tick.label1, tick.label2):
                    if lab.get_visible() and lab.get_text().strip():
                        yield lab


def tick_label_overlaps(fig, pad: float = 0.0) -> list[tuple[str, str]]:
    """Pairs of visible tick labels of ``fig`` whose drawn boxes intersect.

    The figure is drawn first (Agg), so the boxes are those of the rendered image, after
    rotation, ``tight_layout`` and any formatter. ``pad`` (pixels) shrinks each box before
    the test, to ignore antialiasing contacts. Returns ``[(text_a, text_b), ...]``.
    """
    renderer = _draw(fig)
    boxes = []
    for lab in _tick_labels(fig):
        bb = lab.get_window_extent(renderer)
        if bb.width <= 0 or bb.height <= 0:
            continue
        boxes.append((lab.get_text(), bb.x0 + pad, bb.y0 + pad, bb.x1 - pad, bb.y1 - pad))
    found = []
    for i in range(len(boxes)):
        ta, ax0, ay0, ax1, ay1 = boxes[i]
        for j in range(i + 1, len(boxes)):
            tb, bx0, by0, bx1, by1 = boxes[j]
            if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1:
                found.append((ta, tb))
    return found


def labels_outside_figure(fig, tolerance: float = 1.0) -> list[str]:
    """Visible tick labels, titles and axis labels drawn (partly) outside the figure."""
    renderer = _draw(fig)
    W, H = fig.bbox.width, fig.bbox.height
    texts = list(_tick_labels(fig))
    for ax in fig.get_axes():
        texts += [ax.title, ax.xaxis.label, ax.yaxis.label]
    out = []
    for t in texts:
        if not t.get_visible() or not t.get_text().strip():
            continue
        bb = t.get_window_extent(renderer)
        if bb.x0 < -tolerance or bb.y0 < -tolerance or bb.x1 > W + tolerance or bb.y1 > H + tolerance:
            out.append(t.get_text())
    return out


# ------------------------------------------------------------------------- date axes
def date_axis(ax, dates: pd.Series, axis: str = "x") -> None:
    """Few, non-overlapping date ticks; limits padded so that a single date is centred."""
    import matplotlib.dates as mdates

    d = pd.to_datetime(dates, errors="coerce").dropna()
    locator = mdates.AutoDateLocator(minticks=2, maxticks=6)
    formatter = mdates.ConciseDateFormatter(locator)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(locator)
    target.set_major_formatter(formatter)
    if len(d):
        span = d.max() - d.min()
        margin = max(span * 0.05, pd.Timedelta(days=15))
        lim = (d.min() - margin, d.max() + margin)
        (ax.set_xlim if axis == "x" else ax.set_ylim)(*lim)


# ------------------------------------------------------------------------- figures
def timeline(documents: pd.DataFrame, labels: Mapping[str, str] | None = None, ax=None, *,
             max_rows: int = MAX_ITEMS_PER_LINE, kind: pd.Series | None = None):
    """Dated articles over time: one row per article when there are at most ``max_rows``
    dated articles (documents of one ``story_id`` share a colour and a line), else the
    number of articles per period (unit from the span), stacked by the top outlets.

    ``labels``: ``{doc_id: label}`` (default :func:`presse.display.doc_labels`);
    ``kind``: optional per-document marker key aligned on ``documents`` (e.g. how the date
    is known), drawn hollow when it is ``"inferred"``.
    """
    from presse.display import doc_labels

    d = documents.assign(date=pd.to_datetime(documents["date"], errors="coerce"))
    if kind is not None:
        d = d.assign(_kind=list(kind))
    d = d[d["date"].notna()]
    if d.empty:
        ax = _new_ax(ax, 6, 1.5)
        ax.text(0.5, 0.5, "no dated article", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    if not one_per_line(len(d), max_rows):
        return counts_over_time(d, ax=ax, by="outlet" if "outlet" in d else None)
    import matplotlib.pyplot as plt

    labels = labels or doc_labels(documents)
    d = d.sort_values(["date", "doc_id"], key=lambda s: s.map(natural_key) if s.name == "doc_id" else s)
    ax = _new_ax(ax, 9, figure_height(len(d)))
    y = np.arange(len(d))[::-1]
    stories = list(dict.fromkeys(d["story_id"])) if "story_id" in d else list(d["doc_id"])
    cmap = plt.get_cmap("tab10")
    colour = {s: cmap(i % 10) for i, s in enumerate(stories)}
    sid = d["story_id"] if "story_id" in d else d["doc_id"]
    for yi, (s, date, k) in zip(y, zip(sid, d["date"], d.get("_kind", [None] * len(d)))):
        ax.plot(date, yi, marker="o", markersize=8, linestyle="none", color=colour[s],
                fillstyle="none" if k == "inferred" else "full")
    for s in stories:
        mask = (sid == s).to_numpy()
        if mask.sum() > 1:
            ax.plot(d["date"][mask], y[mask], color=colour[s], alpha=0.5)
    ax.set_yticks(y, [labels.get(str(i), str(i)) for i in d["doc_id"]])
    ax.set_ylim(-0.7, len(d) - 0.3)
    date_axis(ax, d["date"])
    ax.grid(axis="x", alpha=0.3)
    ax.set_xlabel("date")
    return ax


def counts_over_time(documents: pd.DataFrame, ax=None, *, by: str | None = "outlet",
                     top: int = 6, max_periods: int = 36):
    """Number of dated articles per period (unit chosen from the span), stacked by the
    ``top`` most frequent values of ``by`` (others pooled); bars, no per-article label."""
    d = documents.assign(date=pd.to_datetime(documents["date"], errors="coerce")).dropna(
        subset=["date"])
    unit = date_unit(d["date"], max_periods=max_periods)
    period = d["date"].dt.to_period(unit.freq)
    ax = _new_ax(ax, 9, 3.6)
    named = d[by].astype("string").str.strip().replace("", pd.NA) if by and by in d else None
    if named is not None and named.notna().any():  # a blank value is no value
        group = named.fillna("(unknown)").astype(str)
        keep = group.value_counts().index[:top]
        group = group.where(group.isin(keep), "other")
        table = pd.crosstab(period, group)
    else:
        table = period.value_counts().sort_index().to_frame("articles")
    full = pd.period_range(period.min(), period.max(), freq=unit.freq)
    table = table.reindex(full, fill_value=0)
    x = table.index.to_timestamp()
    width = (pd.Timedelta(days={"D": 1, "W": 7, "M": 30, "Q": 91, "Y": 365}[unit.freq]) * 0.85)
    bottom = np.zeros(len(table))
    for col in table.columns:
        ax.bar(x, table[col].to_numpy(), width=width, bottom=bottom, align="edge",
               label=str(col))
        bottom += table[col].to_numpy()
    date_axis(ax, pd.Series(list(x) + [x[-1] + width]))
    ax.set_ylabel(f"articles per {unit.name}")
    ax.yaxis.get_major_locator().set_params(integer=True)
    if len(table.columns) > 1:
        ax.legend(fontsize="small", title=by, loc="upper left", bbox_to_anchor=(1.01, 1))
    return ax


def pair_bars(pairs: pd.DataFrame, labels: Mapping[str, str], ax=None, *, top: int = 20,
              threshold: float | None = None, value: str = "similarity",
              flag: str = "same_story", xlabel: str = "similarity"):
    """The ``top`` most similar pairs of documents as horizontal bars labelled
    ``label_a ↔ label_b`` (whole document labels, so the pairs stay unique);
    pairs with ``flag`` true in red, the others grey; a dashed line at ``threshold``."""
    p = pairs.sort_values(value, ascending=False).head(top).iloc[::-1]
    ax = _new_ax(ax, 9, figure_height(len(p)))
    names = [f"{labels.get(a, a)} ↔ {labels.get(b, b)}"  # whole labels: they are unique
             for a, b in zip(p["doc_id_a"].astype(str), p["doc_id_b"].astype(str))]
    colours = ["tab:red" if f else "tab:grey" for f in (p[flag] if flag in p else [False] * len(p))]
    ax.barh(np.arange(len(p)), p[value].to_numpy(), color=colours)
    ax.set_yticks(np.arange(len(p)), names, fontsize=8)
    if threshold is not None:
        ax.axvline(threshold, color="black", linestyle="--", label="threshold")
        ax.legend(loc="lower right", fontsize="small")
    ax.set_xlabel(xlabel)
    ax.set_ylim(-0.7, len(p) - 0.3)
    return ax


def count_bars(counts: pd.DataFrame, ax=None, *, xlabel: str = "count",
               legend_title: str | None = None, max_rows: int = MAX_ITEMS_PER_LINE):
    """Stacked horizontal bars, one per row of ``counts`` (index = row labels, columns =
    stacked parts), at most ``max_rows`` rows (the largest totals; the title of a caller
    should say so when rows were dropped)."""
    c = counts.copy()
    if len(c) > max_rows:
        c = c.loc[c.sum(axis=1).sort_values(ascending=False).index[:max_rows]]
    ax = _new_ax(ax, 9, figure_height(len(c)))
    y = np.arange(len(c))
    left = np.zeros(len(c))
    import matplotlib.pyplot as plt

    cmap = plt.get_cmap("tab10")
    for k, col in enumerate(c.columns):
        vals = c[col].to_numpy(dtype=float)
        ax.barh(y, vals, left=left, label=str(col), color=cmap(k % 10))
        left += vals
    ax.set_yticks(y, [str(i) for i in c.index], fontsize=8 if len(c) > 15 else None)
    ax.invert_yaxis()
    ax.set_ylim(len(c) - 0.3, -0.7)
    ax.set_xlabel(xlabel)
    ax.xaxis.get_major_locator().set_params(integer=True)
    if len(c.columns) > 1:
        ax.legend(title=legend_title, bbox_to_anchor=(1.01, 1), loc="upper left",
                  fontsize="small")
    return ax


def heatmap(matrix: pd.DataFrame, ax=None, *, cmap: str = "Blues", vmin=None, vmax=None,
            annotate: bool | None = None, fmt: str = "{:.2f}", colorbar: str | None = None,
            max_rows: int = 60, col_labels: Sequence[str] | None = None):
    """A labelled heatmap of ``matrix`` (rows = index, columns = columns), one row per
    index value (at most ``max_rows``; callers aggregate before that). Cells are annotated
    when the matrix is small enough to read them (``annotate=None``)."""
    import textwrap

    m = matrix.head(max_rows)
    n_rows, n_cols = m.shape
    cols = list(col_labels) if col_labels is not None else [str(c) for c in m.columns]
    # column labels: wrapped on a few lines under their column (rotated text shrinks the
    # cells once tight_layout makes room for it); rotated only for many columns
    rotate = n_cols > 8
    if not rotate:
        cols = ["\n".join(textwrap.wrap(c, 14, break_long_words=False)) or c for c in cols]
    label_inches = (max((len(c) for c in cols), default=0) * 0.075 if rotate
                    else 0.18 * max((c.count("\n") + 1 for c in cols), default=1))
    ax = _new_ax(ax, min(3 + 1.2 * n_cols, 12),
                 figure_height(n_rows, base=1.6, per_row=0.36) + label_inches)
    im = ax.imshow(m.to_numpy(dtype=float), aspect="auto", cmap=cmap, vmin=vmin, vmax=vmax)
    ax.set_yticks(np.arange(n_rows), [str(i) for i in m.index],
                  fontsize=8 if n_rows > 15 else None)
    ax.set_xticks(np.arange(n_cols), cols, rotation=90 if rotate else 0,
                  fontsize=8 if n_cols > 5 else 9)
    if annotate is None:
        annotate = n_rows * n_cols <= 150
    if annotate:
        vals = m.to_numpy(dtype=float)
        hi = np.nanmax(vals) if np.isfinite(vals).any() else 1.0
        for i in range(n_rows):
            for j in range(n_cols):
                v = vals[i, j]
                if np.isfinite(v):
                    ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=7,
                            color="white" if hi and v > 0.6 * hi else "black")
    if colorbar:
        ax.figure.colorbar(im, ax=ax, label=colorbar, fraction=0.04, pad=0.02)
    return ax


def point_ranges(frame: pd.DataFrame, labels: Sequence[str], ax=None, *, value: str = "mean",
                 low: str = "ci_low", high: str = "ci_high", xlabel: str = "",
                 max_rows: int = MAX_ITEMS_PER_LINE):
    """One row per item (``labels``, top to bottom): a point at ``value`` with a bar from
    ``low`` to ``high`` and a line at zero. At most ``max_rows`` rows (callers aggregate
    before that); labels are whole, so they stay unique."""
    f = frame.reset_index(drop=True).head(max_rows)
    labels = list(labels)[: len(f)]
    ax = _new_ax(ax, 8, figure_height(len(f)))
    y = np.arange(len(f))
    err = np.vstack([(f[value] - f[low]).clip(lower=0), (f[high] - f[value]).clip(lower=0)])
    ax.errorbar(f[value], y, xerr=err, fmt="o", capsize=3)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks(y, labels, fontsize=8 if len(f) > 15 else None)
    ax.set_ylim(len(f) - 0.3, -0.7)
    ax.set_xlabel(xlabel)
    return ax


def thin_tick_labels(ax, axis: str = "x", max_step: int = 50) -> int:
    """Hide tick labels of a crowded axis (every 2nd, 3rd ... kept, from the first) until
    no two visible labels of ``ax`` intersect on the drawn figure. For axes drawn by a
    helper that does not choose its ticks (periods as categories). Returns the step kept
    (1: nothing hidden)."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    labels = [t for t in target.get_ticklabels() if t.get_text().strip()]
    for step in range(1, max_step + 1):
        for i, lab in enumerate(labels):
            lab.set_visible(i % step == 0)
        renderer = _draw(ax.figure)
        boxes = [lab.get_window_extent(renderer) for lab in labels if lab.get_visible()]
        if not any(a.overlaps(b) for a, b in pairwise(boxes)):
            return step
    return max_step
