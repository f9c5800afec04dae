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
* ``method_agreement`` / ``confusion_table`` -- the tone methods' accuracy and macro-F1
  table and their neg / neu / pos confusion matrix.
* ``class_prf`` -- precision, recall, F1 and support of one class (``sklearn.metrics``).
* ``bootstrap_mean_ci`` -- a mean with its percentile bootstrap interval
  (``scipy.stats.bootstrap``, seeded, so deterministic).
* ``grouped_bootstrap_ci`` -- percentile intervals of any agreement score, articles
  resampled with replacement (the sentences of one article are not independent), seeded.
* Gold sets and alignment: ``match_annotations`` (tone labels to sentences),
  ``load_stance_gold`` / ``load_relations_gold`` / ``align_stance`` and the stance and
  relation scores ``evaluate_stance`` / ``evaluate_relations`` (SemEval-2016 Task 6 style).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from presse import config
from presse.text import join_key

__all__ = [
    "FOLDS",
    "agreement",
    "align_stance",
    "bootstrap_mean_ci",
    "class_prf",
    "confusion",
    "confusion_table",
    "double_labelling",
    "evaluate_relations",
    "evaluate_stance",
    "fold_of",
    "grouped_bootstrap_ci",
    "grouped_cv",
    "label_intervals",
    "label_scores",
    "load_relations_gold",
    "load_stance_gold",
    "match_annotations",
    "method_agreement",
    "signed_relations",
]

#: Tone labels, in the order of the confusion tables.
TONE_LABELS: tuple[str, str, str] = ("neg", "neu", "pos")
#: Stance labels of the gold set.
STANCE_LABELS: tuple[str, str, str] = ("FAVOR", "AGAINST", "NONE")
STANCE_GOLD_CSV: Path = config.ANNOTATIONS / "stance_sentences.csv"
RELATIONS_GOLD_CSV: Path = config.ANNOTATIONS / "relations_gold.csv"

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
    from sklearn import metrics

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
    from sklearn import metrics

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
    from sklearn import metrics

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
    def as_array(v):  # arrays and Series as they are, any other iterable listed first
        return np.asarray(v if hasattr(v, "__len__") else list(v), dtype=float)

    t = np.sign(as_array(y_true)).astype(int)
    p = np.sign(as_array(y_pred)).astype(int)
    if len(t) != len(p):
        raise ValueError(f"gold and predictions differ in length: {len(t)} vs {len(p)}")
    n_pred, n_gold = int((p != 0).sum()), int((t != 0).sum())
    n_correct = int(((p != 0) & (p == t)).sum())
    prec = n_correct / n_pred if n_pred else 0.0
    rec = n_correct / n_gold if n_gold else 0.0
    f1 = _f1(prec, rec)
    return {"precision": prec, "recall": rec, "f1": f1, "n_pred": n_pred, "n_gold": n_gold,
            "n_correct": n_correct}


def _f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def class_prf(gold: Sequence[str], pred: Sequence[str],
              label: str) -> tuple[float, float, float, int]:
    """Precision, recall, F1 and gold count of one class (``sklearn.metrics``); all NaN when
    the class is in neither the gold nor the predictions (F1 is undefined there, not 0)."""
    from sklearn import metrics

    g = np.asarray(gold, dtype=object)
    p = np.asarray(pred, dtype=object)
    if not (g == label).any() and not (p == label).any():
        return float("nan"), float("nan"), float("nan"), 0
    prec, rec, f1, support = metrics.precision_recall_fscore_support(
        g, p, labels=[label], average=None, zero_division=0)
    return float(prec[0]), float(rec[0]), float(f1[0]), int(support[0])


# ----------------------------------------------------------------------------- tone


def method_agreement(y_true: Sequence[str], predictions: dict[str, Sequence[str]],
                     missing: str = "neu") -> pd.DataFrame:
    """Accuracy and macro-F1 of each method's labels against gold labels.

    ``predictions`` maps a method name to labels aligned with ``y_true``; a missing
    prediction counts as ``missing``. Returns one row per method: method, n, accuracy,
    macro_f1 (over the labels present in gold or that method's predictions), in the given
    order.
    """
    y = [str(x) for x in y_true]
    rows = []
    for name, pred in predictions.items():
        p = np.asarray(list(pred), dtype=object)
        if len(p) != len(y):
            raise ValueError(f"agreement: {name!r} has {len(p)} labels, gold has {len(y)}")
        p = np.where(pd.isna(p), missing, p)
        row = agreement(y, {name: p}, labels=sorted(set(y) | {str(x) for x in p}))
        rows.append((name, len(y), row["accuracy"].iloc[0], row["macro_f1"].iloc[0]))
    return pd.DataFrame(rows, columns=["method", "n", "accuracy", "macro_f1"])


def confusion_table(y_true: Sequence[str], y_pred: Sequence[str],
                    labels: Sequence[str] = TONE_LABELS) -> pd.DataFrame:
    """Confusion matrix over fixed ``labels`` (default neg / neu / pos): rows gold, columns
    predicted; labels outside ``labels`` are left out."""
    t = pd.Categorical(list(y_true), categories=list(labels))
    p = pd.Categorical(list(y_pred), categories=list(labels))
    tab = pd.crosstab(t, p, dropna=False)
    tab.index.name, tab.columns.name = "gold", "predicted"
    return tab


def bootstrap_mean_ci(values, n_boot: int = 2000, ci: float = 0.95,
                      random_state: int = config.RANDOM_STATE) -> tuple[float, float, float]:
    """Mean of ``values`` (NaN dropped) with a percentile bootstrap interval.

    ``scipy.stats.bootstrap`` with a generator seeded from ``random_state``, so the same
    values give the same interval. Returns (mean, low, high); NaNs when there is no value;
    the interval collapses to the value when there is only one.
    """
    from scipy import stats

    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        return (np.nan, np.nan, np.nan)
    if v.size == 1:
        return (float(v[0]),) * 3
    res = stats.bootstrap((v,), np.mean, n_resamples=n_boot, confidence_level=ci,
                          method="percentile", vectorized=True,
                          random_state=np.random.default_rng(random_state))
    return float(v.mean()), float(res.confidence_interval.low), float(res.confidence_interval.high)


def grouped_bootstrap_ci(frame: pd.DataFrame, score: Callable[[pd.DataFrame], dict],
                         group: str, n_boot: int = 1000, ci: float = 0.95,
                         random_state: int = config.RANDOM_STATE) -> pd.DataFrame:
    """Scores of ``frame`` with percentile bootstrap intervals over its groups (articles).

    ``score(frame)`` returns ``{name: value}`` (e.g. ``signed_relations`` of two columns);
    each of the ``n_boot`` replicates draws the groups of ``group`` with replacement and
    scores the rows of the drawn groups (a group drawn twice counts twice). Resampling
    articles rather than sentences keeps their correlation (one story, one writer), so the
    interval is not too narrow. Seeded: the same input gives the same interval.

    Returns one row per score name: ``value`` (on ``frame``), ``low``, ``high``,
    ``n_groups``. Non-numeric values (counts are fine) are dropped.
    """
    if group not in frame.columns:
        raise KeyError(f"grouped_bootstrap_ci: no column {group!r} to resample by")
    if not 0 < ci < 1:
        raise ValueError(f"ci must be in (0, 1), not {ci!r}")
    point = {k: float(v) for k, v in score(frame).items()
             if isinstance(v, int | float | np.integer | np.floating)}
    codes, uniq = pd.factorize(frame[group], sort=True)
    rows_of = [np.flatnonzero(codes == g) for g in range(len(uniq))]
    rng = np.random.default_rng(random_state)
    reps = {k: np.full(n_boot, np.nan) for k in point}
    if len(uniq):
        for b in range(n_boot):
            draw = rng.integers(0, len(uniq), size=len(uniq))
            sub = frame.iloc[np.concatenate([rows_of[g] for g in draw])]
            for k, v in score(sub).items():
                if k in reps:
                    reps[k][b] = float(v)
    alpha = (1 - ci) / 2
    out = []
    for k, v in point.items():
        r = reps[k][~np.isnan(reps[k])]
        lo, hi = (np.quantile(r, [alpha, 1 - alpha]) if r.size else (np.nan, np.nan))
        out.append({"score": k, "value": v, "low": float(lo), "high": float(hi),
                    "n_groups": len(uniq)})
    return pd.DataFrame(out).set_index("score")


def label_scores(gold_codes: np.ndarray, pred_codes: np.ndarray, n_labels: int
                 ) -> dict[str, float]:
    """Accuracy, macro-F1 (over all ``n_labels``; a label absent from both sides scores 0,
    as in :func:`agreement`) and Cohen's kappa from integer-coded labels, in numpy (for the
    bootstrap: the same values as ``sklearn.metrics``)."""
    n = len(gold_codes)
    if n == 0:
        return {"accuracy": np.nan, "macro_f1": np.nan, "kappa": np.nan}
    cm = np.bincount(gold_codes * n_labels + pred_codes,
                     minlength=n_labels * n_labels).reshape(n_labels, n_labels)
    tp = np.diag(cm).astype(float)
    den = cm.sum(0) + cm.sum(1)
    f1 = np.divide(2 * tp, den, out=np.zeros(n_labels), where=den > 0)
    po = tp.sum() / n
    pe = float((cm.sum(0) * cm.sum(1)).sum()) / (n * n)
    kappa = (po - pe) / (1 - pe) if pe < 1 else (1.0 if po == 1 else 0.0)
    return {"accuracy": po, "macro_f1": float(f1.mean()), "kappa": float(kappa)}


def label_intervals(gold: Sequence[str], pred: Sequence[str], groups: Sequence,
                    labels: Sequence[str] = TONE_LABELS, n_boot: int = 1000) -> pd.DataFrame:
    """Accuracy, macro-F1 and kappa of ``pred`` against ``gold`` with 95 % intervals,
    ``groups`` (article ids) resampled (:func:`grouped_bootstrap_ci`, :func:`label_scores`).
    A label outside ``labels`` raises ``ValueError``."""
    code = {lab: k for k, lab in enumerate(labels)}
    g = pd.Series(list(gold), dtype=object).map(code)
    p = pd.Series(list(pred), dtype=object).map(code)
    if g.isna().any() or p.isna().any():
        bad = next(v for v, c in zip([*gold, *pred], [*g, *p], strict=True) if pd.isna(c))
        raise ValueError(f"label {bad!r} is not one of {list(labels)}")
    frame = pd.DataFrame({"group": list(groups), "gold": g.astype(int), "pred": p.astype(int)})
    return grouped_bootstrap_ci(
        frame, lambda f: label_scores(f["gold"].to_numpy(), f["pred"].to_numpy(), len(labels)),
        "group", n_boot=n_boot)


def match_annotations(annotations: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Attach hand labels to a sentences table whose segmentation may differ slightly.

    Inputs: ``annotations`` (doc_id, text, label, ...) and ``sentences`` (doc_id, sent_id,
    text). Within each document, a sentence matches an annotation when their
    :func:`presse.text.join_key` keys are equal (``match="exact"``); otherwise when one key
    contains the other, e.g. a sentence split in two at a guillemet (``match="partial"``,
    the first containing annotation wins). Unmatched annotations (titles kept out of the
    body, captions removed by cleaning) are left out. Output: doc_id, sent_id,
    label_true, match; sorted.
    """
    need = {"doc_id", "text", "label"} - set(annotations.columns)
    if need:
        raise ValueError(f"match_annotations: annotations lack columns {sorted(need)}")
    ann = annotations.assign(key=annotations["text"].map(join_key))
    sen = sentences[["doc_id", "sent_id", "text"]].assign(
        key=sentences["text"].map(join_key))
    exact = sen.merge(ann[["doc_id", "key", "label"]].drop_duplicates(["doc_id", "key"]),
                      on=["doc_id", "key"], how="inner").assign(match="exact")
    rest = sen[~sen.set_index(["doc_id", "sent_id"]).index.isin(
        exact.set_index(["doc_id", "sent_id"]).index)]
    pairs = rest.merge(ann[["doc_id", "key", "label"]], on="doc_id", suffixes=("", "_ann"))
    ok = [(len(a) >= 12 and (a in b or b in a)) for a, b in zip(pairs["key"], pairs["key_ann"])]
    partial = pairs[ok].drop_duplicates(["doc_id", "sent_id"]).assign(match="partial")
    out = pd.concat([exact, partial], ignore_index=True)
    out = out.rename(columns={"label": "label_true"})[["doc_id", "sent_id", "label_true", "match"]]
    return out.sort_values(["doc_id", "sent_id"], ignore_index=True)


# ----------------------------------------------------------------------------- stance
def load_stance_gold(path: str | Path | None = None) -> pd.DataFrame:
    """Hand-labelled sentence stance (doc_id, sent_idx, text, target, label, holder, note)."""
    path = Path(path) if path is not None else STANCE_GOLD_CSV
    df = pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=False)
    missing = {"doc_id", "text", "target", "label", "holder"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: stance annotations lack columns {sorted(missing)}")
    bad = sorted(set(df["label"]) - set(STANCE_LABELS))
    if bad:
        raise ValueError(f"{path}: unknown stance label(s) {bad}")
    return df


def load_relations_gold(path: str | Path | None = None) -> pd.DataFrame:
    """Hand-listed relations (doc_id, source, target, polarity, cue, evidence, note);
    ``source``/``target`` may list alternatives separated by ``|``."""
    path = Path(path) if path is not None else RELATIONS_GOLD_CSV
    df = pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=False)
    missing = {"doc_id", "source", "target", "polarity"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: relation annotations lack columns {sorted(missing)}")
    df["polarity"] = df["polarity"].astype(int)
    return df


def align_stance(stance: pd.DataFrame, sentences: pd.DataFrame,
                 gold: pd.DataFrame) -> pd.DataFrame:
    """Attach the system's label to every gold (sentence, target) row.

    Sentences are matched by text (letters and digits only), so the gold numbering need
    not follow the system's segmentation: a gold sentence matches the system sentence with
    the same key, or the system sentences whose key contains it / is contained in it.
    Adds columns matched (the sentence exists in the system's sentences table; False for
    lines the cleaning removed, e.g. a headline repeated in the body), sys_sent_ids, pred
    (FAVOR / AGAINST / NONE; NONE when the system has no row), pred_speaker, pred_cue,
    pred_score.
    """
    sents = sentences[["doc_id", "sent_id", "text"]].copy()
    sents["doc_id"] = sents["doc_id"].astype(str)
    sents["key"] = sents["text"].map(join_key)
    by_doc = {d: g for d, g in sents.groupby("doc_id")}
    st = stance.copy()
    st["doc_id"] = st["doc_id"].astype(str)
    idx = {k: g for k, g in st.groupby(["doc_id", "target"])}
    out = []
    for row in gold.itertuples(index=False):
        g = by_doc.get(str(row.doc_id))
        ids: list[int] = []
        if g is not None:
            key = join_key(row.text)
            exact = g[g["key"] == key]
            if len(exact):
                ids = exact["sent_id"].astype(int).tolist()
            elif key:
                part = g[[(key in k) or (len(k) >= 20 and k in key) for k in g["key"]]]
                ids = part["sent_id"].astype(int).tolist()
        cand = idx.get((str(row.doc_id), row.target))
        pred, spk, cue, score = "NONE", "", "", 0.0
        if cand is not None and ids:
            c = cand[cand["sent_id"].isin(ids)]
            if len(c):
                c = c.assign(_a=c["score"].abs()).sort_values("_a", ascending=False,
                                                               kind="stable")
                top = c.iloc[0]
                pred, spk, cue, score = top["label"], top["speaker"], top["cue"], top["score"]
        out.append({**row._asdict(), "matched": bool(ids), "sys_sent_ids": ids,
                    "pred": pred, "pred_speaker": spk,
                    "pred_cue": cue, "pred_score": float(score)})
    return pd.DataFrame(out)


def evaluate_stance(aligned: pd.DataFrame, by: str | None = "target",
                    matched_only: bool = True) -> tuple[dict, pd.DataFrame]:
    """SemEval-2016 Task 6 style scores of ``align_stance`` output.

    ``matched_only`` (default): score only gold rows whose sentence is in the analysed text
    (``matched``); ``overall["n_unmatched"]`` says how many were left out.

    Returns ``(overall, per_group)``. ``overall``: macro_f1 (mean of the FAVOR and AGAINST
    F1; a class absent from both the gold and the predictions of a group is undefined: NaN,
    left out of the mean), f1_favor, f1_against, precision/recall of both, accuracy (3 classes), n, and
    holder_accuracy (on rows where gold and system both give FAVOR/AGAINST, the share whose
    holder matches). ``per_group``: the same per value of ``by`` (default: target), with n
    and the gold counts, sorted by n descending.
    """
    def scores(df: pd.DataFrame) -> dict:
        f = class_prf(df["label"], df["pred"], "FAVOR")
        a = class_prf(df["label"], df["pred"], "AGAINST")
        both = df[(df["label"] != "NONE") & (df["pred"] != "NONE")]
        defined = [x for x in (f[2], a[2]) if not math.isnan(x)]
        return {
            "n": len(df), "n_favor": f[3], "n_against": a[3],
            "macro_f1": round(float(np.mean(defined)), 3) if defined else float("nan"),
            "f1_favor": round(float(f[2]), 3), "f1_against": round(float(a[2]), 3),
            "p_favor": round(float(f[0]), 3), "r_favor": round(float(f[1]), 3),
            "p_against": round(float(a[0]), 3), "r_against": round(float(a[1]), 3),
            "accuracy": round(float((df["label"] == df["pred"]).mean()), 3) if len(df) else 0.0,
            "holder_accuracy": round(float((both["holder"] == both["pred_speaker"]).mean()), 3)
            if len(both) else float("nan"),
        }

    n_unmatched = 0
    if matched_only and "matched" in aligned.columns:
        n_unmatched = int((~aligned["matched"].astype(bool)).sum())
        aligned = aligned[aligned["matched"].astype(bool)]
    overall = scores(aligned)
    overall["n_unmatched"] = n_unmatched
    per = pd.DataFrame(columns=["n"])
    if by:
        per = pd.DataFrame([{by: k, **scores(g)} for k, g in aligned.groupby(by)])
        per = per.sort_values(["n", by], ascending=[False, True], ignore_index=True)
    return overall, per


def evaluate_relations(pred: pd.DataFrame, gold: pd.DataFrame) -> tuple[dict, pd.DataFrame,
                                                                          pd.DataFrame]:
    """Relation precision and recall per article.

    System relations are reduced to distinct (doc_id, source, target, polarity) triples; a
    triple is correct when a gold row of the same article accepts its source and target
    (``|`` alternatives) with the same polarity. Returns ``(scores, gold_with_found,
    pred_with_correct)``: scores has precision, recall, f1, n_pred, n_gold.
    """
    def alts(v) -> set[str]:
        return {x.strip() for x in str(v).split("|") if x.strip()}

    g = gold.copy()
    g["doc_id"] = g["doc_id"].astype(str)
    g["src_alts"] = g["source"].map(alts)
    g["tgt_alts"] = g["target"].map(alts)
    if pred is None or len(pred) == 0:
        p = pd.DataFrame(columns=["doc_id", "source", "target", "polarity", "n", "cues"])
    else:
        p = (pred.assign(doc_id=pred["doc_id"].astype(str))
             .groupby(["doc_id", "source", "target", "polarity"], sort=True)
             .agg(n=("cue", "size"), cues=("cue", lambda s: ", ".join(dict.fromkeys(s))))
             .reset_index())

    def matches(r, row) -> bool:
        return (r.doc_id == row.doc_id and r.source in row.src_alts and r.target in row.tgt_alts
                and int(r.polarity) == int(row.polarity))

    p["correct"] = [any(matches(r, row) for row in g.itertuples(index=False))
                    for r in p.itertuples(index=False)]
    g["found"] = [any(matches(r, row) for r in p.itertuples(index=False))
                  for row in g.itertuples(index=False)]
    n_pred, n_gold = len(p), len(g)
    prec = float(p["correct"].mean()) if n_pred else 0.0
    rec = float(g["found"].mean()) if n_gold else 0.0
    f1 = _f1(prec, rec)
    scores = {"precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3),
              "n_pred": n_pred, "n_gold": n_gold}
    return scores, g.drop(columns=["src_alts", "tgt_alts"]), p


# ----------------------------------------------------------------------------- coreference
COREFERENCE_GOLD_CSV: Path = config.ANNOTATIONS / "coreference_news.csv"
_NAME_STOP = frozenset({"m", "mme", "mlle", "de", "du", "des", "la", "le", "les", "l", "d",
                        "van", "von", "al", "el", "ben", "bin", "jr", "president", "ministre"})


def load_coreference_gold(path: str | Path | None = None) -> pd.DataFrame:
    """Coreference gold (item_id, date, kind, mention, start, end, context, text, fold,
    referent, antecedent, where; see ``data/annotations/coreference_guideline.md``)."""
    path = Path(path) if path is not None else COREFERENCE_GOLD_CSV
    df = pd.read_csv(path, dtype={"item_id": str, "article_id": str}, keep_default_na=False)
    missing = {"item_id", "kind", "start", "end", "context", "text", "referent",
               "antecedent", "where", "fold"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: coreference annotations lack columns {sorted(missing)}")
    return df


def _name_tokens(name: str) -> list[str]:
    from presse.text import fold

    words = re.findall(r"\w+", fold(str(name)).lower())
    return [w for w in words if w not in _NAME_STOP and not w.isdigit()]


def names_match(predicted: str, gold: Sequence[str]) -> bool:
    """True when ``predicted`` shares its last name token with one of the ``gold`` names,
    or a gold name's last token is in ``predicted`` (accent- and case-folded): « M. Erdogan »
    matches « Recep Tayyip Erdogan »."""
    pred = _name_tokens(predicted)
    if not pred:
        return False
    for g in gold:
        toks = _name_tokens(g)
        if toks and (pred[-1] in toks or toks[-1] in pred):
            return True
    return False


def link_scores(gold_entity: Sequence[bool], predicted: Sequence[bool],
                correct: Sequence[bool]) -> dict:
    """Accuracy and link precision / recall / F1 of a resolver on labelled expressions.

    Per item: ``gold_entity`` (the readers named a referent), ``predicted`` (the system
    linked it to an antecedent), ``correct`` (that antecedent is the referent). Accuracy
    counts a non-entity item (NONE / UNKNOWN) right when nothing is linked.
    """
    g, p, c = (np.asarray(x, dtype=bool) for x in (gold_entity, predicted, correct))
    c = c & p & g
    n, links, hits, ents = len(g), int(p.sum()), int(c.sum()), int(g.sum())
    ok = np.where(g, c, ~p)
    prec = hits / links if links else 0.0
    rec = hits / ents if ents else 0.0
    return {"n": n, "accuracy": float(ok.mean()) if n else 0.0, "links": links,
            "correct": hits, "entities": ents, "precision": prec, "recall": rec,
            "f1": _f1(prec, rec)}


def coreference_articles(gold: pd.DataFrame) -> list:
    """One ``presse.coref`` article per gold item: its context split into sentences
    (``presse.nlp.segment``) and its sentence, parsed, with the candidate mentions (actor
    file with the item's date, plus spaCy PER / ORG entities not covered by them)."""
    from presse import coref
    from presse.actors import find_mentions, get_matcher
    from presse.nlp import segment

    ctx_sents = list(segment(gold["context"].astype(str).tolist()))
    rows = []
    for k, r in enumerate(gold.itertuples(index=False)):
        for j, (_s, _e, t) in enumerate(ctx_sents[k]):
            rows.append((str(r.item_id), j, t, r.date if "date" in gold.columns else None))
        rows.append((str(r.item_id), len(ctx_sents[k]), str(r.text),
                     r.date if "date" in gold.columns else None))
    sents = pd.DataFrame(rows, columns=["doc_id", "sent_id", "text", "date"])
    ments = find_mentions(sents)
    docs = coref._parse(sents["text"].tolist(), ner=True)
    labels = get_matcher().labels
    by_sent: dict[tuple[str, int], list[dict]] = {}
    for m in ments.itertuples(index=False):
        if pd.notna(m.actor) and str(m.actor):
            by_sent.setdefault((m.doc_id, int(m.sent_id)), []).append(
                {"start": m.start, "end": m.end, "actor": str(m.actor), "surface": m.surface,
                 "kind": str(m.kind), "name": labels.get(str(m.actor), m.surface)})
    for (d, s), doc in zip(zip(sents["doc_id"], sents["sent_id"], strict=True), docs,
                           strict=True):
        have = by_sent.setdefault((d, int(s)), [])
        for e in doc.ents:
            if e.label_ in ("PER", "ORG") and _name_tokens(e.text) and e.text[:1].isupper() \
                    and "\n" not in e.text and not any(
                    x["start"] < e.end_char and e.start_char < x["end"] for x in have):
                have.append({"start": e.start_char, "end": e.end_char,
                             "actor": "ner:" + "_".join(_name_tokens(e.text)[-1:]),
                             "surface": e.text, "name": e.text,
                             "kind": "person" if e.label_ == "PER" else "organisation"})
        have.sort(key=lambda x: x["start"])
    return [coref._Article([sents.at[i, "text"] for i in sub], [docs[i] for i in sub],
                           [by_sent.get((d, j), []) for j in range(len(sub))])
            for d, sub in ((str(r.item_id), sents.index[sents["doc_id"] == str(r.item_id)].tolist())
                           for r in gold.itertuples(index=False))]


def evaluate_coreference(gold: pd.DataFrame | None = None,
                         folds: Sequence[str] = ("train", "dev"),
                         methods: Sequence[str] = ("rules", "nearest", "previous-subject"),
                         return_items: bool = False):
    """Run ``presse.coref`` and its baselines on the coreference gold and score them.

    Each item's context is split into sentences (``presse.nlp.segment``), the sentences are
    parsed, and the candidate mentions are the actor file's (``presse.actors.find_mentions``
    with the item's date) plus spaCy person / organisation entities not covered by them, so
    people outside the file count. Output: one row per (method, group) with ``link_scores``
    columns, groups ``all``, ``kind=pronoun`` / ``kind=description`` and ``where=...``
    (empty ``where`` = ``none``). With ``return_items``, also the per-item predictions.
    """
    gold = load_coreference_gold() if gold is None else gold
    gold = gold[gold["fold"].isin(folds)].reset_index(drop=True) if folds else gold
    articles = coreference_articles(gold)
    return score_coreference(gold, articles, methods, return_items)


def score_coreference(gold: pd.DataFrame, articles: list, methods: Sequence[str],
                      return_items: bool = False):
    """Scores of ``evaluate_coreference`` from prepared ``coreference_articles``."""
    from presse import coref

    items = []
    for r, art in zip(gold.itertuples(index=False), articles, strict=True):
        d = str(r.item_id)
        entity = r.referent not in ("NONE", "UNKNOWN", "")
        for method in methods:
            c, rule, _score = coref.resolve_marked(art, len(art.texts) - 1, int(r.start), int(r.end),
                                                   r.kind, method)
            name = c.name if c is not None and c.actor else ""
            items.append({"item_id": d, "method": method, "kind": r.kind,
                          "where": r.where or "none", "fold": r.fold, "entity": entity,
                          "predicted": bool(name), "name": name, "rule": rule,
                          "referent": r.referent, "correct": bool(name) and entity and
                          names_match(name, [r.referent, r.antecedent])})
    items = pd.DataFrame(items)
    out = []
    for method, g in items.groupby("method", sort=False):
        groups = [("all", g)] + [(f"kind={k}", x) for k, x in g.groupby("kind")] + \
            [(f"where={w}", x) for w, x in g.groupby("where")]
        for name, x in groups:
            out.append({"method": method, "group": name,
                        **link_scores(x["entity"], x["predicted"], x["correct"])})
    scores = pd.DataFrame(out)
    return (scores, items) if return_items else scores
