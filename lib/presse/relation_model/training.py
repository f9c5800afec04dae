"""Training the shipped model (``presse train relations``: chosen on the dev fold, fitted on
the train fold, deterministic), training on a user's labels, the test-fold report.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from presse import config
from presse.relation_model.gold import (
    gold_decisions,
    gold_features,
    load_gold,
    score_decisions,
    score_intervals,
)
from presse.relation_model.model import RelationModel, _load_cached
from presse.relation_model.settings import (
    C_GRID,
    DEFAULT_MODEL,
    DEFAULT_PARAMS,
    GOLD_CSV,
    THRESHOLD_GRID,
    WEIGHT_GRID,
)


# ----------------------------------------------------------------------------- training
def _select(train_f, train_y, dev_f, dev_y) -> tuple[dict, pd.DataFrame]:
    """Choose C, class weights and the threshold on the dev fold (best relation F1; ties to
    the first in the grid order, i.e. the simpler / higher-threshold choice)."""
    from presse.evaluate import signed_relations

    rows, best = [], None
    for cw in WEIGHT_GRID:
        for C in C_GRID:
            m = RelationModel(C=C, class_weight=cw).fit(train_f, train_y)
            proba = m.predict_proba(dev_f)
            for thr in sorted(THRESHOLD_GRID, reverse=True):
                sc = signed_relations(dev_y, m.decide(proba, thr))
                rows.append({"C": C, "class_weight": cw or "none", "threshold": thr, **sc})
                if best is None or sc["f1"] > best[0] + 1e-9:
                    best = (sc["f1"], {"C": C, "class_weight": cw, "threshold": float(thr)})
    return best[1], pd.DataFrame(rows)


def train_default(out: str | Path | None = None, gold: str | Path | None = None,
                  params: dict | None = None) -> tuple[RelationModel, str]:
    """Rebuild the shipped model (``presse train relations``): features of the train-fold
    pairs of the gold set, C / class weights / threshold chosen on the dev fold (or
    ``params``), fit on the train fold, written to ``out`` (default: the packaged file).
    The test fold is never read here. Deterministic: same inputs, same bytes."""
    items = load_gold(gold)
    items = items[(items["source"] != "WRITER") & items["fold"].isin(["train", "dev"])]
    items = items.reset_index(drop=True)
    feats, _, _ = gold_features(items)
    tr = (items["fold"] == "train").to_numpy()
    tr_f = [f for f, t in zip(feats, tr, strict=True) if t]
    dv_f = [f for f, t in zip(feats, tr, strict=True) if not t]
    tr_y, dv_y = items.loc[tr, "label"].to_numpy(), items.loc[~tr, "label"].to_numpy()
    if params is None:
        params, _ = _select(tr_f, tr_y, dv_f, dv_y)
    model = RelationModel(**params).fit(tr_f, tr_y)
    from presse.evaluate import signed_relations

    dev = signed_relations(dv_y, model.decide(model.predict_proba(dv_f)))
    gpath = Path(gold) if gold is not None else GOLD_CSV
    meta = {"trained_on": f"{config.relpath(gpath)} train fold ({int(tr.sum())} pairs, "
                          f"{int((tr_y != 0).sum())} relations)",
            "chosen_on": f"dev fold ({int((~tr).sum())} pairs)",
            "dev": {k: round(v, 4) if isinstance(v, float) else v for k, v in dev.items()},
            "command": "presse train relations"}
    model.meta_ = meta
    digest = model.to_file(out or DEFAULT_MODEL, meta=meta)
    _load_cached.cache_clear()
    return model, digest


def train_on_labels(labels_csv: str | Path, out: str | Path, group: str | None = None,
                    n_splits: int = 5, params: dict | None = None
                    ) -> tuple[RelationModel, pd.DataFrame]:
    """Train a model on a user's labelled pairs (the columns of :func:`load_gold`; WRITER
    items are skipped) and print-ready grouped cross-validation (no article on both sides;
    ``group`` defaults to ``article_id`` / ``doc_id`` / the sentence). Returns the model
    fitted on all pairs (written to ``out``) and the cross-validated scores of the learned
    model and of the rules on the same pairs."""
    from presse.evaluate import grouped_cv

    path = Path(labels_csv)
    items = load_gold(path)
    items = items[items["source"] != "WRITER"].reset_index(drop=True)
    if items.empty:
        raise ValueError(f"{path}: no source -> target pair to train on")
    if group is None:
        group = next((c for c in ("article_id", "doc_id") if c in items.columns),
                     "sentence_key")
    prm = dict(params or DEFAULT_PARAMS)
    feats, rule_rel, _ = gold_features(items)
    items["_row"] = np.arange(len(items))

    def fit_predict(tr: pd.DataFrame, te: pd.DataFrame):
        m = RelationModel(**prm).fit([feats[i] for i in tr["_row"]], tr["label"])
        return m.decide(m.predict_proba([feats[i] for i in te["_row"]]))

    oof = grouped_cv(fit_predict, items, label="label", group=group, n_splits=n_splits)
    dec = items.assign(learned=oof.astype(int).to_numpy(), rules=rule_rel)
    dec["combined"] = np.where(dec["rules"] != 0, dec["rules"], dec["learned"])
    cv = score_decisions(dec)
    model = RelationModel(**prm).fit(feats, items["label"])
    model.to_file(out, meta={"trained_on": f"{path.name} ({len(items)} pairs)",
                             "command": f"presse train relations --labels {path.name}"})
    return model, cv


def test_fold_report(gold: str | Path | None = None, model: RelationModel | None = None,
                     folds: Sequence[str] = ("dev", "test"), intervals: bool = False
                     ) -> pd.DataFrame:
    """Rules, learned model and combination on the gold folds (one row per fold x method):
    relation precision / recall / F1 and stance macro-F1 (the notebook's and the
    benchmark's figures). ``intervals``: add ``<score>_low`` / ``<score>_high``, the 95 %
    interval of each score with articles resampled (:func:`score_intervals`)."""
    items = load_gold(gold)
    items = items[items["fold"].isin(folds)].reset_index(drop=True)
    dec = gold_decisions(items, model)
    out = []
    for fold in folds:
        part = dec[dec["fold"] == fold]
        sc = score_decisions(part).reset_index()
        sc.insert(0, "fold", fold)
        if intervals:
            ci = score_intervals(part).set_index(["method", "score"])
            for k in ci.index.get_level_values("score").unique():
                for end in ("low", "high"):
                    sc[f"{k}_{end}"] = [ci.loc[(m, k), end] for m in sc["method"]]
        out.append(sc)
    return pd.concat(out, ignore_index=True)


test_fold_report.__test__ = False  # not a pytest test despite its name
