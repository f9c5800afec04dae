"""Tokens of the lexicon scorer: one batch tokeniser (pyarrow + numpy, no Python work per
token), the light inflectional stemmer both the lexicon and the text go through, and the
numpy helpers of the vectorised rules.

The stemmer is the scorer's own (accent-folded, one inflectional suffix stripped): the
lexicon weights are looked up by its stems, so replacing it would change every score.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from presse.text import APOSTROPHE_TABLE, normalize_for_scoring, strip_accents

_EMOTICON = r"(?:<3|[:;=][\-'o]?(?:[()\[\]dDpP|*]+|/(?!/)))"  # not the :// of a URL
_EMOJI = r"[\U0001F300-\U0001FAFF\u2600-\u27BF]\ufe0f?"
# a word starts with a letter; combining accents (NFD input) stay inside the word and are
# composed per word type afterwards, so the whole text never needs an NFC pass
_WORD = r"[^\W\d_][\w\u0300-\u036f]*(?:-[\w\u0300-\u036f]+)*'?"
_PUNCT = r"[!?.,;:…()«»\"–—]"
# most frequent alternatives first (words, then the batch separator and punctuation)
_TOKEN = re.compile(rf"{_WORD}|{_EMOTICON}|{_PUNCT}|{_EMOJI}")
_SEP = "\x01"  # not whitespace, not a word character, not stripped by numpy
_TOKEN_NL = re.compile(rf"{_WORD}|\n|{_SEP}|{_EMOTICON}|{_PUNCT}|{_EMOJI}")

_STEM_SUFFIX = re.compile(
    # inflection only (number, gender, participles, common verb endings): derivational
    # suffixes (-ement, -ation, -ique ...) would merge nouns with unrelated adjectives
    r"(?:euses?|eux|ives?|ifs?|aux|ales?|als|al|elles?|els?|antes?|ants?|entes?|ents?"
    r"|erent|eront|erait|eraient|aient|ait|ais|ons|ez|ees?|es?|er|ir|s|x)$"
)


def _expand_suffixes(pattern: str) -> list[str]:
    """The literal suffixes of _STEM_SUFFIX ("euses?" -> "euses", "euse")."""
    body = pattern[len("(?:"):-len(")$")]
    out = []
    for alt in body.split("|"):
        out += [alt[:-2] + alt[-2], alt[:-2]] if alt.endswith("?") else [alt]
    return out


#: The same stemmer on reversed words: the longest suffix is tried first at the start of
#: each reversed line, which is much cheaper than searching every position for "$".
_STEM_SUFFIX_REV = re.compile(
    "^(?:" + "|".join(x[::-1] for x in sorted(_expand_suffixes(_STEM_SUFFIX.pattern),
                                              key=len, reverse=True)) + ")",
    re.MULTILINE,
)
_ELISION = re.compile(r"^(?:[ldsnmtcj]|qu)'|'+$", re.MULTILINE)
_ELONGATED = re.compile(r"([^\W\d_])\1{2,}")


def _normalise(texts: pd.Series) -> pd.Series:
    """:func:`presse.text.normalize_for_scoring` on every text (missing values kept)."""
    return texts.map(normalize_for_scoring, na_action="ignore")


def _as_series(texts) -> pd.Series:
    if isinstance(texts, str):
        raise TypeError("score_texts expects a sequence of texts, not a single string")
    s = pd.Series(list(texts) if not isinstance(texts, pd.Series) else texts.to_numpy(),
                  dtype=object)
    bad = s.map(lambda t: not (t is None or isinstance(t, str) or
                               (isinstance(t, float) and np.isnan(t))))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise TypeError(
            f"score_texts: item {i} is a {type(s.iloc[i]).__name__}, expected str or None/NaN"
        )
    return s


def _sub_each(words: list[str], pattern: re.Pattern, repl: str) -> list[str]:
    """Apply a (MULTILINE) substitution to every word in one pass over the joined words."""
    if not words:
        return []
    return pattern.sub(repl, "\n".join(words)).split("\n")


def _fold_list(words: list[str]) -> list[str]:
    """Remove accents (é -> e, œ -> oe) from every word."""
    if not words:
        return []
    return strip_accents("\n".join(words), ligatures=True).split("\n")


def _stem_list(words: list[str]) -> list[str]:
    """:func:`_stem` on a plain list."""
    base = _fold_list(words)
    if not base:
        return []
    elided = [k for k, x in enumerate(base) if "'" in x]  # the elision regex, only there
    if elided:
        for k, x in zip(elided, _sub_each([base[k] for k in elided], _ELISION, "")):
            base[k] = x
    stripped = _STEM_SUFFIX_REV.sub("", "\n".join(base)[::-1])[::-1].split("\n")
    return [st if len(st) >= 3 else b for b, st in zip(base, stripped)]


def _stem(words: pd.Series) -> pd.Series:
    """Light French stemmer on accent-folded words (one regex pass over all the words).

    One inflectional suffix is stripped when at least three letters remain; elided forms
    (l', s') are removed first. The same function is applied to the lexicon and to the
    text, so only the match matters.
    """
    base = _sub_each(_fold_list(words.tolist()), _ELISION, "")
    if base:
        rev = _STEM_SUFFIX_REV.sub("", "\n".join(base)[::-1])
        stripped = rev[::-1].split("\n")
    else:
        stripped = []
    out = [st if len(st) >= 3 else b for b, st in zip(base, stripped)]
    return pd.Series(out, index=words.index, dtype=object)


def _unelongate(words: list[str]) -> tuple[list[str], list[int]]:
    """Elongations ("nuuul" -> "nul"): the regular expression runs only on the words that
    hold a character three times in a row (found with numpy on the code points).
    Returns the words and the positions of those that changed."""
    if not words:
        return [], []
    joined = "\n".join(words)
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    run3 = np.flatnonzero((cp[2:] == cp[1:-1]) & (cp[1:-1] == cp[:-2]))
    if run3.size == 0:
        return words, []
    word_of = np.cumsum(cp == 10)  # newline count before each code point = word index
    out, changed = list(words), []
    for k in np.unique(word_of[run3]).tolist():
        out[k] = _ELONGATED.sub(r"\1", out[k])
        if out[k] != words[k]:
            changed.append(k)
    return out, changed


def _factorize_arrow(items: list[str]) -> tuple[np.ndarray, list[str]]:
    """Codes into the distinct values (in order of first appearance) of a list of strings,
    hashed by pyarrow in C++."""
    import pyarrow as pa

    if not len(items):
        return np.zeros(0, dtype=np.int64), []
    enc = pa.array(items, type=pa.large_string()).dictionary_encode()
    codes = enc.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, enc.dictionary.to_numpy(zero_copy_only=False).tolist()


def _split_factorize(big: str) -> tuple[np.ndarray, list[str]]:
    """Whitespace-separated chunks of ``big`` as codes into the list of distinct chunks.

    pyarrow splits and hashes in C++, so only the distinct chunks become Python strings.
    It splits on ASCII whitespace only; other spaces (U+00A0 ...) stay inside a chunk,
    where the token pattern skips them as it would in the whole text.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = pc.ascii_split_whitespace(pa.array([big], type=pa.large_string()))
    enc = pc.dictionary_encode(parts.values)
    codes = enc.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, enc.dictionary.to_numpy(zero_copy_only=False).tolist()


def _tokenise_batch(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token codes, token types (case kept) and row index of every token, for the whole
    batch at once.

    The texts are joined with a separator character, split on ASCII whitespace and
    hashed by pyarrow (C++): only the *distinct* chunks become Python strings. The
    compiled token pattern then runs once over the distinct chunks (joined by newlines),
    (a chunk of letters only is its own single token, no pattern needed), the tokens
    are hashed to types by pyarrow, and expanded back to every occurrence with
    numpy. No pattern spans whitespace, so this equals running the pattern over the
    whole text, with no Python work per text or per token.
    """
    big = _SEP.join(texts)
    if big.count(_SEP) != len(texts) - 1:  # a text contains the separator itself
        big = _SEP.join(t.replace(_SEP, " ") for t in texts)
    big = big.translate(APOSTROPHE_TABLE)
    chunk_codes, chunk_types = _split_factorize(big + " " + _SEP)
    # a chunk of letters only is one word token; the pattern runs on the other chunks
    alpha = np.fromiter(map(str.isalpha, chunk_types), dtype=bool, count=len(chunk_types))
    other_idx = np.flatnonzero(~alpha)
    toks = np.array(_TOKEN_NL.findall("\n".join([chunk_types[k] for k in other_idx]) + "\n"),
                    dtype=object)
    is_nl = toks == "\n"
    lens_o = np.bincount(np.cumsum(is_nl)[~is_nl], minlength=len(other_idx))[:len(other_idx)]
    lens = np.ones(len(chunk_types), dtype=np.int64)
    lens[other_idx] = lens_o
    offsets = np.r_[0, np.cumsum(lens)[:-1]]
    flat_tok = np.empty(int(lens.sum()), dtype=object)
    flat_tok[offsets[alpha]] = np.array(chunk_types, dtype=object)[alpha]
    n_o = int(lens_o.sum())
    flat_tok[np.repeat(offsets[other_idx] - (np.cumsum(lens_o) - lens_o), lens_o)
             + np.arange(n_o)] = toks[~is_nl]
    flat, types = _factorize_arrow(flat_tok)
    types = np.array(types, dtype=object)
    n = lens[chunk_codes]
    total = int(n.sum())
    starts = np.repeat(offsets[chunk_codes] - (np.cumsum(n) - n), n) + np.arange(total)
    codes = flat[starts][:-1]  # the last token is the appended separator
    sep = codes == int(np.flatnonzero(types == _SEP)[0])
    row = np.cumsum(sep)[~sep]
    return codes[~sep], types, row.astype(np.int64)


def _case_info(types: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Lower-cased NFC form and is-capitals flag of every case-kept token type.

    One ``lower`` (and, for non-ASCII text, one NFC pass) over the joined types: types
    never contain a newline and no case mapping or composition crosses one.
    """
    types = list(types)
    joined = "\n".join(types).lower()
    if not joined.isascii():  # normalize() returns at once when already NFC
        joined = unicodedata.normalize("NFC", joined)
    low = joined.split("\n") if types else []
    if len(low) != len(types):  # defensive: fall back to one call per type
        low = [unicodedata.normalize("NFC", t.lower()) for t in types]
    caps = np.zeros(len(types), dtype=bool)
    if types:
        # isupper() only where it can be true: 3+ characters and either a case change
        # under lower() or non-ASCII characters (letters without a lower-case mapping)
        cp, starts, lens = _code_points(types)
        non_ascii = np.add.reduceat((cp > 127).astype(np.int64), starts) > 0
        differs = np.array(low, dtype=object) != np.array(types, dtype=object)
        cand = np.flatnonzero((lens >= 3) & (differs | non_ascii))
        caps[cand] = [types[k].isupper() for k in cand]
    return low, caps


def _code_points(words: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Code points of the newline-joined (non-empty, newline-free) words, and the start
    offset and length of each word in that array."""
    cp = np.frombuffer("\n".join(words).encode("utf-32-le"), dtype=np.uint32)
    ends = np.flatnonzero(cp == 10)
    starts = np.r_[0, ends + 1]
    return cp, starts, np.r_[ends, cp.size] - starts


def _shift(a: np.ndarray, k: int, fill) -> np.ndarray:
    out = np.empty_like(a)
    out[:k] = fill
    out[k:] = a[:-k]
    return out


def _last_index(flag: np.ndarray) -> np.ndarray:
    """For each position, the index of the last True at or before it (-1 if none)."""
    idx = np.where(flag, np.arange(flag.size), -1)
    return np.maximum.accumulate(idx) if idx.size else idx


def _next_index(flag: np.ndarray) -> np.ndarray:
    """For each position, the index of the next True at or after it (size if none)."""
    n = flag.size
    idx = np.where(flag, np.arange(n), n)
    return np.minimum.accumulate(idx[::-1])[::-1] if n else idx
