"""The relation gold set: its pairs, their features, the decisions of every method on them
and the scores of those decisions.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from presse import relations as R
from presse.relation_model.features import sentence_features
from presse.relation_model.model import RelationModel, load_model
from presse.relation_model.settings import CLASSES, GOLD_CSV, METHODS, Span

# ----------------------------------------------------------------------------- gold set
GOLD_COLUMNS = ["sentence_key", "text", "source", "source_start", "source_end", "target",
                "target_start", "target_end", "label"]


def load_gold(path: str | Path | None = None) -> pd.DataFrame:
    """The relation gold items (``relations_news.csv`` or a user's CSV of the same shape).

    Needs ``text, source, source_start, source_end, target, target_start, target_end,
    label`` (1 / -1 / 0); ``source == "WRITER"`` marks the journalist's own stance.
    ``sentence_key`` defaults to the text; an article column (``article_id`` or
    ``doc_id``) is used for grouping. A clear error names the file and the problem.
    """
    path = Path(path) if path is not None else GOLD_CSV
    try:
        df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read the relation labels ({exc})") from exc
    if "sentence_key" not in df.columns and "text" in df.columns:
        df["sentence_key"] = df["text"]
    missing = [c for c in GOLD_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing} (need {', '.join(GOLD_COLUMNS)})")
    for c in ("source_start", "source_end", "target_start", "target_end", "label"):
        bad = pd.to_numeric(df[c], errors="coerce").isna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise ValueError(f"{path}: column {c} row {i + 2} is not an integer")
        df[c] = df[c].astype(int)
    if not df["label"].isin(CLASSES).all():
        i = int(np.flatnonzero(~df["label"].isin(CLASSES).to_numpy())[0])
        raise ValueError(f"{path}: label {df['label'].iloc[i]!r} (row {i + 2}) is not 1, -1 "
                         "or 0")
    for c in ("source", "target", "text", "sentence_key"):
        df[c] = df[c].astype(str)
    return df.reset_index(drop=True)


def _gold_sentences(items: pd.DataFrame) -> tuple[list[str], list[list[Span]], list[list],
                                                  list[int]]:
    """Group items by sentence: texts, spans, candidate pairs and the item order.

    A span's id is its actor in the actor file when the actor matcher finds one over it
    (as at inference), else the id NER actors get (``presse.actors.entities.entity_id``).
    """
    from presse.actors import find_mentions
    from presse.actors.entities import entity_id

    keys = list(dict.fromkeys(items["sentence_key"]))
    first = items.drop_duplicates("sentence_key").set_index("sentence_key")["text"]
    sents = pd.DataFrame({"doc_id": [f"g{k}" for k in range(len(keys))], "sent_id": 0,
                          "text": [first[k] for k in keys]})
    ments = find_mentions(sents, use_ner=False)
    by_doc: dict[str, list] = {}
    for m in ments.itertuples(index=False):
        if pd.notna(m.actor):
            by_doc.setdefault(m.doc_id, []).append((int(m.start), int(m.end), str(m.actor),
                                                    str(m.kind)))
    texts, spans, pairs, order = [], [], [], []
    grouped = dict(tuple(items.groupby("sentence_key", sort=False)))
    for k, key in enumerate(keys):
        g = grouped[key]
        text = first[key]
        found = by_doc.get(f"g{k}", [])
        sp: list[Span] = []
        index: dict[tuple[int, int], int] = {}

        def span_of(start, end, surface, sp=sp, index=index, found=found, text=text):
            if (start, end) not in index:
                hit = next(((a, kd) for s0, e0, a, kd in found if s0 < end and start < e0),
                           None)
                if hit is None:
                    words = surface.split()
                    kind = "person" if len(words) >= 2 and words[0][:1].isupper() and \
                        not surface.startswith(("Les ", "La ", "Le ", "L'")) else "organisation"
                    hit = (entity_id(surface), kind)
                index[(start, end)] = len(sp)
                sp.append(Span(int(start), int(end), hit[0], hit[1]))
            return index[(start, end)]

        pr = []
        for row in g.itertuples():
            ti = span_of(row.target_start, row.target_end, row.target)
            si = -1 if row.source == "WRITER" else span_of(row.source_start, row.source_end,
                                                            row.source)
            pr.append((si, ti))
            order.append(row.Index)
        texts.append(text)
        spans.append(sp)
        pairs.append(pr)
    return texts, spans, pairs, order


def gold_features(items: pd.DataFrame) -> tuple[list[dict | None], np.ndarray, np.ndarray]:
    """Features and the rule engine's decisions for gold items (aligned with ``items``).

    Returns ``(feats, rule_relation, rule_stance)``: ``feats[i]`` is None for WRITER items
    (the learned model scores source -> target pairs; the writer's stance is the rules');
    ``rule_relation`` is the rules' signed decision for the pair (0 for WRITER items) and
    ``rule_stance`` the rules' signed stance held by the item's source (the writer for WRITER
    items).
    """
    texts, spans, pairs, order = _gold_sentences(items)
    model_pairs = [[p for p in pr if p[0] >= 0] for pr in pairs]
    feats_flat, sent_items = sentence_features(texts, spans, model_pairs)
    n = len(items)
    feats: list[dict | None] = [None] * n
    rule_rel = np.zeros(n, dtype=int)
    rule_st = np.zeros(n, dtype=int)
    it_feats = iter(feats_flat)
    k = 0
    for sp, pr, its in zip(spans, pairs, sent_items, strict=True):
        for si, ti in pr:
            idx = order[k]
            k += 1
            tgt = sp[ti].actor
            if si < 0:
                rule_st[idx] = _writer_sign(its, tgt)
                continue
            feats[idx] = next(it_feats)
            src = sp[si].actor
            pol = sum(i.polarity * i.weight for i in its
                      if i.kind in ("relation", "eval") and i.holder == src and i.target == tgt)
            rule_rel[idx] = int(np.sign(pol)) if src != tgt else 0
            rule_st[idx] = rule_rel[idx]
    return feats, rule_rel, rule_st


def _writer_sign(items: list[R.Item], target: str) -> int:
    """The rules' stance toward ``target`` when its holder is the writer (as in
    ``relations.analyse_sentences``: score sum, holder of the strongest item)."""
    its = [i for i in items if i.target == target]
    if not its:
        return 0
    score = sum(i.polarity * i.weight for i in its)
    sign = int(np.sign(score))
    if sign == 0:
        return 0
    best = [i for i in its if int(np.sign(i.polarity)) == sign]
    best.sort(key=lambda i: (-(i.kind == "relation"), -i.weight))
    return sign if best[0].holder == "writer" else 0


def gold_decisions(items: pd.DataFrame, model: RelationModel | None = None,
                   threshold: float | None = None, feats=None) -> pd.DataFrame:
    """Signed decisions of the rules, the learned model and their combination per item.

    Returns ``items`` with columns ``rules``, ``learned``, ``combined`` (1 / -1 / 0) and
    ``probability`` (the model's probability of its likelier sign; NaN for WRITER items).
    WRITER items: the rules' writer stance for ``rules`` and ``combined``, 0 for
    ``learned``. ``combined``: the rules' relation when they find one, else the model's.
    """
    model = model or load_model()
    if feats is None:
        feats = gold_features(items)
    fts, rule_rel, rule_st = feats
    pair_idx = [i for i, f in enumerate(fts) if f is not None]
    proba = model.predict_proba([fts[i] for i in pair_idx])
    dec = model.decide(proba, threshold)
    out = items.copy()
    learned = np.zeros(len(items), dtype=int)
    prob = np.full(len(items), np.nan)
    learned[pair_idx] = dec
    prob[pair_idx] = np.maximum(proba[:, 0], proba[:, 2]) if len(proba) else []
    is_writer = (items["source"] == "WRITER").to_numpy()
    out["rules"] = np.where(is_writer, rule_st, rule_rel)
    out["learned"] = learned
    out["combined"] = np.where(is_writer, rule_st, np.where(rule_rel != 0, rule_rel, learned))
    out["probability"] = prob
    return out


def score_decisions(dec: pd.DataFrame, methods: Sequence[str] = METHODS) -> pd.DataFrame:
    """Relation precision / recall / F1 (source -> target pairs) and stance macro-F1 over
    FAVOR / AGAINST (every item: a pair's label is the target's stance held by the source,
    a WRITER item's the writer's) per method, through ``presse.evaluate``."""
    from presse.evaluate import agreement, signed_relations

    pairs = dec[dec["source"] != "WRITER"]
    names = {1: "FAVOR", -1: "AGAINST", 0: "NONE"}
    gold_st = dec["label"].map(names)
    rows = []
    for m in methods:
        r = signed_relations(pairs["label"], pairs[m])
        ag = agreement(gold_st, {m: dec[m].map(names)}, labels=["AGAINST", "FAVOR", "NONE"])
        r["stance_macro_f1"] = float((ag["f1_FAVOR"].iloc[0] + ag["f1_AGAINST"].iloc[0]) / 2)
        r["n_pairs"] = len(pairs)
        rows.append({"method": m, **r})
    return pd.DataFrame(rows).set_index("method")


def _scores(label: np.ndarray, pred: np.ndarray, is_pair: np.ndarray) -> dict[str, float]:
    """:func:`score_decisions`'s figures for one method, in numpy (for the bootstrap):
    relation precision / recall / F1 over the pairs, stance macro-F1 over FAVOR / AGAINST
    on every item."""
    from presse.evaluate import signed_relations

    rel = signed_relations(label[is_pair], pred[is_pair])
    f1s = []
    for c in (1, -1):
        tp = int(((label == c) & (pred == c)).sum())
        den = int((label == c).sum() + (pred == c).sum())
        f1s.append(2 * tp / den if den else 0.0)
    return {"precision": rel["precision"], "recall": rel["recall"], "f1": rel["f1"],
            "stance_macro_f1": float(np.mean(f1s))}


def score_intervals(dec: pd.DataFrame, methods: Sequence[str] = METHODS,
                    n_boot: int = 1000) -> pd.DataFrame:
    """The scores of :func:`score_decisions` with 95 % intervals, articles (``article_id``)
    resampled with replacement (``presse.evaluate.grouped_bootstrap_ci``): one row per
    method and score, columns method, score, value, low, high, n_articles."""
    from presse.evaluate import grouped_bootstrap_ci

    frame = pd.DataFrame({"article_id": dec["article_id"].to_numpy(),
                          "label": np.sign(dec["label"].to_numpy(dtype=int)),
                          "pair": (dec["source"] != "WRITER").to_numpy()})
    rows = []
    for m in methods:
        frame["pred"] = np.sign(dec[m].to_numpy(dtype=int))
        ci = grouped_bootstrap_ci(
            frame, lambda f: _scores(f["label"].to_numpy(), f["pred"].to_numpy(),
                                     f["pair"].to_numpy()), "article_id", n_boot=n_boot)
        for k, r in ci.iterrows():
            rows.append({"method": m, "score": k, "value": r["value"], "low": r["low"],
                         "high": r["high"], "n_articles": int(r["n_groups"])})
    return pd.DataFrame(rows)
