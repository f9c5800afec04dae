"""The trainable tone option kept for users with labelled sentences (TF-IDF + logistic
regression, :func:`make_model`), and the textblob-fr baseline. The default tone method is
the learned model of :mod:`presse.tone`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from presse.config import RANDOM_STATE, pinned_threads
from presse.sentiment.lexicon import LABELS, labels_from_scores
from presse.sentiment.tokens import _TOKEN, _as_series, _normalise


def _textblob_scores(s: pd.Series, band: float) -> pd.DataFrame:
    """Baseline: textblob-fr's own PatternAnalyzer polarity (one call per text, as shipped)."""
    from textblob_fr.sentiments import PatternAnalyzer

    analyzer = PatternAnalyzer()
    present = s.notna().to_numpy()
    score = np.full(len(s), np.nan)
    score[present] = [analyzer.analyze(t)[0] for t in s[present]]
    score = np.clip(score, -1.0, 1.0)
    return pd.DataFrame({"score": score, "label": labels_from_scores(score, band),
                         "n_hits": np.nan, "n_tokens": np.nan})


def make_model(C: float = 4.0):
    """scikit-learn Pipeline: TF-IDF word (1-2) + char_wb (2-5) n-grams, logistic regression.

    Deterministic (liblinear-free ``lbfgs`` with a fixed ``random_state``). Fit it on your
    own labelled sentences with :func:`fit_model`; score with
    ``score_texts(texts, method="model", model=...)``.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion([
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=1,
                                 sublinear_tf=True, token_pattern=r"(?u)\b\w[\w']*\b")),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2,
                                 sublinear_tf=True, max_features=200_000)),
    ])
    clf = LogisticRegression(C=C, max_iter=2000, class_weight="balanced",
                             random_state=RANDOM_STATE)
    return Pipeline([("features", features), ("clf", clf)])


def fit_model(texts: Sequence[str], labels: Sequence[str], C: float = 4.0):
    """Fit :func:`make_model` on labelled texts (labels among pos/neu/neg)."""
    s = _as_series(texts)
    y = pd.Series(list(labels), dtype=object)
    if len(y) != len(s):
        raise ValueError(f"fit_model: {len(s)} texts but {len(y)} labels")
    unknown = set(y.dropna()) - set(LABELS)
    if unknown:
        raise ValueError(f"fit_model: unknown labels {sorted(unknown)}; use {LABELS}")
    keep = (s.notna() & y.notna()).to_numpy()
    if pd.Series(y[keep]).nunique() < 2:
        raise ValueError("fit_model: need at least two classes among the labelled texts")
    model = make_model(C=C)
    with pinned_threads():
        model.fit(_normalise(s[keep]).to_numpy(), y[keep].to_numpy())
    return model


def cross_validate_model(
    texts: Sequence[str],
    labels: Sequence[str],
    groups: Sequence | None = None,
    n_splits: int = 5,
    C: float = 4.0,
) -> pd.DataFrame:
    """Out-of-fold predictions of the trainable pipeline.

    Folds are grouped by ``groups`` (e.g. ``doc_id``, so that no article is in both the
    training and the test fold: ``GroupKFold``, with ``n_splits`` capped at the number of
    groups) or stratified by label with a fixed random state when ``groups`` is None.
    Returns a DataFrame (same order as the input) with ``label_true``, ``score``, ``label``
    and ``fold``.
    """
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    s = _as_series(texts).fillna("")
    y = np.asarray(list(labels), dtype=object)
    if groups is not None:
        g = np.asarray(list(groups))
        k = min(n_splits, len(np.unique(g)))
        if k < 2:
            raise ValueError("cross_validate_model: need at least two groups")
        splits = GroupKFold(n_splits=k).split(s, y, g)
    else:
        splits = StratifiedKFold(n_splits=n_splits, shuffle=True,
                                 random_state=RANDOM_STATE).split(s, y)
    out = pd.DataFrame({"label_true": y, "score": np.nan, "label": None, "fold": -1})
    for fold, (tr, te) in enumerate(splits):
        m = fit_model(s.iloc[tr].tolist(), y[tr], C=C)
        sc = model_scores(s.iloc[te].reset_index(drop=True), m)
        out.loc[te, "score"] = sc["score"].to_numpy()
        out.loc[te, "label"] = sc["label"].to_numpy()
        out.loc[te, "fold"] = fold
    return out


def model_scores(s: pd.Series, model, neutral_band: float | None = None) -> pd.DataFrame:
    """Scores of a fitted :func:`make_model` pipeline: score = p_pos - p_neg, label = argmax
    (or the band around 0 when ``neutral_band``), n_hits = n_tokens = number of tokens."""
    present = s.notna().to_numpy()
    score = np.full(len(s), np.nan)
    label = np.full(len(s), None, dtype=object)
    if present.any():
        x = _normalise(s[present]).to_numpy()
        proba = model.predict_proba(x)
        classes = list(model.classes_)
        p_pos = proba[:, classes.index("pos")] if "pos" in classes else 0.0
        p_neg = proba[:, classes.index("neg")] if "neg" in classes else 0.0
        sc = np.clip(p_pos - p_neg, -1.0, 1.0)
        score[present] = sc
        if neutral_band:
            label[present] = labels_from_scores(sc, float(neutral_band))
        else:
            label[present] = np.asarray(classes, dtype=object)[proba.argmax(axis=1)]
    ntok = np.zeros(len(s), dtype=np.int64)
    if present.any():
        ntok[present] = _normalise(s[present]).str.findall(_TOKEN).str.len().to_numpy()
    return pd.DataFrame({"score": score, "label": label,
                         "n_hits": np.where(present, ntok, 0), "n_tokens": ntok})
