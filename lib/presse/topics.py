"""Topic models for French news: vectorising, fitting, choosing k, evidence and contrasts.

What is here
------------
- :class:`FrenchVectorizer` -- a scikit-learn compatible vectoriser for French: NFC,
  non-breaking spaces (U+00A0, U+202F) as spaces, typographic apostrophes folded, elisions
  (l', d', qu', j', n', s', c', jusqu', lorsqu', ...) stripped, accents kept, our own
  stop-word list (``presse/data/stopwords_fr.txt``: spaCy's French list, curated, plus news
  function words), lemmas, corpus-level frequency pruning (``min_df``/``max_df``) and
  optional bigrams.
- :func:`fit_topics` -- NMF on TF-IDF (default; deterministic NNDSVD initialisation and a
  cyclic coordinate-descent solver), LDA on counts, or MiniBatchNMF for large corpora. The
  returned :class:`TopicModel` holds the ``topics`` and ``doc_topics`` tables of DESIGN.md
  and applies itself to unseen texts with :meth:`TopicModel.transform`.
- :func:`sweep` / :func:`choose_n_topics` / :func:`plot_sweep` -- choosing the number of
  topics from NPMI coherence, topic diversity and stability.
- :func:`topic_prevalence`, :func:`representative_units`, :func:`distinctive_words` --
  how much each article or period gives to each topic, the paragraphs that carry a topic,
  and the words that set a group apart (weighted log-odds, Monroe et al. 2008).
- :func:`topics_tables` -- the ``presse build`` step (topics + doc_topics tables).

Lemmas come from :class:`presse.text.FrenchLemmatizer` (spaCy's French lookup tables, context
free, see there for why); normalisation, elisions and stop words from :mod:`presse.text`.
"""

from __future__ import annotations

import itertools
import math
import re
import time
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from presse import config
from presse.plots import (
    plot_sweep,
    plot_topic_heatmap,
    plot_topic_timeline,
)
from presse.text import (
    ELISION,
    INVERTED_PRONOUN,
    LETTER_WORD,
    FrenchLemmatizer,
    default_lemmatizer,
    function_words,
    normalize_for_matching,
)

__all__ = [
    "FrenchLemmatizer",
    "FrenchVectorizer",
    "TopicModel",
    "choose_n_topics",
    "distinctive_words",
    "fit_topics",
    "label_agreement",
    "load_stopwords",
    "main_topic",
    "normalize_text",
    "npmi_coherence",
    "plot_sweep",
    "plot_topic_heatmap",
    "plot_topic_timeline",
    "representative_units",
    "sweep",
    "topic_diversity",
    "topic_prevalence",
    "topic_stability",
    "topics_tables",
]

METHODS = ("nmf", "lda", "minibatch_nmf")
_DECIMALS = 12

# ---------------------------------------------------------------------------
# Text normalisation and tokens
# ---------------------------------------------------------------------------

#: Clause boundaries: bigrams never straddle them.
_CLAUSE = re.compile(r"[.!?;:()\[\]«»\"\u2026\u201c\u201d]|\s[-\u2013\u2014]\s|,")


#: Former name of :func:`presse.text.normalize_for_matching` (not :func:`presse.clean.normalize_text`,
#: the cleaning pipeline, which changes more).
normalize_text = normalize_for_matching


def _raw_tokens(text: str) -> list[list[str]]:
    """Word tokens of ``text`` grouped by clause, elisions stripped, case kept."""
    text = ELISION.sub(" ", normalize_for_matching(text))
    clauses = []
    for clause in _CLAUSE.split(text):
        toks = []
        for tok in LETTER_WORD.findall(clause):
            tok = INVERTED_PRONOUN.sub("", tok)
            if tok:
                toks.append(tok)
        if toks:
            clauses.append(toks)
    return clauses


def load_stopwords(path: str | None = None) -> frozenset[str]:
    """The stop-word list (``presse.text.function_words("stop")``), or one read from ``path``
    (one entry per line, ``#`` comments)."""
    return function_words("stop", path)


_default_lemmatizer = default_lemmatizer


# ---------------------------------------------------------------------------
# Vectoriser
# ---------------------------------------------------------------------------

try:  # scikit-learn base classes give get_params/set_params/clone and the fit/transform API
    from sklearn.base import BaseEstimator, TransformerMixin
except ImportError:  # pragma: no cover - scikit-learn is a core dependency
    BaseEstimator = object  # type: ignore[assignment,misc]
    TransformerMixin = object  # type: ignore[assignment,misc]


class _Analyzer:
    """Terms of one text: words -> (stop words out) -> lemmas -> (stop words out) [+ bigrams].

    A class rather than a closure so that fitted vectorisers and models pickle.
    """

    def __init__(self, stop: frozenset[str], lemmatize: bool, min_len: int, bigrams: bool):
        self.stop = stop
        self.lemmatize = lemmatize
        self.min_len = min_len
        self.bigrams = bigrams
        self._cache: dict[str, str | None] = {}

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_cache"] = {}
        return state

    def term(self, word: str) -> str | None:
        try:
            return self._cache[word]
        except KeyError:
            pass
        res: str | None
        low = word.lower()
        if len(low) < self.min_len or low in self.stop:
            res = None
        else:
            res = _default_lemmatizer()(low) if self.lemmatize else low
            # Capitalised: probably a name ("Paris" is not the plural of "pari").
            # Only a plain plural keeps its lemma ("Européens" -> "européen").
            if (res != low and word[:1].isupper()
                    and not (low[-1] in "sx" and res == low[:-1] and res[-1] in "enté")):
                res = low
            if len(res) < self.min_len or res in self.stop:
                res = None
        self._cache[word] = res
        return res

    def __call__(self, text: str) -> list[str]:
        terms: list[str] = []
        term = self.term
        for clause in _raw_tokens(text):
            mapped = [term(w) for w in clause]
            terms.extend(t for t in mapped if t is not None)
            if self.bigrams:  # adjacent content words only (no stop word in between)
                terms.extend(f"{a} {b}" for a, b in itertools.pairwise(mapped)
                             if a is not None and b is not None)
        return terms


class FrenchVectorizer(TransformerMixin, BaseEstimator):
    """French-aware bag-of-words vectoriser (scikit-learn compatible).

    Parameters
    ----------
    weighting : "tfidf" (l2-normalised TF-IDF, for NMF) or "count" (raw counts, for LDA).
    lemmatize : map words to lemmas (see :class:`FrenchLemmatizer`).
    stop_words : "presse" (our list), None, or an iterable of words; matched against both
        the word and its lemma.
    extra_stop_words : words added to ``stop_words`` (e.g. the corpus' own boilerplate).
    min_df, max_df : corpus-level pruning as in scikit-learn (int = documents, float =
        share). ``min_df="auto"`` keeps terms found in at least ``max(2, n_docs // 1000)``
        documents (2 for small corpora, 10 for 10k documents, 100 for 100k): a term seen in
        fewer than 0.1% of the documents cannot define a topic, and the vocabulary (hence
        the fit time) stays bounded as the corpus grows.
    max_features : keep the most frequent terms only (None = all).
    bigrams : also count bigrams of adjacent content words within a clause ("premier
        ministre" -> "premier_ministre" is not produced because "premier" is a stop word;
        "maison blanche" -> "maison blanche" is).
    sublinear_tf : 1 + log(tf) instead of tf (TF-IDF only).
    min_token_len : shorter words are dropped.
    bigram_min_df : a bigram is kept only if found in at least this many documents;
        ``"auto"`` = twice the resolved integer ``min_df`` (20 for 10k documents, 4 for
        small corpora). A bigram is rarer than its words and takes their weight away from
        them: rare bigrams split a theme's vocabulary without naming anything new. On
        10k news articles this raised the agreement of NMF topics with sections on two
        of three samples and changed nothing on the third (README-topics.md), with 12%
        fewer terms.

    Attributes after ``fit``: ``vocabulary_``, ``get_feature_names_out()``, ``min_df_``,
    ``bigram_min_df_``.
    """

    def __init__(
        self,
        weighting: str = "tfidf",
        lemmatize: bool = True,
        stop_words="presse",
        extra_stop_words: Iterable[str] = (),
        min_df="auto",
        max_df: float = 0.5,
        max_features: int | None = None,
        bigrams: bool = False,
        sublinear_tf: bool = True,
        min_token_len: int = 2,
        bigram_min_df="auto",
    ) -> None:
        self.weighting = weighting
        self.lemmatize = lemmatize
        self.stop_words = stop_words
        self.extra_stop_words = extra_stop_words
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.bigrams = bigrams
        self.sublinear_tf = sublinear_tf
        self.min_token_len = min_token_len
        self.bigram_min_df = bigram_min_df

    # -- analysis -------------------------------------------------------------
    def _stop_set(self) -> frozenset[str]:
        if self.stop_words is None:
            base: frozenset[str] = frozenset()
        elif isinstance(self.stop_words, str):
            if self.stop_words != "presse":
                raise ValueError(
                    f"stop_words must be 'presse', None or a list of words, got {self.stop_words!r}"
                )
            base = load_stopwords()
        else:
            base = frozenset(normalize_for_matching(w).lower() for w in self.stop_words)
        extra = frozenset(normalize_for_matching(w).lower() for w in self.extra_stop_words)
        return base | extra

    def build_analyzer(self) -> _Analyzer:
        """Return a picklable callable ``str -> list[str]`` producing the terms of a text."""
        return _Analyzer(self._stop_set(), self.lemmatize, self.min_token_len, self.bigrams)

    def analyze(self, text: str) -> list[str]:
        """Terms of one text (convenience for inspection and tests)."""
        return self.build_analyzer()(text)

    # -- scikit-learn API -----------------------------------------------------
    def _resolve_min_df(self, n_docs: int):
        if self.min_df == "auto":
            return max(2, n_docs // 1000) if n_docs >= 4 else 1
        return self.min_df

    def _resolve_bigram_min_df(self, n_docs: int) -> int:
        if self.bigram_min_df == "auto":
            return 2 * self.min_df_ if isinstance(self.min_df_, int) else 1
        return int(self.bigram_min_df)

    def fit_transform(self, raw_documents, y=None):
        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

        if isinstance(raw_documents, str):
            raise TypeError("expected an iterable of texts, got a single string")
        docs = ["" if (d is None or (isinstance(d, float) and math.isnan(d))) else str(d)
                for d in raw_documents]
        if self.weighting not in ("tfidf", "count"):
            raise ValueError(f"weighting must be 'tfidf' or 'count', got {self.weighting!r}")
        self.min_df_ = self._resolve_min_df(len(docs))
        max_df = self.max_df
        # A tiny corpus cannot support both pruning thresholds; keep every term then.
        if (isinstance(max_df, float) and isinstance(self.min_df_, int)
                and max_df * len(docs) < self.min_df_):
            max_df = 1.0
        kw = {
            "analyzer": self.build_analyzer(),
            "min_df": self.min_df_,
            "max_df": max_df,
            "max_features": self.max_features,
            "dtype": np.float64,
        }
        # Counts first (one pass of the analyzer), then bigram pruning, then TF-IDF weights
        # computed on the kept terms only: the same numbers as TfidfVectorizer when no
        # bigram is pruned.
        counter = CountVectorizer(**kw)
        try:
            X = counter.fit_transform(docs)
        except ValueError as exc:  # empty vocabulary after pruning
            raise ValueError(
                f"no terms left to model in {len(docs)} texts after stop words and pruning "
                f"(min_df={self.min_df_}, max_df={max_df}): {exc}"
            ) from None
        names = counter.get_feature_names_out()
        self.bigram_min_df_ = self._resolve_bigram_min_df(len(docs))
        if self.bigrams and self.bigram_min_df_ > 1:
            df = np.bincount(X.indices, minlength=X.shape[1])
            is_bigram = np.char.find(names.astype(str), " ") >= 0
            keep = np.flatnonzero(~is_bigram | (df >= self.bigram_min_df_))
            if len(keep) == 0:
                raise ValueError(f"no terms left to model in {len(docs)} texts after pruning")
            if len(keep) < X.shape[1]:
                X = X[:, keep]
                names = names[keep]
                kw.pop("min_df"), kw.pop("max_df"), kw.pop("max_features")
                vocab = {str(t): i for i, t in enumerate(names)}
                counter = CountVectorizer(vocabulary=vocab, **kw)
                counter._validate_vocabulary()
        self._vec = counter
        self._tfidf = None
        if self.weighting == "tfidf":
            self._tfidf = TfidfTransformer(sublinear_tf=self.sublinear_tf)
            X = self._tfidf.fit_transform(X)
        X.sort_indices()
        self.vocabulary_ = self._vec.vocabulary_
        return X

    def fit(self, raw_documents, y=None):
        self.fit_transform(raw_documents)
        return self

    def transform(self, raw_documents):
        if not hasattr(self, "_vec"):
            raise RuntimeError("FrenchVectorizer is not fitted yet; call fit() first")
        docs = ["" if d is None else str(d) for d in raw_documents]
        X = self._vec.transform(docs)
        if self._tfidf is not None:
            X = self._tfidf.transform(X)
        X.sort_indices()
        return X

    def get_feature_names_out(self, input_features=None):
        return self._vec.get_feature_names_out()


# ---------------------------------------------------------------------------
# Fitting
# ---------------------------------------------------------------------------


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
    from sklearn.decomposition._online_lda_fast import _dirichlet_expectation_2d
    from sklearn.utils import gen_batches

    n = X.shape[0]
    model.set_params(total_samples=n)
    for _ in range(model.max_iter):
        for sl in gen_batches(n, model.batch_size):
            model.partial_fit(X[sl])
            model.components_ = _round_significant(model.components_, LDA_SIGNIFICANT_DIGITS)
            model.exp_dirichlet_component_ = np.exp(_dirichlet_expectation_2d(model.components_))
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


# ---------------------------------------------------------------------------
# Model quality: coherence, diversity, stability
# ---------------------------------------------------------------------------


def npmi_coherence(top_terms: Sequence[Sequence[int]], X_ref, eps: float = 1e-12) -> np.ndarray:
    """NPMI coherence of each topic from document co-occurrence (Bouma 2009; Röder 2015).

    ``top_terms`` are column indices of ``X_ref`` (documents x terms; any non-zero counts
    as presence). For each pair of top terms, NPMI = log(p(a,b) / p(a)p(b)) / -log p(a,b)
    with probabilities estimated as shares of reference documents containing the terms;
    a pair that never co-occurs scores -1. A topic's coherence is the mean over its pairs
    (range -1..1; 0 = independence). Returns one value per topic.
    """
    import scipy.sparse as sp

    B = (sp.csc_matrix(X_ref) != 0).astype(np.float64)
    n_docs = B.shape[0]
    out = []
    for idx in top_terms:
        idx = list(idx)
        sub = B[:, idx]
        co = np.asarray((sub.T @ sub).todense()) / n_docs
        p = np.diag(co).copy()
        vals = []
        for i in range(len(idx)):
            for j in range(i + 1, len(idx)):
                pij = co[i, j]
                if pij <= 0 or p[i] <= 0 or p[j] <= 0:
                    vals.append(-1.0)
                elif pij >= 1.0 - eps:
                    vals.append(1.0)
                else:
                    vals.append(math.log(pij / (p[i] * p[j])) / -math.log(pij))
        out.append(float(np.mean(vals)) if vals else float("nan"))
    return np.asarray(out)


def topic_diversity(top_terms: Sequence[Sequence], top_n: int = 25) -> float:
    """Share of unique terms among the top ``top_n`` terms of all topics (Dieng et al. 2020).

    1.0 = no topic shares a top term with another; low values = redundant topics.
    """
    lists = [list(t)[:top_n] for t in top_terms]
    total = sum(len(t) for t in lists)
    return len({w for t in lists for w in t}) / total if total else float("nan")


def topic_stability(runs: Sequence[Sequence[Sequence]], top_n: int = 10) -> float:
    """Mean top-term agreement of topics matched across runs (Greene et al. 2014).

    ``runs`` holds, for each fitted model, its topics' top-term lists. For each pair of
    runs, topics are matched one-to-one by the Hungarian algorithm on the share of shared
    top terms (|A ∩ B| / top_n); the score is the mean matched overlap, averaged over all
    pairs of runs. 1.0 = every run finds the same topics.
    """
    from scipy.optimize import linear_sum_assignment

    if len(runs) < 2:
        return float("nan")
    scores = []
    for a in range(len(runs)):
        for b in range(a + 1, len(runs)):
            A = [set(list(t)[:top_n]) for t in runs[a]]
            B = [set(list(t)[:top_n]) for t in runs[b]]
            sim = np.array([[len(x & y) / top_n for y in B] for x in A])
            r, c = linear_sum_assignment(-sim)
            scores.append(float(sim[r, c].sum() / max(len(A), len(B))))
    return float(np.mean(scores))


def sweep(
    texts: Iterable[str],
    ks: Iterable[int],
    seeds: Iterable[int] = (0, 1, 2),
    method: str = "nmf",
    subsample: float = 0.8,
    top_n: int = 10,
    diversity_top_n: int = 25,
    vectorizer: FrenchVectorizer | None = None,
    reference_texts: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Fit models for each number of topics and seed; report quality per k.

    The texts are vectorised once. For every k and seed, the model is fitted on a random
    ``subsample`` share of the units drawn with that seed (``subsample=1.0``: all units,
    only the model's seed varies) -- the stability analysis of Greene, O'Callaghan and
    Cunningham (2014), which shows whether a k finds the same topics on slightly different
    data.

    Returns one row per k (sorted): k, npmi (mean topic NPMI over seeds, see
    :func:`npmi_coherence`; reference = document co-occurrence in ``reference_texts``, by
    default the modelled texts themselves), npmi_sd (across seeds), diversity (top
    ``diversity_top_n`` terms, mean over seeds), stability (:func:`topic_stability` of the
    seeds' top ``top_n`` terms), n_units, fit_seconds (mean).
    """
    texts = list(texts)
    ks = sorted({int(k) for k in ks})
    seeds = list(seeds)
    if not ks:
        raise ValueError("ks is empty")
    vec = vectorizer if vectorizer is not None else _default_vectorizer(method)
    X = vec.fit_transform(texts)
    n = X.shape[0]
    n_fit = n if subsample >= 1.0 else max(1, round(subsample * n))
    if n_fit < max(ks):
        raise ValueError(
            f"cannot sweep up to {max(ks)} topics on {n_fit} texts "
            f"({n} texts, subsample={subsample}); use smaller ks"
        )
    if reference_texts is None:
        X_ref = X
    else:
        X_ref = vec.transform(list(reference_texts))
    rows = []
    for k in ks:
        runs, npmis, divs, secs = [], [], [], []
        for s in seeds:
            if n_fit < n:
                rows_idx = np.sort(np.random.default_rng(s).choice(n, n_fit, replace=False))
                Xs = X[rows_idx]
            else:
                Xs = X
            tm = fit_topics([], k, method=method, random_state=s, vectorizer=vec, X=Xs,
                            top_n=max(top_n, diversity_top_n))
            idx = _top_indices(tm.components_, max(top_n, diversity_top_n))
            terms = tm.top_terms(max(top_n, diversity_top_n))
            runs.append([t[:top_n] for t in terms])
            npmis.append(float(np.nanmean(npmi_coherence(idx[:, :top_n], X_ref))))
            divs.append(topic_diversity(terms, diversity_top_n))
            secs.append(tm.fit_seconds)
        rows.append(
            {"k": k, "npmi": float(np.mean(npmis)),
             "npmi_sd": float(np.std(npmis)) if len(npmis) > 1 else 0.0,
             "diversity": float(np.mean(divs)), "stability": topic_stability(runs, top_n),
             "n_units": n_fit, "fit_seconds": float(np.mean(secs))}
        )
    return pd.DataFrame(rows)


def choose_n_topics(sweep_table: pd.DataFrame, min_stability: float = 0.75,
                    min_diversity: float = 0.6) -> int:
    """Pick k from a :func:`sweep` table: the most coherent among stable, diverse ks.

    Rule: among ks whose stability >= ``min_stability`` and diversity >= ``min_diversity``,
    the k with the highest NPMI (ties: the smaller k). If no k qualifies, the most stable k
    (ties: the smaller). Stability comes first because topics that change with the seed or
    a 20% subsample are not something to report; coherence then prefers topics whose top
    words really occur together.
    """
    t = sweep_table.sort_values("k")
    ok = t[(t["stability"] >= min_stability) & (t["diversity"] >= min_diversity)]
    if len(ok):
        return int(ok.sort_values(["npmi", "k"], ascending=[False, True]).iloc[0]["k"])
    return int(t.sort_values(["stability", "k"], ascending=[False, True]).iloc[0]["k"])


# ---------------------------------------------------------------------------
# Prevalence, evidence, contrasts
# ---------------------------------------------------------------------------


def topic_prevalence(doc_topics: pd.DataFrame, units: pd.DataFrame, by: str = "doc_id",
                     length_weighted: bool = True) -> pd.DataFrame:
    """Share of each group (article, period, outlet ...) given to each topic.

    ``units`` has one row per unit: unit_id, the grouping column ``by`` and, for
    ``length_weighted`` (default), a ``text`` column: each unit then counts by its number
    of words, so a long paragraph weighs more than a one-line one in its article's share.
    Returns DataFrame ``by``, topic_id, share (shares of a group sum to 1 when its units
    have modelled terms), n_units. Sorted by group then topic.
    """
    if by not in units.columns:
        raise ValueError(f"units has no column {by!r} (columns: {list(units.columns)})")
    u = units[["unit_id", by] + (["text"] if length_weighted else [])].copy()
    u["_w"] = u["text"].fillna("").str.split().str.len().astype(float) if length_weighted else 1.0
    d = doc_topics[["unit_id", "topic_id", "weight"]].merge(u, on="unit_id", how="inner")
    d["_x"] = d["weight"] * d["_w"]
    g = d.groupby([by, "topic_id"], observed=True).agg(_x=("_x", "sum"), n_units=("unit_id", "nunique"))
    g = g.reset_index()
    tot = g.groupby(by, observed=True)["_x"].transform("sum")
    g["share"] = np.where(tot > 0, g["_x"] / tot.where(tot > 0, 1.0), 0.0)
    return g[[by, "topic_id", "share", "n_units"]].sort_values([by, "topic_id"]).reset_index(drop=True)


def representative_units(doc_topics: pd.DataFrame, units: pd.DataFrame, n: int = 3,
                         min_words: int = 15, min_weight: float = 0.0) -> pd.DataFrame:
    """The ``n`` units that most carry each topic: the evidence behind a topic.

    Ranked by raw model score (how strongly the topic's words weigh in the unit), then by
    share. Units shorter than ``min_words`` words (headings, one-liners) are skipped when the
    topic has enough longer ones: they reach a share of 1 with two words and show little.
    ``units`` must hold unit_id and text (other columns such as doc_id/para_id are kept).
    Returns DataFrame topic_id, rank (1 = most representative), unit_id, weight, score, plus
    the units' columns; sorted by topic then rank.
    """
    d = doc_topics[doc_topics["weight"] > min_weight]
    cols = [c for c in ("unit_id", "topic_id", "weight", "score") if c in d.columns]
    d = d[cols].copy()
    if "score" not in d.columns:
        d["score"] = d["weight"]
    n_words = units.set_index("unit_id")["text"].fillna("").str.split().str.len()
    d["_long"] = d["unit_id"].map(n_words).fillna(0) >= min_words
    d = d.sort_values(["topic_id", "_long", "score", "weight", "unit_id"],
                      ascending=[True, False, False, False, True], kind="mergesort")
    d = d.groupby("topic_id", sort=True).head(n).drop(columns="_long")
    d["rank"] = d.groupby("topic_id").cumcount() + 1
    out = d.merge(units, on="unit_id", how="left")
    first = ["topic_id", "rank", "unit_id", "weight", "score"]
    return out[first + [c for c in out.columns if c not in first]].reset_index(drop=True)


def distinctive_words(
    texts: Iterable[str],
    groups: Iterable,
    vectorizer: FrenchVectorizer | None = None,
    prior_scale: float | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Words that set each group apart from all the others (Monroe, Colaresi & Quinn 2008).

    Weighted log-odds ratio with an informative Dirichlet prior: for group i against the
    rest of the corpus (j), with counts y, totals n and prior pseudo-counts
    a_w = prior_scale * (count of w in the whole corpus), a0 = sum of a_w,

        delta_w = log((y_wi + a_w) / (n_i + a0 - y_wi - a_w))
                - log((y_wj + a_w) / (n_j + a0 - y_wj - a_w))
        var_w  ~= 1 / (y_wi + a_w) + 1 / (y_wj + a_w),   z_w = delta_w / sqrt(var_w).

    The prior (the corpus itself, scaled) shrinks rare words towards zero, so a word seen
    twice in one article does not outrank a word it uses thirty times more than the others.
    ``prior_scale`` defaults to 1 / (number of groups): the prior then weighs as much as an
    average group (with the whole corpus as prior, prior_scale=1, almost nothing reaches
    significance in a few short articles). |z| > 1.96 is the conventional threshold. Terms come from ``vectorizer`` (default: our
    French analyzer with lemmas and stop words, counts, no pruning).

    Returns DataFrame group, term, count (in group), count_rest, delta, z; sorted by group
    then descending z. Needs at least two groups.
    """
    texts = list(texts)
    groups = pd.Series(list(groups), dtype=object)
    if len(groups) != len(texts):
        raise ValueError(f"{len(groups)} group labels for {len(texts)} texts")
    levels = sorted(groups.dropna().unique(), key=str)
    if len(levels) < 2:
        raise ValueError("distinctive words need at least two groups to contrast")
    vec = vectorizer if vectorizer is not None else FrenchVectorizer(
        weighting="count", min_df=1, max_df=1.0)
    X = vec.fit_transform(texts).tocsr()
    names = np.asarray(vec.get_feature_names_out())
    y_all = np.asarray(X.sum(axis=0)).ravel().astype(float)
    scale = 1.0 / len(levels) if prior_scale is None else float(prior_scale)
    a = scale * y_all
    a0 = a.sum()
    frames = []
    for g in levels:
        mask = (groups == g).to_numpy()
        yi = np.asarray(X[mask].sum(axis=0)).ravel().astype(float)
        yj = y_all - yi
        ni, nj = yi.sum(), yj.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            li = np.log(yi + a) - np.log(ni + a0 - yi - a)
            lj = np.log(yj + a) - np.log(nj + a0 - yj - a)
            delta = li - lj
            var = 1.0 / (yi + a) + 1.0 / (yj + a)
            z = delta / np.sqrt(var)
        keep = (yi + yj) >= min_count
        frames.append(pd.DataFrame({"group": g, "term": names[keep], "count": yi[keep].astype(int),
                                    "count_rest": yj[keep].astype(int), "delta": delta[keep],
                                    "z": z[keep]}))
    out = pd.concat(frames, ignore_index=True)
    out["_g"] = out["group"].map({g: i for i, g in enumerate(levels)})
    out = out.sort_values(["_g", "z", "term"], ascending=[True, False, True], kind="mergesort")
    return out.drop(columns="_g").reset_index(drop=True)


def label_agreement(doc_topics: pd.DataFrame, gold: pd.DataFrame,
                    label: str = "theme") -> dict[str, object]:
    """Agreement of each unit's main topic with human labels (validation).

    ``gold`` holds unit_id and the ``label`` column. Each topic is mapped to the human label
    most frequent among the units whose main topic it is (ties: alphabetical) -- a
    many-to-one mapping fitted on the same labels, so the scores are an upper bound of what
    the topics can tell about the labels, not a held-out accuracy. Units without a modelled
    term (main topic -1) count as errors.

    Returns a dict: ``scores`` (DataFrame metric, value: n_units, accuracy, macro_f1,
    majority_baseline = accuracy of always answering the most frequent label, nmi, ari),
    ``confusion`` (crosstab human label x topic), ``mapping`` (DataFrame topic_id, label),
    ``units`` (unit_id, label, topic_id, predicted).
    """
    from sklearn.metrics import (
        accuracy_score,
        adjusted_rand_score,
        f1_score,
        normalized_mutual_info_score,
    )

    if label not in gold.columns or "unit_id" not in gold.columns:
        raise ValueError(f"gold needs columns unit_id and {label!r}")
    main = main_topic(doc_topics)
    d = gold[["unit_id", label]].merge(main[["unit_id", "topic_id"]], on="unit_id", how="inner")
    if d.empty:
        raise ValueError("no labelled unit matches the modelled units (check unit ids)")
    counts = d[d["topic_id"] >= 0].groupby(["topic_id", label]).size().reset_index(name="n")
    counts = counts.sort_values(["topic_id", "n", label], ascending=[True, False, True])
    mapping = counts.drop_duplicates("topic_id")[["topic_id", label]].reset_index(drop=True)
    d["predicted"] = d["topic_id"].map(dict(zip(mapping["topic_id"], mapping[label])))
    d["predicted"] = d["predicted"].fillna("(none)")
    labels = sorted(d[label].unique())
    majority = d[label].value_counts().iloc[0] / len(d)
    scores = pd.DataFrame({
        "metric": ["n_units", "accuracy", "macro_f1", "majority_baseline", "nmi", "ari"],
        "value": [float(len(d)), accuracy_score(d[label], d["predicted"]),
                  f1_score(d[label], d["predicted"], labels=labels, average="macro",
                           zero_division=0),
                  majority, normalized_mutual_info_score(d[label], d["topic_id"]),
                  adjusted_rand_score(d[label], d["topic_id"])],
    })
    confusion = pd.crosstab(d[label], d["topic_id"]).rename_axis(index=label, columns="topic_id")
    return {"scores": scores, "confusion": confusion,
            "mapping": mapping.rename(columns={label: "label"}),
            "units": d.rename(columns={label: "label"}).reset_index(drop=True)}


# ---------------------------------------------------------------------------
# Build step
# ---------------------------------------------------------------------------

#: Below this many documents, paragraphs are the unit (one document = one topic mix is
#: not enough to learn topics from five articles); from it on, documents.
PARAGRAPH_UNIT_MAX_DOCS = 200
#: Fewer units than this: no topic model (tables come back empty).
MIN_UNITS = 6


def candidate_ks(n_units: int) -> list[int]:
    """Numbers of topics worth sweeping for ``n_units`` units.

    About one topic per 5 units at most for small corpora (3..10), 10..30 for large ones.
    """
    if n_units < MIN_UNITS:
        return []
    if n_units < 500:
        hi = max(2, min(10, n_units // 5))
        return list(range(2 if hi < 3 else 3, hi + 1))
    return [10, 15, 20, 25, 30]


def modelling_units(paragraphs: pd.DataFrame, documents: pd.DataFrame,
                    unit: str = "auto") -> pd.DataFrame:
    """The units to model: DataFrame unit_id, unit, doc_id, para_id (Int64), text.

    ``unit="auto"`` uses paragraphs when the corpus has fewer than
    :data:`PARAGRAPH_UNIT_MAX_DOCS` documents, documents otherwise. Paragraph unit ids are
    ``"<doc_id>:<para_id>"``; document unit ids are the doc_id.
    """
    if unit == "auto":
        unit = "paragraph" if len(documents) < PARAGRAPH_UNIT_MAX_DOCS else "document"
    if unit == "paragraph":
        p = paragraphs[["doc_id", "para_id", "text"]].copy()
        p = p.sort_values(["doc_id", "para_id"], kind="mergesort")
        p["unit_id"] = p["doc_id"].astype(str) + ":" + p["para_id"].astype(int).astype(str)
        p["para_id"] = p["para_id"].astype("Int64")
    elif unit == "document":
        p = documents[["doc_id", "text"]].copy().sort_values("doc_id", kind="mergesort")
        p["unit_id"] = p["doc_id"].astype(str)
        p["para_id"] = pd.array([pd.NA] * len(p), dtype="Int64")
    else:
        raise ValueError(f"unit must be 'auto', 'paragraph' or 'document', got {unit!r}")
    p["unit"] = unit
    p["text"] = p["text"].fillna("").astype(str)
    return p[["unit_id", "unit", "doc_id", "para_id", "text"]].reset_index(drop=True)


def _empty_tables() -> dict[str, pd.DataFrame]:
    return {
        "topics": pd.DataFrame({"topic_id": pd.Series(dtype="int64"),
                                "label": pd.Series(dtype="object"),
                                "top_terms": pd.Series(dtype="object"),
                                "prevalence": pd.Series(dtype="float64")}),
        "doc_topics": pd.DataFrame({"unit_id": pd.Series(dtype="object"),
                                    "topic_id": pd.Series(dtype="int64"),
                                    "weight": pd.Series(dtype="float64"),
                                    "score": pd.Series(dtype="float64"),
                                    "unit": pd.Series(dtype="object"),
                                    "doc_id": pd.Series(dtype="object"),
                                    "para_id": pd.Series(dtype="Int64")}),
    }


def topics_tables(
    paragraphs: pd.DataFrame,
    documents: pd.DataFrame,
    n_topics: int | str = "auto",
    method: str = "nmf",
    unit: str = "auto",
    random_state: int = config.RANDOM_STATE,
    max_sweep_units: int = 3000,
) -> dict[str, pd.DataFrame]:
    """Build step: ``{"topics": ..., "doc_topics": ...}`` for a corpus.

    - Unit: see :func:`modelling_units` (paragraphs below 200 documents, else documents).
    - Number of topics (``"auto"``): :func:`sweep` over :func:`candidate_ks` with seeds
      0, 1, 2 on 80% subsamples (on a fixed random sample of at most ``max_sweep_units``
      units for large corpora), then :func:`choose_n_topics`.
    - Method: NMF on TF-IDF; for more than 50,000 units MiniBatchNMF.

    topics: topic_id, label, top_terms, prevalence, n_topics_rule ("sweep" or "given"),
    unit, method. doc_topics: unit_id, topic_id, weight, score, unit, doc_id, para_id.
    A corpus with fewer than :data:`MIN_UNITS` units gives empty tables (warning).
    """
    units = modelling_units(paragraphs, documents, unit)
    units = units[units["text"].str.strip() != ""].reset_index(drop=True)
    n = len(units)
    if n < MIN_UNITS:
        warnings.warn(f"topics: only {n} non-empty units; at least {MIN_UNITS} are needed "
                      "for a topic model, so the topic tables are empty", stacklevel=2)
        return _empty_tables()
    if method == "nmf" and n > 50_000:
        method = "minibatch_nmf"
    rule = "given"
    if n_topics == "auto":
        texts = units["text"].tolist()
        if n > max_sweep_units:
            idx = np.sort(np.random.default_rng(random_state).choice(n, max_sweep_units,
                                                                     replace=False))
            texts = [texts[i] for i in idx]
        ks = candidate_ks(len(texts))
        try:
            table = sweep(texts, ks, seeds=(0, 1, 2), method="nmf" if method != "lda" else "lda")
            n_topics = choose_n_topics(table)
            rule = "sweep"
        except ValueError:
            n_topics, rule = min(ks) if ks else 2, "fallback"
    tm = fit_topics(units["text"], int(n_topics), method=method, random_state=random_state,
                    unit_ids=units["unit_id"].tolist())
    topics = tm.topics.assign(n_topics_rule=rule, unit=units["unit"].iloc[0], method=method)
    dt = tm.doc_topics.merge(units[["unit_id", "unit", "doc_id", "para_id"]], on="unit_id",
                             how="left")
    return {"topics": topics, "doc_topics": dt}
