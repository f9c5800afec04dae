"""presse.evaluate: the one home of metrics, bootstrap intervals and gold alignment."""

import math

import numpy as np
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
