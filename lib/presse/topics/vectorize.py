"""Terms of French texts for topic models: the scikit-learn compatible :class:`FrenchVectorizer`
(normalisation, elisions, stop words and lemmas from :mod:`presse.text`, frequency pruning,
bigrams within clauses).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable

import numpy as np

from presse.text import (
    ELISION,
    INVERTED_PRONOUN,
    LETTER_WORD,
    default_lemmatizer,
    function_words,
    normalize_for_matching,
)

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
                counter = CountVectorizer(vocabulary=vocab, **kw).fit([])
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
