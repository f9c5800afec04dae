"""Words with their character offsets, lemmas and content terms, for textometry.

Everything French comes from :mod:`presse.text` (normalisation, elisions, word pattern,
stop words, lemma tables) and the term analyser from the topic model's vectoriser, so that
concordances, segments and term tables see exactly the words the topic model sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from presse import text as _text

#: Elided article, pronoun or conjunction at the start of a word ("l'", "qu'", "jusqu'").
_ELIDED_PREFIX = re.compile(r"^" + _text.ELISION.pattern[2:], re.IGNORECASE)
#: A word, possibly elided or hyphenated, in normalised text ("l'Ukraine", "États-Unis").
_WORD = re.compile(r"(?:" + _text.ELISION.pattern[2:] + ")?" + _text.LETTER_WORD.pattern,
                   re.IGNORECASE)

normalize_text = _text.normalize_for_matching
load_stopwords = _text.function_words


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
        form = _text.INVERTED_PRONOUN.sub("", form) or form
        out.append(Word(m.start(), m.end(), form))
    return out


lemma = _text.lemma


def analyzer(lemmatize: bool = True, stop_words: Iterable[str] | str | None = "presse",
             min_len: int = 2):
    """The terms of a text as the topic model computes them: ``str -> list[str]``.

    Lemmas (or lower-cased words), our French stop words removed, no bigrams.
    """
    from presse.topics import FrenchVectorizer

    vec = FrenchVectorizer(lemmatize=lemmatize, stop_words=stop_words, bigrams=False,
                           min_token_len=min_len)
    return vec.build_analyzer()


def count_vectorizer(min_df: int = 1, lemmatize: bool = True, stop_words="presse"):
    """A French count vectoriser (no TF-IDF, no max_df pruning, no bigrams)."""
    from presse.topics import FrenchVectorizer

    return FrenchVectorizer(weighting="count", lemmatize=lemmatize, stop_words=stop_words,
                            min_df=min_df, max_df=1.0, bigrams=False)
