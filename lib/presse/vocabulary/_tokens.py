"""Words with their character offsets, lemmas and content terms, for textometry.

One adapter over the project's French text handling (today in :mod:`presse.topics`:
normalisation, elisions, word pattern, stop words, lemma tables), so that concordances,
segments and term tables see exactly the words the topic model sees. Nothing here is a
second French normaliser: when the shared text module moves, only this file changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from presse import topics as _T

#: Elided article, pronoun or conjunction at the start of a word ("l'", "qu'", "jusqu'").
_ELIDED_PREFIX = re.compile(r"^(?:jusqu|lorsqu|puisqu|quoiqu|presqu|qu|[cdjlmnst])'", re.IGNORECASE)
#: A word, possibly elided or hyphenated, in normalised text ("l'Ukraine", "États-Unis").
_WORD = re.compile(r"(?:(?:jusqu|lorsqu|puisqu|quoiqu|presqu|qu|[cdjlmnst])')?"
                   + _T._TOKEN.pattern, re.IGNORECASE)

normalize_text = _T.normalize_text
load_stopwords = _T.load_stopwords


@dataclass(frozen=True)
class Word:
    """One word of a normalised text: its span and its form without the elision."""

    start: int
    end: int
    form: str  # as written, elision stripped ("Ukraine" for "l'Ukraine")


def words(text: str) -> list[Word]:
    """Words of ``normalize_text(text)`` with their offsets in that normalised text.

    Elisions are kept inside the span (a concordance shows « l'Ukraine ») but stripped from
    ``form``; inverted pronouns are stripped too ("a-t-il" -> "a"), as in the topic
    vectoriser.
    """
    out = []
    for m in _WORD.finditer(text):
        form = _ELIDED_PREFIX.sub("", m.group(0))
        form = _T._PRONOUN_SUFFIX.sub("", form) or form
        out.append(Word(m.start(), m.end(), form))
    return out


def lemma(word: str) -> str:
    """Context-free lemma of a lower-cased word (the topic model's lookup tables)."""
    return _T._default_lemmatizer()(word.lower())


def analyzer(lemmatize: bool = True, stop_words: Iterable[str] | str | None = "presse",
             min_len: int = 2):
    """The terms of a text as the topic model computes them: ``str -> list[str]``.

    Lemmas (or lower-cased words), our French stop words removed, no bigrams.
    """
    vec = _T.FrenchVectorizer(lemmatize=lemmatize, stop_words=stop_words, bigrams=False,
                              min_token_len=min_len)
    return vec.build_analyzer()


def count_vectorizer(min_df: int = 1, lemmatize: bool = True, stop_words="presse"):
    """A French count vectoriser (no TF-IDF, no max_df pruning, no bigrams)."""
    return _T.FrenchVectorizer(weighting="count", lemmatize=lemmatize, stop_words=stop_words,
                               min_df=min_df, max_df=1.0, bigrams=False)
