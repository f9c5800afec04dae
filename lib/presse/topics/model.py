"""Fitting topic models (NMF on TF-IDF, LDA on counts, MiniBatchNMF), deterministically, into a
:class:`TopicModel` holding the ``topics`` and ``doc_topics`` tables.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from presse import config
from presse.topics.vectorize import FrenchVectorizer

# ---------------------------------------------------------------------------
# Fitting
# ---------------------------------------------------------------------------

METHODS = ("nmf", "lda", "minibatch_nmf")
#: Decimals kept in the output tables (last-bit noise never shows).
_DECIMALS = 12


def _make_model(method: str, n_topics: int, random_state: int, **kwargs):
    from sklearn.decomposition import NMF, LatentDirichletAllocation, MiniBatchNMF

    if method == "nmf":
        # tol=1e-3: the top words no longer move (98.5% top-10 agreement with tol=1e-4 on 10k
        # news articles) and the fit is a third faster.
        params = {"init": "nndsvd", "solver": "cd", "max_iter": 400, "tol": 1e-3, "shuffle": False}
        params.update(kwargs)
        return NMF(n_components=n_topics, random_state=random_state, **params)
    if method == "minibatch_nmf":
        params = {"init": "nndsvda", "batch_size": 2048, "max_iter": 200, "tol": 1e-4}
        params.update(kwargs)
        return MiniBatchNMF(n_components=n_topics, random_state=random_state, **params)
    if method == "lda":
        params = {"learning_method": "online", "batch_size": 512, "max_iter": 10,
                  "doc_topic_prior": None, "topic_word_prior": None}
        params.update(kwargs)
        return LatentDirichletAllocation(n_components=n_topics, random_state=random_state,
                                         **params)
    raise ValueError(f"method must be one of {METHODS}, got {method!r}")


#: Significant digits kept in LDA's topic-word pseudo-counts after every minibatch.
LDA_SIGNIFICANT_DIGITS = 7


def _round_significant(a: np.ndarray, digits: int) -> np.ndarray:
    """``a`` rounded to ``digits`` significant digits (positive arrays)."""
    with np.errstate(divide="ignore"):
        mag = np.floor(np.log10(np.where(a > 0, a, 1.0)))
    scale = np.power(10.0, digits - 1 - mag)
    return np.round(a * scale) / scale


def _fit_lda_reproducible(model, X) -> np.ndarray:
    """Online variational Bayes for LDA, the same steps as ``model.fit`` but reproducible.

    Why scikit-learn's ``fit`` is not: with the same seed, the same single BLAS thread
    (threadpoolctl limits are in force inside the fit; ``n_jobs=None`` runs no joblib
    workers) and the same sorted float64 matrix, two fits of 10k news articles differed by
    1.5e-11 in ``components_``. Each document's E-step runs small vector-matrix products
    (``np.dot`` -> OpenBLAS gemv) and numpy reductions on freshly allocated slices
    (``exp_topic_word_distr[:, ids]``); their SIMD kernels sum in an order that depends
    on the memory alignment of those temporaries, so the last bits vary between runs.
    Online updates feed every minibatch's result into the next, and the 1e-16 relative
    differences grow to differences that survive rounding the output to 12 decimals.
    Batch learning and float32 have the same kernels, so they do not help.

    Here the model is trained minibatch by minibatch with ``partial_fit`` (identical
    updates: same minibatches, same learning rate schedule, ``total_samples`` = number of
    documents), and after each step the topic-word pseudo-counts are rounded to
    :data:`LDA_SIGNIFICANT_DIGITS` significant digits: last-bit noise is snapped away
    before the next step can amplify it. Returns the (unrounded) document-topic matrix.
    """
    from scipy.special import psi
    from sklearn.utils import gen_batches

    n = X.shape[0]
    model.set_params(total_samples=n)
    for _ in range(model.max_iter):
        for sl in gen_batches(n, model.batch_size):
            model.partial_fit(X[sl])
            model.components_ = _round_significant(model.components_, LDA_SIGNIFICANT_DIGITS)
            # E[log beta] of the rounded pseudo-counts (what partial_fit caches for the next step)
            c = model.components_
            model.exp_dirichlet_component_ = np.exp(psi(c) - psi(c.sum(axis=1))[:, None])
    model.n_iter_ = model.max_iter
    return np.asarray(model.transform(X))


def _default_vectorizer(method: str, bigrams: bool = True) -> FrenchVectorizer:
    return FrenchVectorizer(weighting="count" if method == "lda" else "tfidf", bigrams=bigrams)


def _normalise_rows(W: np.ndarray) -> np.ndarray:
    s = W.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(s > 0, W / np.where(s > 0, s, 1.0), 0.0)
    return out


def _top_indices(components: np.ndarray, n: int) -> np.ndarray:
    # stable sort on (-weight, term index): ties broken deterministically
    return np.argsort(-components, axis=1, kind="stable")[:, :n]


def _label(terms: Sequence[str], n: int = 3) -> str:
    """The first ``n`` terms that add a word: "sommet anchorage" after "sommet" and
    "anchorage" (or "maison" after "maison blanche") is skipped."""
    picked: list[str] = []
    seen: set[str] = set()
    for t in terms:
        words = set(t.split())
        if words <= seen:
            continue
        picked.append(t)
        seen |= words
        if len(picked) == n:
            break
    return " · ".join(picked)


@dataclass
class TopicModel:
    """A fitted topic model and its tables.

    Attributes
    ----------
    topics : DataFrame -- topic_id (0 = most prevalent), label (three top terms, skipping
        a term whose words an earlier one already gives), top_terms
        (comma-separated, best first), prevalence (mean share over units).
    doc_topics : DataFrame -- unit_id, topic_id, weight (share of the unit given to the
        topic; rows of a unit sum to 1, or to 0 for a unit with no modelled term), score
        (raw model weight). Every (unit, topic) pair, sorted by unit then topic.
    doc_topic_matrix : units x topics array of shares; ``components_`` topics x terms.
    """

    method: str
    n_topics: int
    random_state: int
    vectorizer: FrenchVectorizer
    model: object
    feature_names: np.ndarray
    components_: np.ndarray
    order: np.ndarray
    unit_ids: list
    doc_topic_matrix: np.ndarray
    raw_weights: np.ndarray
    top_n: int = 10
    fit_seconds: float = float("nan")
    fit_cpu_seconds: float = float("nan")
    topics: pd.DataFrame = field(default_factory=pd.DataFrame)
    doc_topics: pd.DataFrame = field(default_factory=pd.DataFrame)

    def top_terms(self, n: int | None = None) -> list[list[str]]:
        """The ``n`` best terms of every topic, in topic order."""
        idx = _top_indices(self.components_, n or self.top_n)
        return [[str(self.feature_names[j]) for j in row] for row in idx]

    def _raw_transform(self, X) -> np.ndarray:
        with config.pinned_threads():
            W = self.model.transform(X)
        return np.round(np.asarray(W)[:, self.order], _DECIMALS)

    def transform(self, texts: Iterable[str], unit_ids: Sequence | None = None) -> pd.DataFrame:
        """Topic shares of unseen texts: DataFrame unit_id, topic_id, weight, score."""
        texts = list(texts)
        X = self.vectorizer.transform(texts)
        raw = self._raw_transform(X)
        ids = list(range(len(texts))) if unit_ids is None else list(unit_ids)
        return _doc_topics_frame(ids, np.round(_normalise_rows(raw), _DECIMALS), raw)


def _doc_topics_frame(unit_ids: Sequence, shares: np.ndarray, raw: np.ndarray) -> pd.DataFrame:
    n, k = shares.shape
    return pd.DataFrame(
        {
            "unit_id": np.repeat(np.asarray(unit_ids, dtype=object), k),
            "topic_id": np.tile(np.arange(k), n),
            "weight": shares.reshape(-1),
            "score": raw.reshape(-1),
        }
    )


def _check_sizes(n_units: int, n_topics: int) -> None:
    if not isinstance(n_topics, (int, np.integer)) or n_topics < 1:
        raise ValueError(f"n_topics must be a positive integer, got {n_topics!r}")
    if n_units < n_topics:
        raise ValueError(
            f"cannot fit {n_topics} topics on {n_units} texts: a topic model needs more "
            f"texts (units) than topics. Use fewer topics, or smaller units (paragraphs)."
        )


def fit_topics(
    texts: Iterable[str],
    n_topics: int,
    method: str = "nmf",
    random_state: int = config.RANDOM_STATE,
    unit_ids: Sequence | None = None,
    vectorizer: FrenchVectorizer | None = None,
    X=None,
    top_n: int = 10,
    bigrams: bool = True,
    **model_kwargs,
) -> TopicModel:
    """Fit a topic model on French texts and return a :class:`TopicModel`.

    Parameters
    ----------
    texts : the units to model (paragraphs for a handful of articles, documents otherwise).
    n_topics : number of topics (see :func:`sweep` to choose it).
    method : "nmf" (TF-IDF, NNDSVD initialisation: deterministic, the default), "lda"
        (counts, online variational Bayes made reproducible, see
        :func:`_fit_lda_reproducible`) or "minibatch_nmf" (TF-IDF, for 100k+ units).
    random_state : seed for every stochastic step.
    unit_ids : identifiers of the texts (default 0..n-1), used in ``doc_topics``.
    vectorizer : an unfitted :class:`FrenchVectorizer` (default: TF-IDF for NMF, counts
        for LDA; pass your own to change pruning, bigrams or stop words).
    X : an already vectorised matrix from ``vectorizer`` (fitted) -- skips vectorising.
    top_n : number of terms in ``topics.top_terms``.
    bigrams : the default vectoriser also counts bigrams of adjacent content words
        ("maison blanche", "gilet jaune"): they name things unigrams split, and raised both
        NPMI and agreement with news sections in the benchmark (benchmarks/topics.py).
    **model_kwargs : passed to the scikit-learn estimator (e.g. ``max_iter``).

    The fit runs with BLAS threads pinned to one (``presse.config.pinned_threads``), so
    the same seed gives identical tables. Topics are renumbered by decreasing prevalence.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    texts = list(texts)
    if X is None:
        _check_sizes(len(texts), n_topics)
        vectorizer = vectorizer if vectorizer is not None else _default_vectorizer(method, bigrams)
        X = vectorizer.fit_transform(texts)
    elif vectorizer is None:
        raise ValueError("pass the fitted vectorizer together with X")
    n_units = X.shape[0]
    _check_sizes(n_units, n_topics)
    ids = list(range(n_units)) if unit_ids is None else list(unit_ids)
    if len(ids) != n_units:
        raise ValueError(f"{len(ids)} unit_ids for {n_units} texts")
    if X.shape[1] < n_topics:
        raise ValueError(
            f"only {X.shape[1]} distinct terms survive pruning for {n_topics} topics; "
            "use fewer topics or a lower min_df"
        )
    model = _make_model(method, int(n_topics), random_state, **model_kwargs)
    t0, c0 = time.perf_counter(), time.process_time()
    with config.pinned_threads(), warnings.catch_warnings():
        warnings.simplefilter("ignore", category=Warning)  # ConvergenceWarning on tiny data
        if method == "lda" and model.get_params()["learning_method"] == "online":
            raw = _fit_lda_reproducible(model, X)
        else:
            raw = np.asarray(model.fit_transform(X))
    fit_seconds = time.perf_counter() - t0
    fit_cpu_seconds = time.process_time() - c0
    # numpy's SIMD reductions can differ in the last bits between runs (memory alignment):
    # LDA showed 5e-14 differences with the same seed. Rounding to 12 decimals makes the
    # same seed give identical tables.
    raw = np.round(raw, _DECIMALS)
    comps = np.round(np.asarray(model.components_, dtype=float), _DECIMALS)
    if method == "lda":  # topic-word distributions
        comps = np.round(comps / comps.sum(axis=1, keepdims=True), _DECIMALS)
    shares = np.round(_normalise_rows(raw), _DECIMALS)
    names = np.asarray(vectorizer.get_feature_names_out())
    # order topics by prevalence (mean share), ties by best term: stable and readable
    prevalence = shares.mean(axis=0)
    first_term = [str(names[j]) for j in _top_indices(comps, 1)[:, 0]]
    order = np.array(sorted(range(n_topics), key=lambda t: (-round(prevalence[t], 12),
                                                             first_term[t], t)))
    tm = TopicModel(
        method=method, n_topics=int(n_topics), random_state=random_state,
        vectorizer=vectorizer, model=model, feature_names=names,
        components_=comps[order], order=order, unit_ids=ids,
        doc_topic_matrix=shares[:, order], raw_weights=raw[:, order], top_n=top_n,
        fit_seconds=fit_seconds, fit_cpu_seconds=fit_cpu_seconds,
    )
    terms = tm.top_terms(top_n)
    labels = [_label(t) for t in terms]
    seen: dict[str, int] = {}
    for i, lab in enumerate(labels):  # labels must identify topics
        if lab in seen:
            labels[i] = f"{lab} ({i})"
        seen[lab] = i
    tm.topics = pd.DataFrame(
        {
            "topic_id": np.arange(n_topics),
            "label": labels,
            "top_terms": [", ".join(t) for t in terms],
            "prevalence": tm.doc_topic_matrix.mean(axis=0),
        }
    )
    tm.doc_topics = _doc_topics_frame(ids, tm.doc_topic_matrix, tm.raw_weights)
    return tm


def main_topic(doc_topics: pd.DataFrame) -> pd.DataFrame:
    """Each unit's main topic: DataFrame unit_id, topic_id, weight (-1 when no term)."""
    d = doc_topics.sort_values(["unit_id", "weight", "topic_id"], ascending=[True, False, True],
                               kind="mergesort")
    top = d.drop_duplicates("unit_id")[["unit_id", "topic_id", "weight"]].copy()
    top.loc[top["weight"] <= 0, "topic_id"] = -1
    return top.reset_index(drop=True)
