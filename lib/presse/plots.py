"""Figures: every plot helper of presse, ``plot_x(data, ..., ax=None) -> Axes``.

Each helper draws one table of the library (the output of the function named in its
docstring) on ``ax`` (a new figure when None) and returns the Axes; none prints or saves.
matplotlib is imported inside each helper, so ``import presse.plots`` stays cheap. The
modules that compute the tables re-export their helpers under the old names
(``presse.sentiment.plot_article_tone`` ...).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from presse.vocabulary.ca import CAResult

__all__ = [
    "plot_actor_network",
    "plot_article_tone",
    "plot_ca",
    "plot_cooccurrence",
    "plot_progression",
    "plot_relation_timeline",
    "plot_stance_heatmap",
    "plot_sweep",
    "plot_timeline",
    "plot_topic_heatmap",
    "plot_topic_timeline",
]


# ------------------------------------------------------ corpus (presse.corpus)

_KIND_STYLE = {"stated": ("o", "full"), "updated": ("s", "full"), "table": ("o", "full"),
               "html": ("o", "full"), "inferred": ("o", "none"), "other": ("D", "none")}


def plot_timeline(documents: pd.DataFrame, ax=None, *, label_chars: int = 45):
    """Timeline of dated documents: one row per document (labelled by its shortened title
    and the unique part of its id, ``presse.display.doc_labels``), x = date; filled markers for dates
    stated in the text, table or page, hollow for inferred ones; documents of one
    ``story_id`` share a colour and are joined by a line. Returns the Axes (None-dated
    documents are left out; an Axes with a message is returned when none is dated)."""
    import matplotlib.pyplot as plt

    from presse.corpus.metadata import date_kind

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 0.45 * max(len(documents), 3) + 1.3))
    d = documents[documents["date"].notna()].sort_values(["date", "doc_id"])
    if d.empty:
        ax.text(0.5, 0.5, "no dated document", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    from presse.display import doc_labels

    named = doc_labels(d, width=label_chars)  # title shortened + unique part of the id
    labels = [named[str(doc_id)] for doc_id in d["doc_id"]]
    y = list(range(len(d)))[::-1]
    stories = list(dict.fromkeys(d["story_id"]))
    cmap = plt.get_cmap("tab10")
    colour = {s: cmap(i % 10) for i, s in enumerate(stories)}
    for yi, (_, row) in zip(y, d.iterrows(), strict=True):
        marker, fill = _KIND_STYLE.get(date_kind(row["date_source"]), ("o", "full"))
        ax.plot(row["date"], yi, marker=marker, fillstyle=fill, markersize=9,
                color=colour[row["story_id"]], linestyle="none")
    for s in stories:
        idx = [yi for yi, sid in zip(y, d["story_id"], strict=True) if sid == s]
        if len(idx) > 1:
            dates = d.loc[d["story_id"] == s, "date"]
            ax.plot(dates, idx, color=colour[s], alpha=0.5)
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D

    ax.set_yticks(y, labels)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("date")
    ax.grid(axis="x", alpha=0.3)
    kinds = {date_kind(x) for x in d["date_source"]}
    handles = [Line2D([], [], marker=_KIND_STYLE[k][0], fillstyle=_KIND_STYLE[k][1],
                      color="grey", linestyle="none", label=label)
               for k, label in (("stated", "stated in the text"), ("updated", "update time"),
                                ("table", "table column"), ("html", "HTML metadata"),
                                ("inferred", "inferred from events"))
               if k in kinds]
    if handles:
        ax.legend(handles=handles, loc="best", fontsize="small")
    margin = (d["date"].max() - d["date"].min()) * 0.05 + pd.Timedelta(days=5)
    ax.set_xlim(d["date"].min() - margin, d["date"].max() + margin)
    return ax


# ------------------------------------------------------ tone (presse.sentiment)


def plot_article_tone(tone: pd.DataFrame, ax=None, x: str = "date", label: bool = True):
    """Points with CI bars of :func:`article_tone` output, by date (or by order when no
    date is known), each point labelled with the shortest unique part of its doc_id
    (``presse.display.short_ids``: never a truncation that two ids share) when ``label``.
    Returns the Axes."""
    import matplotlib.pyplot as plt

    from presse.display import short_ids

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    t = tone.reset_index(drop=True)
    use_date = x in t.columns and t[x].notna().any()
    xs = pd.to_datetime(t[x]) if use_date else pd.Series(np.arange(len(t)))
    ok = xs.notna()
    yerr = np.vstack([(t["mean"] - t["ci_low"])[ok], (t["ci_high"] - t["mean"])[ok]])
    ax.errorbar(xs[ok], t["mean"][ok], yerr=yerr, fmt="o", capsize=3)
    short = short_ids(t["doc_id"].astype(str)) if "doc_id" in t else {}
    if label and short:
        for xv, yv, d in zip(xs[ok], t["mean"][ok], t["doc_id"][ok]):
            ax.annotate(short[str(d)], (xv, yv), xytext=(5, 3), textcoords="offset points",
                        fontsize=8)
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylabel("mean sentence tone [-1, 1]")
    ax.set_xlabel("date" if use_date else "article")
    if not use_date and short:
        ax.set_xticks(range(len(t)))
        ax.set_xticklabels([short[str(d)] for d in t["doc_id"]])
    return ax

# ----------------------------------------- stance and relations (presse.stance)


def plot_stance_heatmap(table: pd.DataFrame, ax=None, value: str = "net",
                        row: str = "doc_id", col: str = "target", annotate: bool = True,
                        row_labels: dict | None = None):
    """Heatmap of article x target stance (``article_stance`` output); returns the Axes.

    Cells show ``value`` (default ``net``: (favor - against) / sentences) on a red-blue
    scale from -1 to 1, annotated with "+favor/-against" counts; blank where the article
    does not mention the target.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    if table is None or len(table) == 0:
        ax.text(0.5, 0.5, "no stance rows", ha="center", va="center")
        ax.set_axis_off()
        return ax
    grid = table.pivot_table(index=row, columns=col, values=value, aggfunc="mean")
    im = ax.imshow(grid.to_numpy(dtype=float), cmap="RdBu", vmin=-1, vmax=1, aspect="auto")
    ax.set_xticks(range(grid.shape[1]), grid.columns, rotation=45, ha="right")
    labels = [row_labels.get(r, r) if row_labels else r for r in grid.index]
    ax.set_yticks(range(grid.shape[0]), labels)
    if annotate and {"n_favor", "n_against"} <= set(table.columns):
        fav = table.pivot_table(index=row, columns=col, values="n_favor", aggfunc="sum")
        ag = table.pivot_table(index=row, columns=col, values="n_against", aggfunc="sum")
        for i, r in enumerate(grid.index):
            for j, c in enumerate(grid.columns):
                if not math.isnan(grid.loc[r, c]):
                    ax.text(j, i, f"+{int(fav.loc[r, c])}/-{int(ag.loc[r, c])}",
                            ha="center", va="center", fontsize=7)
    ax.figure.colorbar(im, ax=ax, fraction=0.04, label=value)
    return ax


def plot_actor_network(edges: pd.DataFrame, ax=None, labels: dict | None = None,
                       title: str | None = None, max_label: int = 28):
    """Directed actor network: green edges praise/support, red edges criticise; returns Axes.

    ``edges``: ``relation_edges`` output (one period). Nodes sit on a circle in sorted order
    (deterministic); edge width grows with the number of relations; each edge is labelled
    with its main cues.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch

    if ax is None:
        _, ax = plt.subplots(figsize=(5, 5))
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=10)
    if edges is None or len(edges) == 0:
        ax.text(0.5, 0.5, "no relation", ha="center", va="center", transform=ax.transAxes)
        return ax
    nodes = sorted(set(edges["source"]) | set(edges["target"]))
    pos = {n: (math.cos(2 * math.pi * k / len(nodes) + math.pi / 2),
               math.sin(2 * math.pi * k / len(nodes) + math.pi / 2))
           for k, n in enumerate(nodes)}
    for e in edges.itertuples(index=False):
        (x0, y0), (x1, y1) = pos[e.source], pos[e.target]
        color = "tab:green" if e.polarity > 0 else "tab:red" if e.polarity < 0 else "grey"
        arrow = FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=12,
                                connectionstyle="arc3,rad=0.15", color=color,
                                lw=0.8 + 0.6 * min(int(e.n), 6), shrinkA=14, shrinkB=14,
                                alpha=0.8)
        ax.add_patch(arrow)
        cue = str(e.cues)
        cue = cue if len(cue) <= max_label else cue[: max_label - 1] + "…"
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        # offset toward the arc's bulge so reciprocal edges do not overlap
        dx, dy = x1 - x0, y1 - y0
        ax.text(mx + 0.12 * dy, my - 0.12 * dx, cue, fontsize=7, color=color,
                ha="center", va="center")
    for n, (x, y) in pos.items():
        ax.scatter([x], [y], s=600, color="white", edgecolor="black", zorder=3)
        ax.text(x, y, (labels or {}).get(n, n), ha="center", va="center", fontsize=8,
                zorder=4)
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.4, 1.4)
    ax.set_aspect("equal")
    return ax


def plot_relation_timeline(timeline: pd.DataFrame, ax=None, labels: dict | None = None):
    """Net polarity of each (source, target) pair over time (``relation_timeline``); Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3))
    if timeline is None or len(timeline) == 0:
        ax.text(0.5, 0.5, "no dated relation", ha="center", va="center",
                transform=ax.transAxes)
        return ax
    for k, ((s, t), g) in enumerate(timeline.groupby(["source", "target"], sort=True)):
        name = f"{(labels or {}).get(s, s)} → {(labels or {}).get(t, t)}"
        # dashed: months without a relation in between are not interpolated evidence
        line, = ax.plot(g["date"], g["net"], marker="o", ls="--", lw=1, alpha=0.9,
                        label=name)
        for x, y, n in zip(g["date"], g["net"], g["n"], strict=True):
            ax.annotate(f"n={n}", (x, y), textcoords="offset points",
                        xytext=(0, 7 if k % 2 == 0 else -12), ha="center", fontsize=7,
                        color=line.get_color())
    ax.axhline(0, color="grey", lw=0.6)
    ax.set_ylim(-1.25, 1.25)
    ax.set_ylabel("net polarity (mean of ±1)")
    ax.legend(fontsize=8, loc="best")
    return ax

# ------------------------------------------------------- topics (presse.topics)


def plot_sweep(sweep_table: pd.DataFrame, chosen: int | None = None, ax=None):
    """NPMI, diversity and stability against k on one Axes (returns it)."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    t = sweep_table.sort_values("k")
    ax.plot(t["k"], t["stability"], marker="o", label="stability (matched top words)")
    ax.plot(t["k"], t["diversity"], marker="s", label="diversity (unique top words)")
    ax.errorbar(t["k"], t["npmi"], yerr=t.get("npmi_sd"), marker="^", capsize=3,
                label="NPMI coherence")
    if chosen is not None:
        ax.axvline(chosen, color="grey", linestyle="--", linewidth=1, label=f"chosen k = {chosen}")
    ax.set_xlabel("number of topics k")
    ax.set_ylabel("score")
    ax.set_xticks(list(t["k"]))
    ax.legend(fontsize=8, loc="best")
    ax.set_title("Choosing the number of topics")
    return ax


def plot_topic_heatmap(prevalence: pd.DataFrame, topics: pd.DataFrame | None = None,
                       by: str = "doc_id", group_labels: dict | None = None, ax=None):
    """Heatmap of topic shares (rows = topics, columns = groups) with values printed."""
    import matplotlib.pyplot as plt

    mat = prevalence.pivot(index="topic_id", columns=by, values="share").fillna(0.0)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.2 * mat.shape[1] + 3, 0.45 * mat.shape[0] + 1.5))
    im = ax.imshow(mat.values, aspect="auto", cmap="Blues", vmin=0, vmax=max(mat.values.max(), 1e-9))
    ylabels = [str(t) for t in mat.index]
    if topics is not None:
        lab = dict(zip(topics["topic_id"], topics["label"]))
        ylabels = [f"{t}: {lab.get(t, '')}" for t in mat.index]
    ax.set_yticks(range(mat.shape[0]), ylabels, fontsize=8)
    xl = [str((group_labels or {}).get(c, c)) for c in mat.columns]
    ax.set_xticks(range(mat.shape[1]), xl, rotation=30, ha="right", fontsize=8)
    for i in range(mat.shape[0]):
        for j in range(mat.shape[1]):
            v = mat.values[i, j]
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7,
                    color="white" if v > 0.6 * mat.values.max() else "black")
    ax.figure.colorbar(im, ax=ax, fraction=0.03, pad=0.02, label="share of text")
    ax.set_title("Topic share per " + by)
    return ax


def plot_topic_timeline(prevalence: pd.DataFrame, topics: pd.DataFrame | None = None,
                        by: str = "period", ax=None):
    """Stacked bars of topic shares per period (``by`` column, sortable)."""
    import matplotlib.pyplot as plt

    mat = prevalence.pivot(index=by, columns="topic_id", values="share").fillna(0.0).sort_index()
    if ax is None:
        _, ax = plt.subplots(figsize=(max(5, 0.8 * len(mat) + 3), 3.5))
    bottom = np.zeros(len(mat))
    lab = dict(zip(topics["topic_id"], topics["label"])) if topics is not None else {}
    cmap = plt.get_cmap("tab20")
    x = np.arange(len(mat))
    for i, t in enumerate(mat.columns):
        ax.bar(x, mat[t].values, bottom=bottom, color=cmap(i % 20),
               label=f"{t}: {lab.get(t, '')}".rstrip(": "))
        bottom += mat[t].values
    ax.set_xticks(x, [str(p) for p in mat.index], rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("share of text")
    ax.set_title("Topic share per " + by)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return ax

# ----------------------------------------------- textometry (presse.vocabulary)


def plot_progression(prog: pd.DataFrame, key: str = "term", ax=None):
    """Relative frequency (per 10,000 terms) per period, one line per term, with the
    interval as a band. Periods on the x axis in order; labels thinned past 24 periods."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.8))
    periods = sorted(prog["period"].unique())
    x = {p: i for i, p in enumerate(periods)}
    for name, g in prog.groupby(key, sort=True):
        g = g.sort_values("period")
        xs = g["period"].map(x).to_numpy()
        line, = ax.plot(xs, g["per_10k"], marker="o", ms=3, label=str(name))
        ax.fill_between(xs, g["low"], g["high"], color=line.get_color(), alpha=0.15)
    step = max(1, len(periods) // 24)
    ax.set_xticks(range(0, len(periods), step), periods[::step], rotation=30, ha="right",
                  fontsize=8)
    ax.set_ylabel("per 10,000 terms")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return ax


def _place_labels(ax, texts, anchors) -> None:
    """Make the labels ``texts`` (in priority order) overlap none of the others.

    adjustText first pushes them apart; what it leaves overlapping is then moved, label by
    label, to the nearest free spot around its point (rings of 16 directions, in display
    pixels, inside the figure); a label with no free spot within reach is removed (the
    least important ones come last). Moved labels get a thin line to their point.
    ``anchors``: the data coordinates of each label's point.
    """
    from adjustText import adjust_text

    if not texts:
        return
    adjust_text(texts, ax=ax, expand=(1.2, 1.4))
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    fig_box = fig.bbox
    to_data = ax.transData.inverted()
    placed = []

    def free(bb) -> bool:
        inside = (bb.x0 >= fig_box.x0 and bb.y0 >= fig_box.y0 and bb.x1 <= fig_box.x1
                  and bb.y1 <= fig_box.y1)
        return inside and not any(bb.overlaps(o) for o in placed)

    angles = np.linspace(0, 2 * np.pi, 16, endpoint=False)
    for text, (x, y) in zip(texts, anchors):
        text.set_ha("center")
        text.set_va("center")
        bb = text.get_window_extent(renderer).padded(2)
        if free(bb):
            placed.append(bb)
            continue
        px, py = ax.transData.transform((x, y))
        spot = None
        for radius in range(8, 240, 6):
            for a in angles:
                cand = to_data.transform((px + radius * np.cos(a), py + radius * np.sin(a)))
                text.set_position(cand)
                bb = text.get_window_extent(renderer).padded(2)
                if free(bb):
                    spot = bb
                    break
            if spot is not None:
                break
        if spot is None:
            text.remove()
        else:
            placed.append(spot)
    for text, (x, y) in zip(texts, anchors):
        if text.axes is None:
            continue
        tx, ty = text.get_position()
        if not np.allclose(ax.transData.transform((tx, ty)), ax.transData.transform((x, y)),
                           atol=3):
            ax.plot([x, tx], [y, ty], color="0.6", lw=0.5, zorder=1)


def plot_cooccurrence(G, ax=None, seed: int = 0, max_labels: int = 60):
    """Draw the graph: spring layout (seeded), node size by frequency, edge width by score;
    labels of the ``max_labels`` most connected nodes, pushed apart (adjustText)."""
    import matplotlib.pyplot as plt
    import networkx as nx

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 7))
    ax.set_axis_off()
    if G.number_of_nodes() == 0:
        ax.set_title("no significant co-occurrence")
        return ax
    nodes = sorted(G.nodes())
    H = nx.Graph()
    H.add_nodes_from((n, G.nodes[n]) for n in nodes)
    H.add_edges_from(sorted((min(a, b), max(a, b), d) for a, b, d in G.edges(data=True)))
    pos = nx.spring_layout(H, seed=seed, weight="weight")
    freq = np.array([H.nodes[n].get("n_units", 1) for n in nodes], dtype=float)
    sizes = 20 + 280 * freq / freq.max()
    w = np.array([d["score"] for _, _, d in H.edges(data=True)], dtype=float)
    widths = 0.3 + 2.5 * w / w.max() if len(w) else []
    nx.draw_networkx_edges(H, pos, ax=ax, width=widths, edge_color="0.7")
    nx.draw_networkx_nodes(H, pos, ax=ax, nodelist=nodes, node_size=sizes,
                           node_color="tab:blue", alpha=0.7)
    deg = sorted(nodes, key=lambda n: (-H.degree(n), n))[:max_labels]
    texts = [ax.text(pos[n][0], pos[n][1], n, fontsize=8, zorder=3) for n in deg]
    _place_labels(ax, texts, [pos[n] for n in deg])
    return ax


def plot_ca(res: CAResult, n_columns: int = 40, ax=None, row_label: str = "parts",
            col_label: str = "words", max_row_labels: int = 30):
    """Factor map (axes 1 and 2): rows (parts) in bold, the ``n_columns`` columns (words)
    that contribute most to the two axes; labels pushed apart so that none overlap. Past
    ``max_row_labels`` parts (67 months of a 12k corpus), every part keeps its marker but
    only the ``max_row_labels`` that contribute most to the two axes are named (the others
    are drawn lighter): the map stays readable, and the parts it names are those that make
    the axes. ``ax.presse_unlabelled_rows`` lists the parts left unnamed."""
    import matplotlib.pyplot as plt

    if "dim2" not in res.rows.columns:
        raise ValueError("the factor map needs two axes (the table has only 2 rows or columns)")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 6.5))
    cols = res.columns.assign(_ctr=res.columns["ctr1"] + res.columns["ctr2"])
    cols = cols.sort_values("_ctr", ascending=False, kind="mergesort").head(n_columns)
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.axvline(0, color="0.8", lw=0.8, zorder=0)
    ax.scatter(cols["dim1"], cols["dim2"], s=8, color="tab:blue", alpha=0.6, label=col_label)
    rows = res.rows
    if len(rows) > max_row_labels:
        ctr = rows["ctr1"] + rows["ctr2"]
        named = rows.loc[ctr.sort_values(ascending=False, kind="mergesort").index[
            :max_row_labels]]
        rest = rows.drop(named.index)
        ax.scatter(rest["dim1"], rest["dim2"], s=18, marker="s", color="tab:red", alpha=0.35)
        row_label = f"{row_label} (the {max_row_labels} of {len(rows)} that shape the axes named)"
    else:
        named, rest = rows, rows.iloc[:0]
    ax.presse_unlabelled_rows = [str(i) for i in rest.index]
    ax.scatter(named["dim1"], named["dim2"], s=30, marker="s", color="tab:red",
               label=row_label)
    # parts first: their labels are kept and placed before the words'
    texts = [ax.text(x, y, str(lab), fontsize=9, color="tab:red", fontweight="bold",
                     zorder=3)
             for lab, x, y in zip(named.index, named["dim1"], named["dim2"])]
    texts += [ax.text(x, y, str(lab), fontsize=7, color="tab:blue", zorder=3)
              for lab, x, y in zip(cols.index, cols["dim1"], cols["dim2"])]
    anchors = list(zip(named["dim1"], named["dim2"])) + list(zip(cols["dim1"], cols["dim2"]))
    ax.set_xlabel(f"axis 1 ({100 * res.explained[0]:.1f}% of inertia)")
    ax.set_ylabel(f"axis 2 ({100 * res.explained[1]:.1f}% of inertia)")
    ax.legend(fontsize=8, loc="best")
    _place_labels(ax, texts, anchors)
    return ax
