"""Display helpers (labels, sorting, numbers, date units) and figures that scale.

Figures are drawn off-screen from 5, 33 and 2,000 synthetic articles whose ids share a
long prefix (as ids made from one CSV file do), and the rendered figure is measured: no
two tick labels may intersect, no label may leave the figure, and labels stay unique.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from presse import display as D
from presse import figures as F

EMBEDDED_IDS = ["000_30c79835d6e92a30", "001_6e9b52c0aa4b40c1", "002_49e0b9f3c81a6a48"]


def synthetic_documents(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` articles as read from one CSV: ids ``trump_poutine:1..n``, repeated titles,
    dates over a few years (some undated), a handful of outlets, stories of 1-3 rewrites."""
    rng = np.random.default_rng(seed)
    titles = ["Trump et Poutine au sommet d'Anchorage, l'Ukraine inquiète",
              "Sanctions : Washington menace Moscou", "L'OTAN face au rapprochement",
              None, "Trump et Poutine au sommet d'Anchorage, l'Ukraine inquiète"]
    start = pd.Timestamp("2015-01-01")
    days = rng.integers(0, 5 * 365, n)
    dates = [start + pd.Timedelta(days=int(x)) for x in days]
    if n > 4:
        dates[3] = pd.NaT
    ids = [f"trump_poutine:{i}" for i in range(1, n + 1)]
    return pd.DataFrame({
        "doc_id": ids,
        "title": [titles[i % len(titles)] for i in range(n)],
        "date": pd.to_datetime(dates),
        "outlet": [["AFP", "Le Monde", "Libération", "Le Figaro", None][i % 5] for i in range(n)],
        "story_id": [ids[i - i % 3] for i in range(n)],
    })


# ------------------------------------------------------------------------- display
def test_natural_sort():
    ids = ["trump_poutine:10", "trump_poutine:2", "trump_poutine:1", "trump_poutine:11"]
    assert D.natural_sorted(ids) == ["trump_poutine:1", "trump_poutine:2",
                                     "trump_poutine:10", "trump_poutine:11"]
    assert D.natural_sorted(["b", "A", "a10", "a9"]) == ["A", "a9", "a10", "b"]


@pytest.mark.parametrize("ids, expected", [
    (EMBEDDED_IDS, ["000", "001", "002"]),
    ([f"trump_poutine:{i}" for i in (1, 2, 33)], ["trump_poutine:1", "trump_poutine:2",
                                                  "trump_poutine:33"]),
    ([f"depeches_afp_2024:{i}" for i in (1, 2, 33)], [":1", ":2", ":33"]),
    (["a", "b"], ["a", "b"]),
])
def test_short_ids_are_unique_and_short(ids, expected):
    short = D.short_ids(ids)
    assert [short[i] for i in ids] == expected
    assert len(set(short.values())) == len(ids)


def test_doc_labels_unique_never_a_truncated_id():
    docs = synthetic_documents(2000)
    labels = D.doc_labels(docs)
    assert len(set(labels.values())) == len(docs)
    for doc_id, label in labels.items():
        assert label != doc_id[:12] and label != doc_id[:3]
    emb = pd.DataFrame({"doc_id": EMBEDDED_IDS,
                        "title": ["Poutine salue l'élection de Donald Trump", None, "Court"]})
    lab = D.doc_labels(emb, width=20)
    assert lab["000_30c79835d6e92a30"].endswith("(000)")
    assert lab["001_6e9b52c0aa4b40c1"] == "001"
    assert lab["002_49e0b9f3c81a6a48"] == "Court (002)"
    assert len(lab["000_30c79835d6e92a30"]) <= 20 + len(" (000)")


def test_integers_as_integers():
    assert D.fmt_int(233.0) == "233"
    assert D.fmt_int(12345) == "12,345"
    assert D.fmt_int(float("nan")) == "—"
    frame = pd.DataFrame({"n": [233.0, np.nan], "share": [0.5, 0.25], "name": ["a", "b"]})
    out = D.int_columns(frame)
    assert str(out["n"].dtype) == "Int64" and out["share"].dtype == float
    assert "233.000" not in out.to_string() and "233" in out.to_string()
    assert D.plural(1, "article") == "1 article" and D.plural(2000, "article") == "2,000 articles"


@pytest.mark.parametrize("dates, unit", [
    (["2025-03-01"], "day"),
    (["2025-03-01", "2025-03-20"], "day"),
    (["2025-01-01", "2025-06-30"], "week"),
    (["2024-11-08", "2026-01-20"], "month"),
    (["2015-01-01", "2019-12-31"], "quarter"),
    (["1990-01-01", "2020-01-01"], "year"),
    ([None, pd.NaT], "day"),
])
def test_date_unit_from_span(dates, unit):
    assert D.date_unit(dates).name == unit


def test_one_per_line_and_md():
    assert D.one_per_line(5) and D.one_per_line(30) and not D.one_per_line(31)
    assert D.md("{n} articles over {span}", n=2000, span="5 years") == "2,000 articles over 5 years"
    assert D.shorten("Trump et Poutine au sommet d'Anchorage", 20) == "Trump et Poutine au…"


@pytest.mark.parametrize(("items", "limit", "expected"), [
    ([], None, ""),
    (["a"], None, "a"),
    (["a", "b"], None, "a and b"),
    (["a", "b", "c"], None, "a, b and c"),
    (list("abcde"), 2, "a, b and 3 more"),
    (list("abc"), 3, "a, b and c"),
    ([f"x{i}" for i in range(1002)], 1, "x0 and 1,001 more"),
])
def test_join_words(items, limit, expected):
    assert D.join_words(items, limit) == expected


def test_signed():
    assert D.signed(0.2916) == "+0.29"
    assert D.signed(-0.136) == "\u22120.14"
    assert D.signed(0) == D.signed(-0.001) == "0.00"
    assert D.signed(float("nan")) == "—" and D.signed(1, 0) == "+1"


# ------------------------------------------------------------------------- figures
def assert_readable(fig) -> None:
    """The rendered figure: no two tick labels intersect, nothing drawn off the figure,
    no duplicated tick label on an axis of categories."""
    fig.tight_layout()
    overlaps = F.tick_label_overlaps(fig)
    assert not overlaps, f"{len(overlaps)} overlapping tick labels, e.g. {overlaps[:3]}"
    outside = F.labels_outside_figure(fig)
    assert not outside, f"labels outside the figure: {outside[:5]}"
    for ax in fig.get_axes():
        texts = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
        if texts and not all(t.replace(".", "").replace("−", "").isdigit() for t in texts):
            assert len(texts) == len(set(texts)), f"duplicated labels: {texts}"


def test_overlap_detector_catches_overlaps():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.barh(range(40), range(40))
    ax.set_yticks(range(40), [f"article number {i}" for i in range(40)])
    assert F.tick_label_overlaps(fig)
    plt.close(fig)


@pytest.mark.parametrize("n", [5, 33, 2000])
def test_timeline_scales(n):
    docs = synthetic_documents(n)
    ax = F.timeline(docs, D.doc_labels(docs))
    fig = ax.figure
    n_rows = len(ax.get_yticklabels())
    if n > D.MAX_ITEMS_PER_LINE:  # aggregated: bars per period, no per-article label
        assert "articles per" in ax.get_ylabel()
    else:
        assert n_rows == docs["date"].notna().sum()
    assert_readable(fig)
    plt.close(fig)


def test_timeline_single_date_is_not_a_wide_span():
    docs = synthetic_documents(1).assign(date=pd.to_datetime(["2017-06-01"]))
    ax = F.timeline(docs)
    lo, hi = ax.get_xlim()
    assert hi - lo < 120  # days: a single point is not drawn over years
    assert_readable(ax.figure)
    plt.close(ax.figure)


def labelled(n: int, seed: int):
    """Synthetic documents, their display labels and a seeded generator."""
    docs = synthetic_documents(n)
    return docs, D.doc_labels(docs), np.random.default_rng(seed)


@pytest.mark.parametrize("n", [5, 33, 2000])
def test_pair_bars_scale(n):
    docs, labels, rng = labelled(n, 1)
    k = min(n * 3, 400)
    a = rng.integers(0, n, k)
    b = (a + 1 + rng.integers(0, max(n - 1, 1), k)) % n
    pairs = pd.DataFrame({"doc_id_a": docs["doc_id"].to_numpy()[a],
                          "doc_id_b": docs["doc_id"].to_numpy()[b],
                          "similarity": rng.random(k)})
    pairs = pairs[pairs["doc_id_a"] != pairs["doc_id_b"]].drop_duplicates(["doc_id_a", "doc_id_b"])
    pairs["same_story"] = pairs["similarity"] > 0.9
    ax = F.pair_bars(pairs, labels, threshold=0.9)
    assert len(ax.get_yticklabels()) <= 20
    assert_readable(ax.figure)
    plt.close(ax.figure)


@pytest.mark.parametrize("n", [5, 33, 2000])
def test_count_bars_and_heatmap_scale(n):
    docs, labels, rng = labelled(n, 2)
    counts = pd.DataFrame(rng.integers(0, 9, (n, 4)), columns=["trump", "putin", "russia", "ukraine"],
                          index=[labels[i] for i in docs["doc_id"]])
    ax = F.count_bars(counts, xlabel="mentions", legend_title="actor")
    assert len(ax.get_yticklabels()) == min(n, D.MAX_ITEMS_PER_LINE)
    assert_readable(ax.figure)
    plt.close(ax.figure)
    ax = F.heatmap(counts.head(D.MAX_ITEMS_PER_LINE) / 8, colorbar="share")
    assert_readable(ax.figure)
    plt.close(ax.figure)


def test_heatmap_with_long_column_labels_keeps_its_rows_apart():
    """Topic labels as columns: rotated, they used to squash four rows into one line."""
    cols = ["relation · moscou · biden", "accord · ukraine · guerre",
            "opportunité · tentative · manqué", "sommet · anchorage · rencontre"]
    m = pd.DataFrame(np.linspace(0, 1, 16).reshape(4, 4), columns=cols,
                     index=["2024-11", "2025-07", "2025-09", "2026-01"])
    ax = F.heatmap(m, vmin=0, vmax=1, colorbar="share of the text")
    assert_readable(ax.figure)
    plt.close(ax.figure)


def test_thin_tick_labels_removes_overlaps():
    fig, ax = plt.subplots(figsize=(6, 3))
    periods = [str(p) for p in pd.period_range("2016-01", "2019-12", freq="M")]
    ax.plot(periods, np.arange(len(periods)))
    fig.tight_layout()
    assert F.tick_label_overlaps(fig)
    step = F.thin_tick_labels(ax, "x")
    assert step > 1 and not F.tick_label_overlaps(fig)
    plt.close(fig)


def test_library_plots_never_truncate_ids_into_collisions():
    """Ids that share their first characters (a CSV corpus: trump_poutin:1 ... :12) keep
    distinct labels in the per-article tone plot and in the corpus timeline."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from presse.corpus import plot_timeline
    from presse.plots import plot_article_tone

    ids = [f"trump_poutine:{i}" for i in range(1, 13)]
    tone = pd.DataFrame({"doc_id": ids, "mean": 0.1, "ci_low": 0.0, "ci_high": 0.2})
    ax = plot_article_tone(tone, x="date")
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    notes = [t.get_text() for t in ax.texts]
    assert len(set(ticks)) == 12 and len(set(notes)) == 12
    plt.close("all")
    docs = pd.DataFrame({"doc_id": ids, "title": ["Trump et Poutine"] * 12,
                         "date": pd.date_range("2019-01-01", periods=12, freq="MS"),
                         "date_source": "table", "story_id": ids})
    ax = plot_timeline(docs)
    assert len({t.get_text() for t in ax.get_yticklabels()}) == 12
    plt.close("all")


def test_known_outlets_treats_blank_as_missing():
    # a table without an outlet column gives "" for every article: notebook 20 drew a
    # one-row "topic shares per outlet" heatmap labelled "" on such a corpus
    docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"],
                         "outlet": ["Le Monde", "", None, "  "]})
    out = D.known_outlets(docs)
    assert out.index.tolist() == ["a", "b", "c", "d"]
    assert out.notna().tolist() == [True, False, False, False]
    assert out.dropna().tolist() == ["Le Monde"]
    assert not D.known_outlets(pd.DataFrame({"doc_id": ["a"]})).notna().any()


def test_counts_over_time_does_not_stack_by_blank_outlets():
    docs = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-06-01"]),
                         "outlet": ["", " ", ""]})
    ax = F.counts_over_time(docs)
    assert ax.get_legend() is None
    assert ax.get_ylabel().startswith("articles per")
    plt.close(ax.figure)
