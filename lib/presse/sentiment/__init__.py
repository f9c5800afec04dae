"""Tone of French news text: a rule-aware lexicon scorer, a trainable option, aggregation.

What it measures
    The *framing* of a text: how many evaluative words it uses, in which direction, after
    French negation, intensity and contrast rules. It does not know who says what, cannot
    see irony, and treats a factual report of a bad event as neutral only when the report
    avoids evaluative words.

Methods (``score_texts(texts, method=...)``)
    * ``"learned"`` (default): the learned tone model of :mod:`presse.tone`;
    * ``"lexicon"``: the rule-aware lexicon scorer, :class:`LexiconScorer`
      (:mod:`presse.sentiment.lexicon`: lexicon, French rules, every setting a parameter);
    * ``"model"`` / ``"textblob"``: a pipeline trained on your own labels, the textblob-fr
      baseline (:mod:`presse.sentiment.legacy`).

Modules: :mod:`~presse.sentiment.tokens` (batch tokeniser and stemmer),
:mod:`~presse.sentiment.lexicon`, :mod:`~presse.sentiment.legacy`,
:mod:`~presse.sentiment.aggregate` (tone per article, paragraph, actor). Agreement,
confusion tables and the bootstrap live in :mod:`presse.evaluate`, the figure in
:mod:`presse.plots`; both are re-exported here under their old names.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from presse.config import PACKAGE_DATA  # noqa: F401
from presse.evaluate import (
    bootstrap_mean_ci,
    confusion_table,
    match_annotations,
)
from presse.evaluate import method_agreement as agreement
from presse.plots import plot_article_tone
from presse.sentiment.aggregate import actor_tone, aggregate_tone, article_tone
from presse.sentiment.legacy import (
    _textblob_scores,
    cross_validate_model,
    fit_model,
    make_model,
    model_scores,
)
from presse.sentiment.lexicon import *
from presse.sentiment.lexicon import (  # noqa: F401
    LABELS,
    NEUTRAL_BAND,
    LexiconScorer,
    clear_memos,
    default_scorer,
    labels_from_scores,
    load_lexicon,
)
from presse.sentiment.tokens import _as_series
from presse.text import join_key as normalise_for_join

__all__ = [
    "LABELS",
    "NEUTRAL_BAND",
    "LexiconScorer",
    "actor_tone",
    "aggregate_tone",
    "agreement",
    "article_tone",
    "bootstrap_mean_ci",
    "confusion_table",
    "cross_validate_model",
    "fit_model",
    "load_lexicon",
    "make_model",
    "match_annotations",
    "normalise_for_join",
    "plot_article_tone",
    "score_texts",
    "sentiment_table",
]


def score_texts(
    texts: Iterable[str | None],
    method: str = "learned",
    *,
    neutral_band: float | None = None,
    model=None,
    addendum: bool = True,
    stem: bool = True,
    rules: bool = True,
    scorer: LexiconScorer | None = None,
) -> pd.DataFrame:
    """Score a batch of texts.

    Parameters
    ----------
    texts : sequence of str (None / NaN allowed)
    method : ``"learned"`` (default: the learned tone model of :mod:`presse.tone`, the
        shipped one or ``model`` = a :class:`presse.tone.ToneModel` or a path to a model
        file from ``presse train tone``), ``"lexicon"`` (the rule-aware lexicon scorer),
        ``"model"`` (a scikit-learn pipeline from :func:`fit_model`, passed as ``model``)
        or ``"textblob"`` (the textblob-fr baseline, not vectorised; ``n_hits`` and
        ``n_tokens`` are NaN).
    neutral_band : half-width of the ``neu`` band on the score; default
        :data:`NEUTRAL_BAND` for the lexicon, 0 for a model (argmax label).
    addendum, stem, rules : switch off the addendum, the inflection fallback or the
        French rules (ablations; lexicon method only).
    scorer : a :class:`LexiconScorer` with other parameters (lexicon method; then
        ``addendum``, ``stem`` and ``rules`` are the scorer's).

    Returns
    -------
    DataFrame, one row per input in the same order (index 0..n-1), columns
    ``score`` (float in [-1, 1]), ``label`` (``pos`` / ``neu`` / ``neg``), ``n_hits``
    (matched lexicon words; 0 means "no evidence", e.g. empty or non-French text),
    ``n_tokens``. None/NaN inputs give ``score`` NaN and ``label`` None; empty strings
    give 0.0 and ``neu``. Non-string items raise ``TypeError`` naming the position.
    The learned method adds ``p_neg``, ``p_neu``, ``p_pos`` (calibrated probabilities);
    its ``score`` is ``p_pos - p_neg`` and ``n_hits`` is the number of lexicon words.
    """
    s = _as_series(texts)
    if method == "learned":
        from presse import tone

        m = model if isinstance(model, tone.ToneModel) else tone.load_model(model)
        out = tone.as_frame(m, s)
        if neutral_band:
            out["label"] = np.where(out["score"].isna(), None,
                                    labels_from_scores(out["score"].to_numpy(),
                                                        float(neutral_band)))
        return out
    if method == "lexicon":
        scorer = scorer or default_scorer(bool(addendum), bool(stem), bool(rules))
        return scorer.score(s, neutral_band)
    if method == "model":
        if model is None:
            raise ValueError("method='model' needs a fitted pipeline: score_texts(..., model=fit_model(...))")
        return model_scores(s, model, neutral_band)
    if method == "textblob":
        return _textblob_scores(s, 0.0 if neutral_band is None else float(neutral_band))
    raise ValueError(
        f"unknown method {method!r}: use 'learned', 'lexicon', 'model' or 'textblob'")


def sentiment_table(sentences: pd.DataFrame, method: str = "learned",
                    model=None) -> pd.DataFrame:
    """Build step: the sentiment table of DESIGN.md from the sentences table.

    Input: ``sentences`` (doc_id, sent_id, para_id, text). ``method``: ``"learned"``
    (default; ``model`` = a model file from ``presse train tone`` or None for the shipped
    one) or ``"lexicon"``. Output: doc_id, sent_id, score, label (pos / neu / neg), method,
    n_hits, and for the learned method p_neg, p_neu, p_pos; sorted by doc_id, sent_id.
    """
    missing = {"doc_id", "sent_id", "text"} - set(sentences.columns)
    if missing:
        raise ValueError(f"sentiment_table: sentences table lacks columns {sorted(missing)}")
    if method not in {"learned", "lexicon"}:
        raise ValueError(f"sentiment_table: method {method!r} is not 'learned' or 'lexicon'")
    sc = score_texts(sentences["text"].tolist(), method=method,
                     model=model if method == "learned" else None)
    out = pd.DataFrame({
        "doc_id": sentences["doc_id"].to_numpy(),
        "sent_id": sentences["sent_id"].to_numpy(),
        "score": sc["score"].to_numpy(),
        "label": sc["label"].to_numpy(),
        "method": method,
        "n_hits": sc["n_hits"].to_numpy(),
    })
    for c in ("p_neg", "p_neu", "p_pos"):
        if c in sc:
            out[c] = sc[c].to_numpy(dtype=float)
    return out.sort_values(["doc_id", "sent_id"], ignore_index=True)
