"""Topic prevalence per period / outlet (presse.topic_prevalence) on hand-computed toys."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from presse import topic_prevalence as TP

# Four articles, two topics, document units (doc_id = unit_id, as `presse build` writes them
# above 200 articles). d has no modelled term (weights 0): it has no topic mix.
DOC_TOPICS = pd.DataFrame({
    "unit_id": ["a", "a", "b", "b", "c", "c", "d", "d", "e", "e"],
    "topic_id": [0, 1] * 5,
    "weight": [0.8, 0.2, 0.4, 0.6, 0.1, 0.9, 0.0, 0.0, 0.5, 0.5],
    "doc_id": ["a", "a", "b", "b", "c", "c", "d", "d", "e", "e"],
})
DOCUMENTS = pd.DataFrame({
    "doc_id": ["a", "b", "c", "d", "e"],
    "date": pd.to_datetime(["2020-01-05", "2020-01-20", "2020-03-02", "2020-03-10", None]),
    "outlet": ["X", "X", "Y", "Y", "X"],
})


def _row(t, group, topic, by="period"):
    r = t[(t[by] == group) & (t["topic_id"] == topic)]
    assert len(r) == 1
    return r.iloc[0]


def test_document_shares_from_document_units():
    s = TP.document_shares(DOC_TOPICS)
    assert s["doc_id"].unique().tolist() == ["a", "b", "c", "e"]  # d: no term, left out
    assert s.loc[s["doc_id"] == "a", "share"].tolist() == [0.8, 0.2]


def test_document_shares_weights_paragraphs_by_words():
    # paragraph units: a:0 has 3 words and is all topic 0, a:1 has 1 word, all topic 1
    dt = pd.DataFrame({"unit_id": ["a:0", "a:0", "a:1", "a:1"], "topic_id": [0, 1, 0, 1],
                       "weight": [1.0, 0.0, 0.0, 1.0]})
    units = pd.DataFrame({"unit_id": ["a:0", "a:1"], "doc_id": ["a", "a"],
                          "text": ["un deux trois", "quatre"]})
    s = TP.document_shares(dt, units)
    assert s["share"].tolist() == [0.75, 0.25]
    # without text, paragraphs count equally
    s = TP.document_shares(dt, units.drop(columns="text"))
    assert s["share"].tolist() == [0.5, 0.5]
    with pytest.raises(ValueError, match="doc_id"):
        TP.document_shares(dt)


def test_period_freq_follows_the_date_span():
    assert TP.period_freq(["2020-01-01", "2020-01-10"]) == "D"
    assert TP.period_freq(["2020-01-01", "2020-05-01"]) == "W"
    assert TP.period_freq(["2020-01-01", "2021-06-30"]) == "M"
    assert TP.period_freq(["2016-08-10", "2020-09-04"]) == "Q"
    assert TP.period_freq(["2011-02-17", "2020-09-27"]) == "Y"
    assert TP.period_freq(["2020-01-05", "2020-03-10"], max_periods=3) == "M"
    assert TP.period_freq([None, None]) == "M"
    labels = TP.period_labels(pd.Series(["2020-01-08", None, "2020-03-31"]), "W")
    assert labels.tolist()[0] == "2020-01-06" and pd.isna(labels[1])  # week from its Monday
    assert TP.period_labels(pd.Series(["2020-03-31"]), "Q").tolist() == ["2020Q1"]


def test_prevalence_per_period_hand_computed():
    t = TP.prevalence(DOC_TOPICS, DOCUMENTS, by="period", max_periods=3)
    assert t.attrs["freq"] == "M" and t.attrs["n_left_out"] == 1  # e is undated
    assert t["period"].unique().tolist() == ["2020-01", "2020-03"]
    jan = _row(t, "2020-01", 0)
    # mean of 0.8 and 0.4; two articles: a resample is (a, a), (a, b), (b, a) or (b, b), so
    # the bootstrap means are 0.8, 0.6, 0.4 with probabilities 1/4, 1/2, 1/4 and the 2.5% /
    # 97.5% percentiles are exactly 0.4 and 0.8
    assert (jan["share"], jan["low"], jan["high"], jan["n_docs"]) == (0.6, 0.4, 0.8, 2)
    assert (_row(t, "2020-01", 1)["low"], _row(t, "2020-01", 1)["high"]) == (0.2, 0.6)
    mar = _row(t, "2020-03", 1)  # c only (d has no term): one article, no width
    assert (mar["share"], mar["low"], mar["high"], mar["n_docs"]) == (0.9, 0.9, 0.9, 1)
    assert list(t.columns) == ["period", "topic_id", "share", "low", "high", "n_docs"]


def test_prevalence_per_outlet_and_determinism():
    t = TP.prevalence(DOC_TOPICS, DOCUMENTS, by="outlet")
    assert t["outlet"].unique().tolist() == ["X", "Y"]  # largest first
    x0 = _row(t, "X", 0, "outlet")
    assert x0["share"] == pytest.approx((0.8 + 0.4 + 0.5) / 3) and x0["n_docs"] == 3
    assert 0.4 <= x0["low"] < x0["share"] < x0["high"] <= 0.8
    pd.testing.assert_frame_equal(t, TP.prevalence(DOC_TOPICS, DOCUMENTS, by="outlet"))
    # a group's interval does not depend on the other groups
    only_x = TP.prevalence(DOC_TOPICS[DOC_TOPICS["doc_id"] != "c"], DOCUMENTS, by="outlet")
    pd.testing.assert_frame_equal(only_x, t[t["outlet"] == "X"].reset_index(drop=True),
                                  check_like=True)


def test_prevalence_accepts_document_shares_and_pools_small_groups():
    docs = pd.DataFrame({"doc_id": list("abcdef"), "outlet": list("AABBCD")})
    shares = pd.DataFrame({"doc_id": np.repeat(list("abcdef"), 2), "topic_id": [0, 1] * 6,
                           "share": [1, 0, 1, 0, 0, 1, 0, 1, 0.5, 0.5, 0.5, 0.5]})
    t = TP.prevalence(shares, docs, by="outlet", max_groups=3)
    assert t["outlet"].unique().tolist() == ["A", "B", "other (2)"]
    assert _row(t, "other (2)", 0, "outlet")["n_docs"] == 2
    with pytest.raises(ValueError, match="no column"):
        TP.prevalence(shares, docs, by="section")


def test_bootstrap_interval_narrows_with_more_documents():
    rng = np.random.default_rng(0)
    n = 2000
    w = rng.uniform(size=n)
    dt = pd.DataFrame({"unit_id": np.repeat(np.arange(n).astype(str), 2),
                       "topic_id": [0, 1] * n, "weight": np.column_stack([w, 1 - w]).ravel()})
    dt["doc_id"] = dt["unit_id"]
    docs = pd.DataFrame({"doc_id": np.arange(n).astype(str),
                         "outlet": np.where(np.arange(n) < 20, "small", "big")})
    t = TP.prevalence(dt, docs, by="outlet", n_boot=400)
    other = TP.prevalence(dt, docs, by="outlet", n_boot=400, random_state=1)
    assert not np.allclose(other["low"], t["low"])  # the seed matters; the mean does not
    assert np.allclose(other["share"], t["share"])
    big, small = _row(t, "big", 0, "outlet"), _row(t, "small", 0, "outlet")
    assert big["high"] - big["low"] < (small["high"] - small["low"]) / 4
    # about the normal interval of a mean: 2 x 1.96 x sd / sqrt(n)
    sd = w[20:].std()
    assert big["high"] - big["low"] == pytest.approx(2 * 1.96 * sd / np.sqrt(n - 20), rel=0.15)


def _overlaps(labels) -> bool:
    boxes = [t.get_window_extent() for t in labels if t.get_text()]
    return any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


@pytest.mark.parametrize("n_periods", [1, 3, 40])
def test_plot_periods_readable(n_periods):
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(1)
    k = 20
    periods = [str(p) for p in pd.period_range("2020-01", periods=n_periods, freq="M")]
    t = pd.DataFrame([(p, j, s, s * 0.8, min(1, s * 1.2), 10)
                      for p in periods for j, s in enumerate(rng.dirichlet(np.ones(k)))],
                     columns=["period", "topic_id", "share", "low", "high", "n_docs"])
    t.attrs.update(by="period", freq="M", level=0.95)
    topics = pd.DataFrame({"topic_id": range(k),
                           "label": [f"gouvernement, ministre, réforme {j}" for j in range(k)]})
    ax = TP.plot_topic_prevalence(t, topics, top_n=6)
    ax.figure.canvas.draw()
    legend = [x.get_text() for x in ax.get_legend().get_texts()]
    assert len(legend) == 6 and len(set(legend)) == 6  # ids keep cut labels distinct
    assert all(len(x) <= 34 for x in legend)
    assert len([x for x in ax.get_xticklabels() if x.get_text()]) <= 12
    assert not _overlaps(ax.get_xticklabels())
    assert "6 most prevalent of 20" in ax.get_title()
    plt.close(ax.figure)


@pytest.mark.parametrize("n_groups", [2, 15])
def test_plot_outlets_readable(n_groups):
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(2)
    groups = [f"outlet number {i}" for i in range(n_groups)]
    t = pd.DataFrame([(g, j, s, s * 0.8, s * 1.2, 100 - i)
                      for i, g in enumerate(groups) for j, s in enumerate(rng.dirichlet(np.ones(8)))],
                     columns=["outlet", "topic_id", "share", "low", "high", "n_docs"])
    ax = TP.plot_topic_prevalence(t, top_n=5)
    ax.figure.canvas.draw()
    assert len(ax.get_legend().get_texts()) == 5
    assert not _overlaps(ax.get_yticklabels())
    assert ax.get_yticklabels()[0].get_text() == "outlet number 0 (n=100)"
    plt.close(ax.figure)


def test_plot_empty_table():
    import matplotlib.pyplot as plt

    t = pd.DataFrame(columns=["period", "topic_id", "share", "low", "high", "n_docs"])
    ax = TP.plot_topic_prevalence(t)
    assert ax.texts and "no dated" in ax.texts[0].get_text()
    plt.close(ax.figure)
