"""Tone of French news text: a rule-aware lexicon scorer, a trainable option, aggregation.

What it measures
    The *framing* of a text: how many evaluative words it uses, in which direction, after
    French negation, intensity and contrast rules. It does not know who says what, cannot
    see irony, and treats a factual report of a bad event as neutral only when the report
    avoids evaluative words.

Lexicon
    * textblob-fr's French subjectivity lexicon (Tom De Smedt, Walter Daelemans,
      fabelier.org; licence PDDL, public domain), read at run time from the installed
      ``textblob_fr`` package (``fr-sentiment.xml``): about 5,000 adjective forms with a
      polarity in [-1, 1]. Adverbs whose textblob intensity differs from 1 are modifiers
      and are handled by the intensifier rule instead.
    * ``presse/data/sentiment_addendum.csv`` (term, weight, reason): our news and politics
      addendum (échec, revers, menace, escalade, trêve, accord, sanctions ...), general
      evaluative nouns and verbs, emoticons and emoji, and neutralised descriptive words.
      Addendum weights override textblob-fr's.

Rules (vectorised over the whole batch: one flat token array, numpy shifts and cumulative
maxima, then per-text sums of rule-weighted lexicon weights with ``np.bincount``)
    * negation: a cue (ne, n', pas, jamais, rien, guère, aucun(e), sans, ni, nullement,
      and the lexical negators manque / absence / faute / dépourvu and the forms of
      *manquer*: "a manqué une opportunité") multiplies the next ``NEGATION_SCOPE`` words
      of its clause by ``NEGATION``; degree words (très, du tout ...) do not count in the
      scope; ``que`` and punctuation close it (so the restrictive ``ne ... que`` is not a
      negation); a ``sans`` right after another cue is a litotes ("pas sans risques")
      and negates nothing.
    * hedges (pourrait, semble, peut-être ...) weaken the rest of their clause by
      ``HEDGE``.
    * intensifiers (très, extrêmement ...) and attenuators (légèrement, un peu ...) scale
      the next two words; bare ``peu`` ("peu convaincant") reverses weakly; ``trop``
      intensifies a negative word and sours a positive one ("trop gentil").
    * contrast (mais, pourtant, cependant, toutefois, néanmoins): inside a sentence, words
      before the connector weigh ``CONTRAST_BEFORE``, words after it ``CONTRAST_AFTER``; a
      sentence opening with a connector demotes the sentence before it; concessive
      malgré / bien que damps its own clause.
    * inflection: exact form first, then a light inflectional stemmer applied to both the
      lexicon and the text vocabulary (accent-folded), so that menaces, menacées, menacer
      count as menace; a negative prefix (in-, im-, ir-, il-, dé(s)-, mal-, mé-) on a
      lexicon word reverses it ("inefficace"); elongations ("nuuul") count as the word.
    * capitals (in a text that is not all capitals) and exclamation marks raise the
      magnitude; negative words weigh ``NEGATIVITY`` times more (positive words are used
      more often, also in negative texts).

Score
    The rule-weighted sum is divided by (number of matched words) ** ``HITS_POWER`` (long
    texts are not saturated by their length), then squashed,
    ``raw / sqrt(raw**2 + SATURATION)``, into [-1, 1]; ``label`` is ``pos`` / ``neg``
    outside ``[-neutral_band, neutral_band]``, ``neu`` inside. The lexicon weight of each word type (after
    stemming and the prefix rule) is memoised across calls, so a long build gets faster
    as it goes.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from presse.config import PACKAGE_DATA, RANDOM_STATE, pinned_threads
from presse.evaluate import (
    bootstrap_mean_ci,
    confusion_table,
    match_annotations,
)
from presse.evaluate import method_agreement as agreement
from presse.plots import (
    plot_article_tone,
)
from presse.text import (
    APOSTROPHE_TABLE,
    function_words,
    join_key,
    normalize_for_scoring,
    strip_accents,
)

__all__ = [
    "LABELS",
    "NEUTRAL_BAND",
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

LABELS: tuple[str, str, str] = ("neg", "neu", "pos")

#: Half-width of the neutral band on the [-1, 1] score. Chosen on the *tuning* half of the
#: tweets development set (``benchmarks/sentiment.py --tune``), never on its report half.
NEUTRAL_BAND: float = 0.17
#: Squashing constant of the score (a raw sum of sqrt(SATURATION) maps to 0.71).
SATURATION: float = 0.5
#: Long texts: the raw sum is divided by (number of matched words) ** HITS_POWER.
HITS_POWER: float = 0.5
NEGATION: float = -1.0
NEGATION_SCOPE: int = 3  # best of 2-5 on the two tuning halves together (was 4)
INTENSIFY: float = 1.5
ATTENUATE: float = 0.5
CONTRAST_BEFORE: float = 0.5
CONTRAST_AFTER: float = 1.5
CONCESSIVE: float = 0.5
EXCLAMATION: float = 0.15
#: Besides intensifiers and attenuators, words not counted in the negation scope
#: ("pas du tout bon").
SCOPE_SKIP = frozenset({"du", "tout"})
#: "pas sans difficultés", "non sans peine": a "sans" right after another negation cue
#: cancels the negation of its scope (litotes).
LITOTES: bool = True
#: Hedges weaken the rest of their clause (the annotation guideline: hedging weakens an
#: evaluation but does not cancel it); chosen on the tuning halves.
HEDGE: float = 0.5
HEDGES = frozenset(["pourrait", "pourraient", "devrait", "devraient", "semble", "semblent",
                    "semblait", "semblaient", "peut-être", "potentiellement", "éventuellement"])
#: Negative words weigh this much more than positive ones: positive words are used more
#: often, also in negative texts (the "Pollyanna" bias of language; cf. VADER's and
#: SentiStrength's asymmetries). Chosen on the tuning halves, see benchmarks/sentiment.py.
NEGATIVITY: float = 1.25

NEGATION_CUES = frozenset(
    ["ne", "n'", "pas", "jamais", "rien", "guère", "guere", "aucun", "aucune", "sans", "ni", "nullement", "aucunement"]
)
INTENSIFIERS = frozenset(
    ["très", "tres", "extrêmement", "extremement", "vraiment", "tellement", "si", "super", "hyper", "ultra", "particulièrement", "totalement", "complètement", "absolument", "profondément", "vivement", "fortement", "hautement", "terriblement", "incroyablement", "énormément", "enormement", "vachement", "carrément", "franchement", "parfaitement", "réellement", "infiniment", "plus", "gravement", "sérieusement"]
)
ATTENUATORS = frozenset(
    ["légèrement", "legerement", "plutôt", "plutot", "assez", "relativement", "moyennement", "quelque", "partiellement", "modérément", "moderement", "presque", "faiblement"]
)
WEAK_NEGATORS = frozenset({"peu"})
#: Words that negate what follows and keep their own (negative) weight: "manque de talent".
LEXICAL_NEGATORS = frozenset(
    ["manque", "manquent", "manquait", "absence", "faute", "dépourvu", "dénué", "dénuée", "dépourvue",
     # the verb's other forms: "a manqué une opportunité", "manquant ainsi l'occasion"
     "manquer", "manqué", "manquée", "manqués", "manquées", "manquant", "manques", "manquera",
     "manquerait", "manqueraient", "manquaient"]
)
#: "trop X": excess intensifies a negative word and turns a positive one sour
#: ("trop long" is worse than "long", "trop gentil" is a reproach).
EXCESS = frozenset({"trop"})
EXCESS_POSITIVE: float = -0.5  # "trop gentil" reads as a reproach
CONTRAST_CUES = frozenset(
    ["mais", "pourtant", "cependant", "toutefois", "néanmoins", "neanmoins", "or", "sauf", "hormis"]
)
CONCESSIVE_CUES = frozenset(["malgré", "malgre", "quoique"])  # + "bien que", see rules
SCOPE_BREAKERS = frozenset(["que", "qu'", ",", ";", ":", ".", "!", "?", "…", "(", ")", "«", "»", '"', "–", "—"])
SENTENCE_ENDS = frozenset([".", "!", "?", "…"])
#: Grammatical words never scored (some collide with lexicon adjectives once accents are
#: folded, e.g. sur / sûr); rule cues are not scored either, they act through the rules.
FUNCTION_WORDS = function_words("unscored")
#: The stem fallback is tried only for words at least this long (short words collide).
MIN_STEM_WORD = 5

_EMOTICON = r"(?:<3|[:;=][\-'o]?(?:[()\[\]dDpP|*]+|/(?!/)))"  # not the :// of a URL
_EMOJI = r"[\U0001F300-\U0001FAFF\u2600-\u27BF]\ufe0f?"
# a word starts with a letter; combining accents (NFD input) stay inside the word and are
# composed per word type afterwards, so the whole text never needs an NFC pass
_WORD = r"[^\W\d_][\w\u0300-\u036f]*(?:-[\w\u0300-\u036f]+)*'?"
_PUNCT = r"[!?.,;:…()«»\"–—]"
# most frequent alternatives first (words, then the batch separator and punctuation)
_TOKEN = re.compile(rf"{_WORD}|{_EMOTICON}|{_PUNCT}|{_EMOJI}")

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


# ----------------------------------------------------------------------------- text


def _normalise(texts: pd.Series) -> pd.Series:
    """:func:`presse.text.normalize_for_scoring` on every text (missing values kept)."""
    return texts.map(normalize_for_scoring, na_action="ignore")


#: Former name of :func:`presse.text.join_key`.
normalise_for_join = join_key


def _sub_each(words: list[str], pattern: re.Pattern, repl: str) -> list[str]:
    """Apply a (MULTILINE) substitution to every word in one pass over the joined words."""
    if not words:
        return []
    return pattern.sub(repl, "\n".join(words)).split("\n")


_ELISION = re.compile(r"^(?:[ldsnmtcj]|qu)'|'+$", re.MULTILINE)


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


# ----------------------------------------------------------------------------- lexicon


def _read_textblob_lexicon() -> pd.DataFrame:
    """textblob-fr's lexicon (PDDL), parsed from the installed package's XML file."""
    path = resources.files("textblob_fr").joinpath("fr-sentiment.xml")
    root = ET.fromstring(path.read_bytes())
    rows = [
        (w.get("form"), w.get("pos"), w.get("polarity"), w.get("intensity"))
        for w in root.iter("word")
    ]
    df = pd.DataFrame(rows, columns=["term", "pos", "polarity", "intensity"])
    df["polarity"] = pd.to_numeric(df["polarity"], errors="coerce")
    df["intensity"] = pd.to_numeric(df["intensity"], errors="coerce")
    df = df.dropna(subset=["term", "polarity"])
    # adverbs with an intensity are modifiers, handled by the rules, not polarity words
    df = df[~((df["pos"] == "RB") & (df["intensity"] != 1.0))]
    df = df.assign(term=_normalise(df["term"]))
    df = df.groupby("term", as_index=False)["polarity"].mean()
    return df.rename(columns={"polarity": "weight"}).assign(source="textblob-fr")


def _read_addendum(path=None) -> pd.DataFrame:
    path = PACKAGE_DATA / "sentiment_addendum.csv" if path is None else path
    # keep_default_na=False: "nan" (an interjection) is a term, not a missing value
    df = pd.read_csv(path, dtype={"term": str, "weight": float, "reason": str},
                     keep_default_na=False)
    missing = {"term", "weight", "reason"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: addendum lacks columns {sorted(missing)}")
    df = df.assign(term=_normalise(df["term"]))
    return df[["term", "weight"]].assign(source="presse-addendum")


@lru_cache(maxsize=4)
def _lexicon_cached(addendum: bool) -> pd.DataFrame:
    parts = [_read_textblob_lexicon()]
    if addendum:
        parts.append(_read_addendum())
    lex = pd.concat(parts, ignore_index=True)
    lex = lex.drop_duplicates("term", keep="last").sort_values("term", ignore_index=True)
    lex["stem"] = _stem(lex["term"])
    return lex


def load_lexicon(addendum: bool = True) -> pd.DataFrame:
    """The scoring lexicon.

    Returns a DataFrame with columns ``term`` (normalised form), ``weight`` (float in
    [-1, 1]), ``source`` (``textblob-fr`` or ``presse-addendum``) and ``stem`` (the key
    used for inflected forms). Addendum entries replace textblob-fr entries of the same
    form.
    """
    return _lexicon_cached(bool(addendum)).copy()


@lru_cache(maxsize=4)
def _lookup_tables(addendum: bool, stem: bool):
    """(index, weights) pairs for exact forms and for stems (C-level hash lookups)."""
    lex = _lexicon_cached(addendum)
    exact = (pd.Index(lex["term"].to_numpy()), lex["weight"].to_numpy(dtype=float))
    by = lex.groupby("stem")["weight"].mean() if stem else pd.Series(dtype=float)
    return exact, (pd.Index(by.index.to_numpy()), by.to_numpy(dtype=float))


# ----------------------------------------------------------------------------- scoring


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


_NEG_PREFIX_M = re.compile(r"^(?:in|im|ir|il|dés|dé|mal|mé)(?=\w{4,}$)", re.MULTILINE)
#: A negatively prefixed word weighs this times its base ("inefficace" = -0.8 x "efficace").
PREFIX_FLIP = -0.8
_NEG_PREFIXES = ("in", "im", "ir", "il", "dé", "mal", "mé")  # cheap pre-filter
_ELONGATED = re.compile(r"([^\W\d_])\1{2,}")


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
_SEP = "\x01"  # not whitespace, not a word character, not stripped by numpy
_TOKEN_SEP = re.compile(rf"{_WORD}|{_SEP}|{_EMOTICON}|{_PUNCT}|{_EMOJI}")
#: Memo of lexicon weights per lower-cased word type, per (addendum, stem) setting.
_WEIGHT_MEMO: dict[tuple[bool, bool], dict[str, float]] = {}


_TOKEN_NL = re.compile(rf"{_WORD}|\n|{_SEP}|{_EMOTICON}|{_PUNCT}|{_EMOJI}")


def clear_memos() -> None:
    """Forget the per-type weight memo; the lexicon stays loaded.

    Used by the benchmark to time a cold start, as on new data.
    """
    _WEIGHT_MEMO.clear()


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


def _lookup(table, words: list[str]) -> np.ndarray:
    """Weights of ``words`` in a dict or an (index, weights) pair; NaN when absent."""
    if isinstance(table, dict):
        if not table:
            return np.full(len(words), np.nan)
        get = table.get
        return np.fromiter((get(x, np.nan) for x in words), dtype=float, count=len(words))
    index, weights = table
    if not words or not len(index):
        return np.full(len(words), np.nan)
    ix = index.get_indexer(np.array(words, dtype=object))
    return np.where(ix >= 0, weights[ix], np.nan)


@lru_cache(maxsize=8)
def _word_table(addendum: bool, stem: bool, role_words: tuple[str, ...],
                unscored: frozenset[str]):
    """One hash index over lexicon terms, rule words and unscored words, with per key:
    exact lexicon weight (NaN if none), rule-word id (``len(role_words)`` if none) and
    unscored flag; so each text type is hashed once for all three lookups."""
    (terms, weights), _ = _lookup_tables(addendum, stem)
    keys = pd.Index(terms).append(pd.Index(list(role_words) + sorted(unscored))).unique()
    ix = terms.get_indexer(keys)
    exact_w = np.where(ix >= 0, weights[np.maximum(ix, 0)], np.nan)
    role = pd.Index(list(role_words)).get_indexer(keys)
    role = np.where(role >= 0, role, len(role_words))
    flag = keys.isin(list(unscored))
    return keys, exact_w, role, flag, unscored


def _type_weights(vocab: list[str], addendum: bool, stem: bool, ix: np.ndarray,
                  table) -> np.ndarray:
    """Lexicon weight of each lower-cased word type: exact form, else stem, else 0.

    ``ix`` are the positions of the types in :func:`_word_table`'s index (``table``), so
    the exact lookup and the unscored check cost no further hashing; the stemmer and the
    prefix rule run only on the types the exact lexicon does not know.
    """
    memo = _WEIGHT_MEMO.setdefault((addendum, stem), {})
    w = _lookup(memo, vocab)
    new_idx = np.flatnonzero(np.isnan(w))
    if new_idx.size:
        # elongations ("nuuul", "trooop") count as the plain word
        words, changed = _unelongate([vocab[i] for i in new_idx])
        exact, by_stem = _lookup_tables(addendum, stem)
        _, exact_w, _, unscored_flag, unscored = table
        ixn = ix[new_idx]
        wn = np.where(ixn >= 0, exact_w[np.maximum(ixn, 0)], np.nan)
        is_unscored = (ixn >= 0) & unscored_flag[np.maximum(ixn, 0)]
        if changed:
            wn[changed] = _lookup(exact, [words[k] for k in changed])
            is_unscored[changed] = [words[k] in unscored for k in changed]
        if stem:
            cp, starts, lens = _code_points(words)
            need = np.flatnonzero(np.isnan(wn) & (lens >= MIN_STEM_WORD))
            if need.size:
                wn[need] = _lookup(by_stem, _stem_list([words[i] for i in need]))
            # negative prefixes: in-/im-/ir-/il-/dé(s)-/mal-/mé- + a lexicon word
            # ("inefficace", "malhonnête", "déplaisant") take the opposite polarity
            need = np.flatnonzero(np.isnan(wn) & (lens >= 6))
            if need.size:
                # pre-filter on the first letter (i, d, m) before the string test
                first = cp[starts[need]]
                need = need[(first == 105) | (first == 100) | (first == 109)]
                cand = [words[i] for i in need]
                pre = [k for k, x in enumerate(cand) if x.startswith(_NEG_PREFIXES)]
                marked = _sub_each([cand[k] for k in pre], _NEG_PREFIX_M, "\x02")
                hit = [k for k, m in zip(pre, marked) if m.startswith("\x02")]
                base = [m[1:] for m in marked if m.startswith("\x02")]
                wb = _lookup(exact, base)
                miss = np.flatnonzero(np.isnan(wb))
                if miss.size:
                    wb[miss] = _lookup(by_stem, _stem_list([base[k] for k in miss]))
                ok = np.abs(wb) >= 0.2  # NaN compares False
                wn[need[np.asarray(hit, dtype=np.int64)[ok]]] = PREFIX_FLIP * wb[ok]
        wn[is_unscored] = 0.0
        wn = np.nan_to_num(wn, nan=0.0)
        if len(memo) < 500_000:
            memo.update(zip([vocab[i] for i in new_idx], wn.tolist()))
        w[new_idx] = wn
    return w


def _lexicon_scores(texts: pd.Series, *, addendum: bool, stem: bool, rules: bool):
    """Raw rule-weighted lexicon sums and number of matched words, per text."""
    n_texts = len(texts)
    present = texts.notna().to_numpy()
    rows_present = np.flatnonzero(present)
    n_present = len(rows_present)
    codes_case, types_case, row = _tokenise_batch(texts[present].tolist())
    n_tok = np.bincount(row, minlength=n_present)
    ntok_full = np.zeros(n_texts, dtype=np.int64)
    ntok_full[rows_present] = n_tok
    if codes_case.size == 0:
        return np.zeros(n_texts), np.zeros(n_texts, dtype=np.int64), ntok_full, present

    # lower-cased NFC types (combining accents of NFD input are composed here, per type)
    lower, caps = _case_info(types_case)
    lower_codes, vocab = pd.factorize(np.array(lower, dtype=object))
    vocab = vocab.tolist()
    codes = lower_codes[codes_case]
    shouting = caps[codes_case]
    n_tokens_all = codes.size
    # rule words and unscored words: one hash lookup per word type (with the exact
    # lexicon), then cheap integer comparisons per set
    role_words = sorted(SCOPE_BREAKERS | NEGATION_CUES | LEXICAL_NEGATORS | INTENSIFIERS
                        | ATTENUATORS | WEAK_NEGATORS | EXCESS | SENTENCE_ENDS
                        | CONTRAST_CUES | CONCESSIVE_CUES | HEDGES
                        | SCOPE_SKIP | {"un", "bien", "que", "qu'", "!"})
    unscored = frozenset(FUNCTION_WORDS | NEGATION_CUES | INTENSIFIERS | ATTENUATORS
                         | WEAK_NEGATORS | EXCESS | CONTRAST_CUES | CONCESSIVE_CUES)
    table = _word_table(addendum, stem, tuple(role_words), unscored)
    ix = table[0].get_indexer(np.array(vocab, dtype=object))
    w_vocab = _type_weights(vocab, addendum, stem, ix, table)

    role_id = {w: k for k, w in enumerate(role_words)}
    tok_role = np.where(ix >= 0, table[2][np.maximum(ix, 0)], len(role_words))[codes]

    def in_set(words) -> np.ndarray:
        lut = np.zeros(len(role_words) + 1, dtype=bool)  # last slot: not a rule word
        lut[[role_id[w] for w in words if w in role_id]] = True
        return lut[tok_role]

    row = row.astype(np.int64)
    doc_start = np.r_[True, row[1:] != row[:-1]]
    mult = np.ones(n_tokens_all)
    if rules:
        breaker = in_set(SCOPE_BREAKERS) | doc_start
        # negation: tokens after a cue, within scope and the same clause
        neg_cue = in_set(NEGATION_CUES | LEXICAL_NEGATORS)
        same_prev = ~doc_start
        last_cue = _shift(_last_index(neg_cue), 1, -1)
        last_break = _last_index(breaker)
        # the scope is counted in words that are not degree words ("pas du tout bon",
        # "pas vraiment très convaincant" reach their adjective)
        counted = np.cumsum(~in_set(INTENSIFIERS | ATTENUATORS | SCOPE_SKIP))
        negated = ((last_cue >= 0) & (last_cue >= last_break)
                   & (counted - counted[np.maximum(last_cue, 0)] <= NEGATION_SCOPE))
        negated &= ~neg_cue
        if LITOTES:
            # litotes: "pas sans difficultés", "non sans peine" = with difficulties; a
            # "sans" right after another cue cancels the negation of its scope
            litotes = in_set({"sans"}) & _shift(in_set(NEGATION_CUES), 1, False) & same_prev
            negated &= ~litotes[np.maximum(last_cue, 0)]
        mult = np.where(negated, mult * NEGATION, mult)
        if HEDGE != 1.0:
            # hedges (pourrait, semble, peut-être ...) weaken the rest of their clause
            last_hedge = _last_index(in_set(HEDGES))
            hedged = (last_hedge >= 0) & (last_hedge >= last_break)
            mult = np.where(hedged, mult * HEDGE, mult)
        # intensifiers / attenuators / weak negator on the next word (same text)
        same1 = ~doc_start
        same2 = same1 & _shift(same1, 1, False)
        intens = in_set(INTENSIFIERS)
        atten = in_set(ATTENUATORS)
        weak = in_set(WEAK_NEGATORS)
        prev_is_un = _shift(in_set({"un"}), 1, False)
        weak_plain = weak & ~prev_is_un  # "peu X" ~ "pas très X"; "un peu X" attenuates
        atten = atten | (weak & prev_is_un)
        for k, same in ((1, same1), (2, same2)):
            mult = np.where(same & _shift(intens, k, False), mult * INTENSIFY, mult)
            mult = np.where(same & _shift(atten, k, False), mult * ATTENUATE, mult)
        mult = np.where(same1 & _shift(weak_plain, 1, False), mult * NEGATION * ATTENUATE, mult)
        excess = same1 & _shift(in_set(EXCESS), 1, False)
        w_tok = w_vocab[codes]
        mult = np.where(excess & (w_tok > 0), mult * EXCESS_POSITIVE, mult)
        mult = np.where(excess & (w_tok < 0), mult * INTENSIFY, mult)
        # contrast: shift weight to the clause after the connector, within a sentence
        sent_end = in_set(SENTENCE_ENDS)
        sent_start = doc_start | _shift(sent_end, 1, False)
        contrast = in_set(CONTRAST_CUES)
        after = _last_index(contrast) >= _last_index(sent_start)
        after &= _last_index(contrast) >= 0
        next_c = _next_index(contrast)
        next_end = _next_index(sent_end)
        last_of_doc = _next_index(np.r_[doc_start[1:], True])
        before = (next_c < next_end) & (next_c <= last_of_doc) & ~after
        # a sentence that opens with a connector demotes the sentence before it
        sent_id = np.cumsum(sent_start) - 1
        n_sent = int(sent_id[-1]) + 1
        opens_contrast = np.zeros(n_sent + 1, dtype=bool)
        opens_contrast[sent_id[sent_start & contrast]] = True
        sent_doc = np.zeros(n_sent + 1, dtype=np.int64) - 1
        sent_doc[sent_id] = row
        before_next = opens_contrast[sent_id + 1] & (sent_doc[sent_id + 1] == row)
        before = before | (before_next & ~after)
        mult = np.where(after, mult * CONTRAST_AFTER, mult)
        mult = np.where(before, mult * CONTRAST_BEFORE, mult)
        # capitals (in a text that is not all capitals) emphasise a word
        caps_share = np.bincount(row, weights=shouting, minlength=n_present) / np.maximum(
            np.bincount(row, minlength=n_present), 1)
        mult = np.where(shouting & (caps_share[row] < 0.5), mult * INTENSIFY, mult)
        # concessive clause (malgré X, Y / bien que X, Y): damp X up to the next breaker
        conc = in_set(CONCESSIVE_CUES)
        bien_que = in_set({"bien"}) & np.r_[in_set({"que", "qu'"})[1:], False]
        mult = np.where(bien_que, 0.0, mult)  # "bien" in "bien que" is not praise
        conc |= bien_que
        last_conc = _shift(_last_index(conc), 1, -1)
        in_conc = (last_conc >= 0) & (last_conc >= last_break) & ~conc
        mult = np.where(in_conc, mult * CONCESSIVE, mult)

    # rule-weighted contribution of every token, summed per text (the product of the
    # document x vocabulary matrix of rule multipliers with the weight vector, without
    # building the matrix: summed in token order, so a text scores the same alone or in
    # any batch)
    contrib = mult * w_vocab[codes]
    raw_p = np.bincount(row, weights=contrib, minlength=n_present)
    if rules:
        # negativity bias: the negative part of the sum weighs NEGATIVITY times more
        neg_part = np.bincount(row, weights=np.minimum(contrib, 0.0), minlength=n_present)
        raw_p = raw_p + (NEGATIVITY - 1.0) * neg_part
    hits_p = np.bincount(row, weights=(contrib != 0), minlength=n_present)
    if rules:
        n_excl = np.bincount(row, weights=in_set({"!"}), minlength=n_present)
        raw_p = raw_p * (1.0 + EXCLAMATION * np.minimum(n_excl, 3))
    raw = np.zeros(n_texts)
    hits = np.zeros(n_texts, dtype=np.int64)
    raw[rows_present] = raw_p
    hits[rows_present] = hits_p.astype(np.int64)
    return raw, hits, ntok_full, present


def _labels_from_scores(score: np.ndarray, band: float) -> np.ndarray:
    lab = np.where(score > band, "pos", np.where(score < -band, "neg", "neu")).astype(object)
    lab[np.isnan(score)] = None
    return lab


def score_texts(
    texts: Iterable[str | None],
    method: str = "learned",
    *,
    neutral_band: float | None = None,
    model=None,
    addendum: bool = True,
    stem: bool = True,
    rules: bool = True,
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
                                    _labels_from_scores(out["score"].to_numpy(),
                                                        float(neutral_band)))
        return out
    if method == "lexicon":
        band = NEUTRAL_BAND if neutral_band is None else float(neutral_band)
        raw, hits, ntok, present = _lexicon_scores(s, addendum=addendum, stem=stem, rules=rules)
        # long texts: divide by sqrt(#hits) so a review is not saturated by its length
        raw = raw / np.maximum(hits, 1) ** HITS_POWER
        score = raw / np.sqrt(raw**2 + SATURATION)
        score[~present] = np.nan
        # hits and ntok are already 0 for None/NaN inputs
        return pd.DataFrame({"score": score, "label": _labels_from_scores(score, band),
                             "n_hits": hits, "n_tokens": ntok})
    if method == "model":
        if model is None:
            raise ValueError("method='model' needs a fitted pipeline: score_texts(..., model=fit_model(...))")
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
                label[present] = _labels_from_scores(sc, float(neutral_band))
            else:
                label[present] = np.asarray(classes, dtype=object)[proba.argmax(axis=1)]
        ntok = np.zeros(len(s), dtype=np.int64)
        if present.any():
            ntok[present] = _normalise(s[present]).str.findall(_TOKEN).str.len().to_numpy()
        return pd.DataFrame({"score": score, "label": label,
                             "n_hits": np.where(present, ntok, 0), "n_tokens": ntok})
    if method == "textblob":
        return _textblob_scores(s, 0.0 if neutral_band is None else float(neutral_band))
    raise ValueError(
        f"unknown method {method!r}: use 'learned', 'lexicon', 'model' or 'textblob'")


def _textblob_scores(s: pd.Series, band: float) -> pd.DataFrame:
    """Baseline: textblob-fr's own PatternAnalyzer polarity (one call per text, as shipped)."""
    from textblob_fr.sentiments import PatternAnalyzer

    analyzer = PatternAnalyzer()
    present = s.notna().to_numpy()
    score = np.full(len(s), np.nan)
    score[present] = [analyzer.analyze(t)[0] for t in s[present]]
    score = np.clip(score, -1.0, 1.0)
    return pd.DataFrame({"score": score, "label": _labels_from_scores(score, band),
                         "n_hits": np.nan, "n_tokens": np.nan})


# ----------------------------------------------------------------------------- trainable


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
        sc = score_texts(s.iloc[te].tolist(), method="model", model=m)
        out.loc[te, "score"] = sc["score"].to_numpy()
        out.loc[te, "label"] = sc["label"].to_numpy()
        out.loc[te, "fold"] = fold
    return out


# ----------------------------------------------------------------------------- tables


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


def aggregate_tone(
    sentiment: pd.DataFrame,
    by: Sequence[str] = ("doc_id",),
    n_boot: int = 2000,
    ci: float = 0.95,
    random_state: int = RANDOM_STATE,
) -> pd.DataFrame:
    """Mean sentence score per group with a bootstrap interval over sentences.

    Input: any table with ``score`` and ``label`` plus the ``by`` columns (e.g. the
    sentiment table merged with ``para_id`` for paragraphs). Output columns: the ``by``
    columns, ``n_sentences``, ``mean``, ``ci_low``, ``ci_high``, ``share_pos``,
    ``share_neg``; sorted by ``by``. Each group gets its own generator seeded from
    ``random_state`` and its rank, so the result does not depend on other groups' sizes.
    """
    by = list(by)
    missing = set(by) | {"score", "label"}
    missing -= set(sentiment.columns)
    if missing:
        raise ValueError(f"aggregate_tone: table lacks columns {sorted(missing)}")
    cols = [*by, "n_sentences", "mean", "ci_low", "ci_high", "share_pos", "share_neg"]
    if sentiment.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    groups = sentiment.sort_values(by).groupby(by, sort=True)
    for i, (key, g) in enumerate(groups):
        key = key if isinstance(key, tuple) else (key,)
        m, lo, hi = bootstrap_mean_ci(g["score"], n_boot=n_boot, ci=ci,
                                      random_state=random_state + i)
        lab = g["label"].dropna()
        n = len(lab)
        rows.append((*key, int(g["score"].notna().sum()), m, lo, hi,
                     (lab == "pos").sum() / n if n else np.nan,
                     (lab == "neg").sum() / n if n else np.nan))
    return pd.DataFrame(rows, columns=cols)


def article_tone(
    sentiment: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    n_boot: int = 2000,
    ci: float = 0.95,
    random_state: int = RANDOM_STATE,
) -> pd.DataFrame:
    """Tone per article (sentence mean, bootstrap CI); with ``documents``, adds title,
    date and outlet and sorts by date then doc_id."""
    out = aggregate_tone(sentiment, by=("doc_id",), n_boot=n_boot, ci=ci,
                         random_state=random_state)
    if documents is not None:
        keep = [c for c in ("doc_id", "title", "date", "outlet") if c in documents.columns]
        out = out.merge(documents[keep], on="doc_id", how="left")
        if "date" in out.columns:
            out = out.sort_values(["date", "doc_id"], na_position="last", ignore_index=True)
    return out


def actor_tone(
    sentiment: pd.DataFrame,
    mentions: pd.DataFrame,
    by_doc: bool = True,
    n_boot: int = 2000,
    ci: float = 0.95,
    random_state: int = RANDOM_STATE,
) -> pd.DataFrame:
    """Tone of the sentences that mention each actor.

    Inputs: the sentiment table (doc_id, sent_id, score, label) and the mentions table
    (doc_id, sent_id, actor, ...). A sentence counts once per actor however many times it
    names it. Output: (doc_id,) actor, n_sentences, mean, ci_low, ci_high, share_pos,
    share_neg; sorted.
    """
    need = {"doc_id", "sent_id", "actor"} - set(mentions.columns)
    if need:
        raise ValueError(f"actor_tone: mentions table lacks columns {sorted(need)}")
    pairs = mentions[["doc_id", "sent_id", "actor"]].drop_duplicates()
    merged = pairs.merge(sentiment[["doc_id", "sent_id", "score", "label"]],
                         on=["doc_id", "sent_id"], how="inner")
    by = ("doc_id", "actor") if by_doc else ("actor",)
    return aggregate_tone(merged, by=by, n_boot=n_boot, ci=ci, random_state=random_state)


