"""Evaluation: the one home for frozen splits, agreement metrics and double-labelling kappa.

Every method of presse reports its agreement with human labels through this module, so that
tone, stance and relations are measured the same way:

* ``fold_of(group_ids)`` assigns each article (or any group) to ``train`` / ``dev`` /
  ``test`` from a hash of its id: the split is frozen by construction (adding articles never
  moves an old one), and all units of one article fall on the same side.
* ``agreement`` / ``confusion`` compute accuracy, macro-F1, per-class precision / recall /
  F1 and Cohen's kappa through ``sklearn.metrics``.
* ``double_labelling`` compares two independent labelling passes (kappa, raw agreement,
  confusion), the ceiling a method can honestly claim.
* ``grouped_cv`` runs grouped cross-validation (no group on both sides of a fold).
* ``signed_relations`` scores signed relation decisions (+1 / -1 / 0 per candidate item):
  precision and recall of the non-zero decisions with the right sign.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from sklearn import metrics

__all__ = [
    "FOLDS",
    "agreement",
    "confusion",
    "double_labelling",
    "fold_of",
    "grouped_cv",
    "signed_relations",
]

#: Fold names and their share of groups.
FOLDS: dict[str, float] = {"train": 0.6, "dev": 0.2, "test": 0.2}


def fold_of(group_ids: Sequence, salt: str = "presse-v1",
            shares: dict[str, float] | None = None) -> list[str]:
    """Frozen fold of each group id, from ``sha256(salt + id)``.

    The hash is mapped to [0, 1) and cut by the cumulative ``shares`` (default ``FOLDS``:
    60 % train, 20 % dev, 20 % test). The same id always lands in the same fold, whatever
    else is in the data, so a split stored beside the labels can be recomputed and checked.
    """
    shares = shares or FOLDS
    names = list(shares)
    cuts = np.cumsum([shares[n] for n in names])
    cuts = cuts / cuts[-1]
    out = []
    for gid in group_ids:
        h = hashlib.sha256(f"{salt}:{gid}".encode()).digest()
        u = int.from_bytes(h[:8], "big") / 2**64
        out.append(names[int(np.searchsorted(cuts, u, side="right"))])
    return out


def agreement(y_true: Sequence[str], predictions: dict[str, Sequence[str]],
              labels: Sequence[str] | None = None) -> pd.DataFrame:
    """Accuracy, macro-F1, Cohen's kappa and per-class F1 of each method against gold.

    Input: gold labels and ``{method: predicted labels}`` aligned with them.
    Output: one row per method, columns ``n``, ``accuracy``, ``macro_f1``, ``kappa``, then
    ``f1_<label>`` for each label. Labels default to the sorted gold labels.
    """
    y_true = [str(x) for x in y_true]
    labels = list(labels) if labels is not None else sorted(set(y_true))
    rows = []
    for name, pred in predictions.items():
        pred = [str(x) for x in pred]
        row = {
            "method": name,
            "n": len(y_true),
            "accuracy": metrics.accuracy_score(y_true, pred),
            "macro_f1": metrics.f1_score(y_true, pred, labels=labels, average="macro",
                                         zero_division=0),
            "kappa": metrics.cohen_kappa_score(y_true, pred, labels=labels),
        }
        f1s = metrics.f1_score(y_true, pred, labels=labels, average=None, zero_division=0)
        for lab, f in zip(labels, f1s, strict=True):
            row[f"f1_{lab}"] = f
        rows.append(row)
    return pd.DataFrame(rows).set_index("method")


def confusion(y_true: Sequence[str], y_pred: Sequence[str],
              labels: Sequence[str] | None = None) -> pd.DataFrame:
    """Confusion matrix as a DataFrame: rows ``gold``, columns ``predicted``."""
    y_true = [str(x) for x in y_true]
    y_pred = [str(x) for x in y_pred]
    labels = list(labels) if labels is not None else sorted(set(y_true) | set(y_pred))
    m = metrics.confusion_matrix(y_true, y_pred, labels=labels)
    return pd.DataFrame(m, index=pd.Index(labels, name="gold"),
                        columns=pd.Index(labels, name="predicted"))


def double_labelling(first: Sequence[str], second: Sequence[str],
                     labels: Sequence[str] | None = None) -> dict:
    """Agreement of two independent labelling passes over the same items.

    Returns ``{"n", "agreement", "kappa", "confusion"}``: raw agreement, Cohen's kappa
    (sklearn) and the confusion DataFrame (rows: first pass, columns: second pass).
    """
    first = [str(x) for x in first]
    second = [str(x) for x in second]
    if len(first) != len(second):
        raise ValueError(f"the two passes differ in length: {len(first)} vs {len(second)}")
    labels = list(labels) if labels is not None else sorted(set(first) | set(second))
    conf = confusion(first, second, labels)
    conf.index.name, conf.columns.name = "first", "second"
    return {
        "n": len(first),
        "agreement": float(np.mean(np.array(first) == np.array(second))) if first else np.nan,
        "kappa": float(metrics.cohen_kappa_score(first, second, labels=labels)),
        "confusion": conf,
    }


def grouped_cv(fit_predict: Callable[[pd.DataFrame, pd.DataFrame], Sequence],
               data: pd.DataFrame, label: str = "label", group: str = "doc_id",
               n_splits: int = 5) -> pd.Series:
    """Out-of-fold predictions from ``fit_predict(train_df, test_df)`` with GroupKFold.

    No group (article) is on both sides of a fold. Returns a Series aligned with ``data``.
    """
    from sklearn.model_selection import GroupKFold

    n_groups = data[group].nunique()
    if n_groups < 2:
        raise ValueError(f"grouped cross-validation needs at least 2 groups, got {n_groups}")
    pred = pd.Series(index=data.index, dtype=object)
    cv = GroupKFold(n_splits=min(n_splits, n_groups))
    for tr, te in cv.split(data, data[label], data[group]):
        pred.iloc[te] = list(fit_predict(data.iloc[tr], data.iloc[te]))
    return pred


def signed_relations(y_true: Sequence[int], y_pred: Sequence[int]) -> dict:
    """Precision / recall / F1 of signed relation decisions over the same candidate items.

    A relation is an item with a non-zero label; a predicted relation is correct when the
    gold label is non-zero **with the same sign**. Returns ``{"precision", "recall", "f1",
    "n_pred", "n_gold", "n_correct"}`` (precision 0 when nothing is predicted).
    """
    t = np.sign(np.asarray(list(y_true), dtype=float)).astype(int)
    p = np.sign(np.asarray(list(y_pred), dtype=float)).astype(int)
    if len(t) != len(p):
        raise ValueError(f"gold and predictions differ in length: {len(t)} vs {len(p)}")
    n_pred, n_gold = int((p != 0).sum()), int((t != 0).sum())
    n_correct = int(((p != 0) & (p == t)).sum())
    prec = n_correct / n_pred if n_pred else 0.0
    rec = n_correct / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "f1": f1, "n_pred": n_pred, "n_gold": n_gold,
            "n_correct": n_correct}
