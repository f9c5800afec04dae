"""presse.evaluate: the one home of metrics, bootstrap intervals and gold alignment."""

import math

import numpy as np
import pandas as pd
import pytest
from presse import evaluate as E


def test_class_prf_through_sklearn_and_undefined_classes():
    gold = ["FAVOR", "AGAINST", "NONE", "FAVOR"]
    pred = ["FAVOR", "NONE", "NONE", "AGAINST"]
    assert E.class_prf(gold, pred, "FAVOR") == (1.0, 0.5, pytest.approx(2 / 3), 2)
    assert E.class_prf(gold, pred, "AGAINST") == (0.0, 0.0, 0.0, 1)
    assert all(math.isnan(x) for x in E.class_prf(gold, pred, "OTHER")[:3])


def test_bootstrap_is_seeded_percentile_interval():
    vals = np.random.default_rng(3).normal(size=30)
    m, lo, hi = E.bootstrap_mean_ci(vals, random_state=0)
    assert (m, lo, hi) == E.bootstrap_mean_ci(vals, random_state=0)
    assert lo < m < hi and m == pytest.approx(vals.mean())
    # the same resamples as drawing indices with numpy's generator directly
    idx = np.random.default_rng(0).integers(0, vals.size, size=(2000, vals.size))
    assert (lo, hi) == pytest.approx(tuple(np.quantile(vals[idx].mean(axis=1), [0.025, 0.975])))


def test_old_names_still_import():
    from presse import sentiment, stance

    assert sentiment.bootstrap_mean_ci is E.bootstrap_mean_ci
    assert sentiment.agreement is E.method_agreement
    assert stance.evaluate_stance is E.evaluate_stance


def test_grouped_bootstrap_ci_resamples_articles_not_rows():
    """Ten copies of each article's item: resampling articles gives the interval of the
    ten-times-smaller independent sample (as wide as scipy's on it); treating each row as
    independent would give an interval about sqrt(10) times too narrow."""
    from scipy import stats

    rng = np.random.default_rng(1)
    base = rng.integers(0, 2, size=60)
    frame = pd.DataFrame({"art": np.repeat(np.arange(60), 10), "ok": np.repeat(base, 10)})

    def acc(f):
        return {"accuracy": f["ok"].mean(), "n": len(f)}

    by_art = E.grouped_bootstrap_ci(frame, acc, "art", n_boot=2000, random_state=0)
    assert list(by_art.index) == ["accuracy", "n"]
    row = by_art.loc["accuracy"]
    assert row["value"] == pytest.approx(base.mean())
    assert row["low"] < row["value"] < row["high"]
    assert row["n_groups"] == 60
    ref = stats.bootstrap((base.astype(float),), np.mean, n_resamples=2000,
                          method="percentile", random_state=np.random.default_rng(0))
    width, ref_width = row["high"] - row["low"], (ref.confidence_interval.high
                                                 - ref.confidence_interval.low)
    assert width == pytest.approx(ref_width, rel=0.15)
    frame["row"] = np.arange(len(frame))
    by_row = E.grouped_bootstrap_ci(frame, acc, "row", n_boot=2000, random_state=0)
    assert (by_row.loc["accuracy", "high"] - by_row.loc["accuracy", "low"]) < width / 2
    # seeded: the same call gives the same interval
    pd.testing.assert_frame_equal(
        by_art, E.grouped_bootstrap_ci(frame, acc, "art", n_boot=2000, random_state=0))


def test_grouped_bootstrap_ci_of_signed_relations_and_bad_input():
    frame = pd.DataFrame({"art": [1, 1, 2, 3, 3, 4], "gold": [1, 0, -1, 1, 0, 0],
                          "pred": [1, 1, -1, -1, 0, 0]})
    out = E.grouped_bootstrap_ci(
        frame, lambda f: E.signed_relations(f["gold"], f["pred"]), "art", n_boot=200)
    assert out.loc["precision", "value"] == pytest.approx(2 / 4)
    assert out.loc["recall", "value"] == pytest.approx(2 / 3)
    assert 0 <= out.loc["precision", "low"] <= 0.5 <= out.loc["precision", "high"] <= 1
    with pytest.raises(KeyError, match="article_id"):
        E.grouped_bootstrap_ci(frame, lambda f: {}, "article_id")


def test_label_scores_equal_sklearn():
    from sklearn import metrics

    rng = np.random.default_rng(3)
    for n_labels in (2, 3):
        g = rng.integers(0, n_labels, 400)
        p = np.where(rng.random(400) < 0.6, g, rng.integers(0, n_labels, 400))
        got = E.label_scores(g, p, n_labels)
        assert got["accuracy"] == pytest.approx(metrics.accuracy_score(g, p))
        assert got["macro_f1"] == pytest.approx(metrics.f1_score(
            g, p, labels=list(range(n_labels)), average="macro", zero_division=0))
        assert got["kappa"] == pytest.approx(metrics.cohen_kappa_score(g, p))
    # a label nobody used scores 0 in the macro average, as in ``agreement``
    assert E.label_scores(np.array([0, 1]), np.array([0, 1]), 3)["macro_f1"] == \
        pytest.approx(2 / 3)


def test_label_intervals_by_article():
    gold = ["neg", "neu", "pos", "neu"] * 30
    pred = ["neg", "neu", "neu", "neu"] * 30
    arts = np.repeat(np.arange(40), 3)
    ci = E.label_intervals(gold, pred, arts)
    assert ci.loc["accuracy", "value"] == pytest.approx(0.75)
    assert ci.loc["accuracy", "n_groups"] == 40
    assert (ci["low"] <= ci["value"]).all() and (ci["value"] <= ci["high"]).all()
    with pytest.raises(ValueError, match="'positive'"):
        E.label_intervals(["positive"], ["neu"], [1])
