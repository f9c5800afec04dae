"""The rule-aware lexicon scorer of French tone (:class:`LexiconScorer`) and its lexicon.

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
    stemming and the prefix rule) is cached in the scorer object.
"""

from __future__ import annotations

import inspect
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from presse.config import PACKAGE_DATA
from presse.sentiment.tokens import (
    _as_series,
    _case_info,
    _code_points,
    _last_index,
    _next_index,
    _normalise,
    _shift,
    _stem,
    _stem_list,
    _sub_each,
    _tokenise_batch,
    _unelongate,
)
from presse.text import function_words

__all__ = [
    "ATTENUATE",
    "ATTENUATORS",
    "CONCESSIVE",
    "CONCESSIVE_CUES",
    "CONTRAST_AFTER",
    "CONTRAST_BEFORE",
    "CONTRAST_CUES",
    "EXCESS",
    "EXCESS_POSITIVE",
    "EXCLAMATION",
    "FUNCTION_WORDS",
    "HEDGE",
    "HEDGES",
    "HITS_POWER",
    "INTENSIFIERS",
    "INTENSIFY",
    "LABELS",
    "LEXICAL_NEGATORS",
    "LITOTES",
    "MIN_STEM_WORD",
    "NEGATION",
    "NEGATION_CUES",
    "NEGATION_SCOPE",
    "NEGATIVITY",
    "NEUTRAL_BAND",
    "PREFIX_FLIP",
    "SATURATION",
    "SCOPE_BREAKERS",
    "SCOPE_SKIP",
    "SENTENCE_ENDS",
    "WEAK_NEGATORS",
    "LexiconScorer",
    "clear_memos",
    "default_scorer",
    "labels_from_scores",
    "load_lexicon",
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
#: A negatively prefixed word weighs this times its base ("inefficace" = -0.8 x "efficace").
PREFIX_FLIP = -0.8
_NEG_PREFIX_M = re.compile(r"^(?:in|im|ir|il|dés|dé|mal|mé)(?=\w{4,}$)", re.MULTILINE)
_NEG_PREFIXES = ("in", "im", "ir", "il", "dé", "mal", "mé")  # cheap pre-filter


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


# ----------------------------------------------------------------------------- scorer


def labels_from_scores(score: np.ndarray, band: float) -> np.ndarray:
    lab = np.where(score > band, "pos", np.where(score < -band, "neg", "neu")).astype(object)
    lab[np.isnan(score)] = None
    return lab


class LexiconScorer:
    """The rule-aware lexicon scorer, with every setting an explicit parameter.

    Parameters (scikit-learn style: :meth:`get_params` / :meth:`set_params`; the defaults
    are the module constants of the same name in upper case, chosen on the tuning halves
    of the development sets, see ``benchmarks/sentiment.py``):

    addendum, stem, rules
        use the news addendum, the inflection fallback and the French rules (switch one off
        for an ablation).
    neutral_band
        half-width of the ``neu`` band on the [-1, 1] score.
    saturation, hits_power
        squashing constant of the score, and the power of the number of matched words the
        raw sum is divided by.
    negation, negation_scope, litotes, intensify, attenuate, contrast_before, contrast_after,
    concessive, exclamation, hedge, negativity, excess_positive, prefix_flip
        the weights of the rules (see the module docstring).
    min_stem_word
        the stem fallback is tried only for words at least this long.
    negation_cues, intensifiers, attenuators, weak_negators, lexical_negators, excess,
    contrast_cues, concessive_cues, hedges, scope_skip, scope_breakers, sentence_ends,
    function_words
        the word sets of the rules, and the grammatical words never scored.

    The lexicon weight of each word type (after stemming and the prefix rule) is cached in
    the object, so a long build gets faster as it goes; :meth:`clear_cache` forgets it.
    """

    def __init__(self, *, addendum: bool = True, stem: bool = True, rules: bool = True,
                 neutral_band=NEUTRAL_BAND,
                 saturation=SATURATION,
                 hits_power=HITS_POWER,
                 negation=NEGATION,
                 negation_scope=NEGATION_SCOPE,
                 intensify=INTENSIFY,
                 attenuate=ATTENUATE,
                 contrast_before=CONTRAST_BEFORE,
                 contrast_after=CONTRAST_AFTER,
                 concessive=CONCESSIVE,
                 exclamation=EXCLAMATION,
                 hedge=HEDGE,
                 negativity=NEGATIVITY,
                 excess_positive=EXCESS_POSITIVE,
                 prefix_flip=PREFIX_FLIP,
                 min_stem_word=MIN_STEM_WORD,
                 litotes=LITOTES,
                 scope_skip=SCOPE_SKIP,
                 hedges=HEDGES,
                 negation_cues=NEGATION_CUES,
                 intensifiers=INTENSIFIERS,
                 attenuators=ATTENUATORS,
                 weak_negators=WEAK_NEGATORS,
                 lexical_negators=LEXICAL_NEGATORS,
                 excess=EXCESS,
                 contrast_cues=CONTRAST_CUES,
                 concessive_cues=CONCESSIVE_CUES,
                 scope_breakers=SCOPE_BREAKERS,
                 sentence_ends=SENTENCE_ENDS,
                 function_words=FUNCTION_WORDS,
                 ):
        self.addendum, self.stem, self.rules = bool(addendum), bool(stem), bool(rules)
        self.neutral_band = neutral_band
        self.saturation = saturation
        self.hits_power = hits_power
        self.negation = negation
        self.negation_scope = negation_scope
        self.intensify = intensify
        self.attenuate = attenuate
        self.contrast_before = contrast_before
        self.contrast_after = contrast_after
        self.concessive = concessive
        self.exclamation = exclamation
        self.hedge = hedge
        self.negativity = negativity
        self.excess_positive = excess_positive
        self.prefix_flip = prefix_flip
        self.min_stem_word = min_stem_word
        self.litotes = litotes
        self.scope_skip = scope_skip
        self.hedges = hedges
        self.negation_cues = negation_cues
        self.intensifiers = intensifiers
        self.attenuators = attenuators
        self.weak_negators = weak_negators
        self.lexical_negators = lexical_negators
        self.excess = excess
        self.contrast_cues = contrast_cues
        self.concessive_cues = concessive_cues
        self.scope_breakers = scope_breakers
        self.sentence_ends = sentence_ends
        self.function_words = function_words
        self._memo: dict[str, float] = {}

    def get_params(self, deep: bool = True) -> dict:
        """The parameters of the scorer, by name (as passed to the constructor)."""
        return {name: getattr(self, name) for name in inspect.signature(type(self)).parameters}

    def set_params(self, **params) -> LexiconScorer:
        """Change parameters (unknown names raise ``ValueError``); forgets the cache."""
        valid = self.get_params()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"LexiconScorer has no parameter {name!r}")
            setattr(self, name, bool(value) if name in ("addendum", "stem", "rules") else value)
        self.clear_cache()
        return self

    def __repr__(self) -> str:
        default = type(self)().get_params()
        changed = {k: v for k, v in self.get_params().items() if v != default[k]}
        return f"LexiconScorer({', '.join(f'{k}={v!r}' for k, v in changed.items())})"

    def clear_cache(self) -> None:
        """Forget the per-type weights (the lexicon stays loaded): a cold start, as on new
        data."""
        self._memo = {}

    def score(self, texts, neutral_band: float | None = None) -> pd.DataFrame:
        """Scores of a batch of texts (see :func:`presse.sentiment.score_texts`, method
        ``"lexicon"``): score, label, n_hits, n_tokens, one row per text."""
        band = self.neutral_band if neutral_band is None else float(neutral_band)
        raw, hits, ntok, present = self.raw_scores(_as_series(texts))
        # long texts: divide by hits ** hits_power so a review is not saturated by its length
        raw = raw / np.maximum(hits, 1) ** self.hits_power
        score = raw / np.sqrt(raw**2 + self.saturation)
        score[~present] = np.nan
        # hits and ntok are already 0 for None/NaN inputs
        return pd.DataFrame({"score": score, "label": labels_from_scores(score, band),
                              "n_hits": hits, "n_tokens": ntok})

    def raw_scores(self, texts: pd.Series):
        """Raw rule-weighted lexicon sums, matched words, tokens and presence, per text."""
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
        role_words = sorted(self.scope_breakers | self.negation_cues | self.lexical_negators | self.intensifiers
                            | self.attenuators | self.weak_negators | self.excess | self.sentence_ends
                            | self.contrast_cues | self.concessive_cues | self.hedges
                            | self.scope_skip | {"un", "bien", "que", "qu'", "!"})
        unscored = frozenset(self.function_words | self.negation_cues | self.intensifiers | self.attenuators
                             | self.weak_negators | self.excess | self.contrast_cues | self.concessive_cues)
        table = _word_table(self.addendum, self.stem, tuple(role_words), unscored)
        ix = table[0].get_indexer(np.array(vocab, dtype=object))
        w_vocab = self._type_weights(vocab, ix, table)

        role_id = {w: k for k, w in enumerate(role_words)}
        tok_role = np.where(ix >= 0, table[2][np.maximum(ix, 0)], len(role_words))[codes]

        def in_set(words) -> np.ndarray:
            lut = np.zeros(len(role_words) + 1, dtype=bool)  # last slot: not a rule word
            lut[[role_id[w] for w in words if w in role_id]] = True
            return lut[tok_role]

        row = row.astype(np.int64)
        doc_start = np.r_[True, row[1:] != row[:-1]]
        mult = np.ones(n_tokens_all)
        if self.rules:
            breaker = in_set(self.scope_breakers) | doc_start
            # negation: tokens after a cue, within scope and the same clause
            neg_cue = in_set(self.negation_cues | self.lexical_negators)
            same_prev = ~doc_start
            last_cue = _shift(_last_index(neg_cue), 1, -1)
            last_break = _last_index(breaker)
            # the scope is counted in words that are not degree words ("pas du tout bon",
            # "pas vraiment très convaincant" reach their adjective)
            counted = np.cumsum(~in_set(self.intensifiers | self.attenuators | self.scope_skip))
            negated = ((last_cue >= 0) & (last_cue >= last_break)
                       & (counted - counted[np.maximum(last_cue, 0)] <= self.negation_scope))
            negated &= ~neg_cue
            if self.litotes:
                # litotes: "pas sans difficultés", "non sans peine" = with difficulties; a
                # "sans" right after another cue cancels the negation of its scope
                litotes = in_set({"sans"}) & _shift(in_set(self.negation_cues), 1, False) & same_prev
                negated &= ~litotes[np.maximum(last_cue, 0)]
            mult = np.where(negated, mult * self.negation, mult)
            if self.hedge != 1.0:
                # hedges (pourrait, semble, peut-être ...) weaken the rest of their clause
                last_hedge = _last_index(in_set(self.hedges))
                hedged = (last_hedge >= 0) & (last_hedge >= last_break)
                mult = np.where(hedged, mult * self.hedge, mult)
            # intensifiers / attenuators / weak negator on the next word (same text)
            same1 = ~doc_start
            same2 = same1 & _shift(same1, 1, False)
            intens = in_set(self.intensifiers)
            atten = in_set(self.attenuators)
            weak = in_set(self.weak_negators)
            prev_is_un = _shift(in_set({"un"}), 1, False)
            weak_plain = weak & ~prev_is_un  # "peu X" ~ "pas très X"; "un peu X" attenuates
            atten = atten | (weak & prev_is_un)
            for k, same in ((1, same1), (2, same2)):
                mult = np.where(same & _shift(intens, k, False), mult * self.intensify, mult)
                mult = np.where(same & _shift(atten, k, False), mult * self.attenuate, mult)
            mult = np.where(same1 & _shift(weak_plain, 1, False), mult * self.negation * self.attenuate, mult)
            excess = same1 & _shift(in_set(self.excess), 1, False)
            w_tok = w_vocab[codes]
            mult = np.where(excess & (w_tok > 0), mult * self.excess_positive, mult)
            mult = np.where(excess & (w_tok < 0), mult * self.intensify, mult)
            # contrast: shift weight to the clause after the connector, within a sentence
            sent_end = in_set(self.sentence_ends)
            sent_start = doc_start | _shift(sent_end, 1, False)
            contrast = in_set(self.contrast_cues)
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
            mult = np.where(after, mult * self.contrast_after, mult)
            mult = np.where(before, mult * self.contrast_before, mult)
            # capitals (in a text that is not all capitals) emphasise a word
            caps_share = np.bincount(row, weights=shouting, minlength=n_present) / np.maximum(
                np.bincount(row, minlength=n_present), 1)
            mult = np.where(shouting & (caps_share[row] < 0.5), mult * self.intensify, mult)
            # concessive clause (malgré X, Y / bien que X, Y): damp X up to the next breaker
            conc = in_set(self.concessive_cues)
            bien_que = in_set({"bien"}) & np.r_[in_set({"que", "qu'"})[1:], False]
            mult = np.where(bien_que, 0.0, mult)  # "bien" in "bien que" is not praise
            conc |= bien_que
            last_conc = _shift(_last_index(conc), 1, -1)
            in_conc = (last_conc >= 0) & (last_conc >= last_break) & ~conc
            mult = np.where(in_conc, mult * self.concessive, mult)

        # rule-weighted contribution of every token, summed per text (the product of the
        # document x vocabulary matrix of rule multipliers with the weight vector, without
        # building the matrix: summed in token order, so a text scores the same alone or in
        # any batch)
        contrib = mult * w_vocab[codes]
        raw_p = np.bincount(row, weights=contrib, minlength=n_present)
        if self.rules:
            # negativity bias: the negative part of the sum weighs self.negativity times more
            neg_part = np.bincount(row, weights=np.minimum(contrib, 0.0), minlength=n_present)
            raw_p = raw_p + (self.negativity - 1.0) * neg_part
        hits_p = np.bincount(row, weights=(contrib != 0), minlength=n_present)
        if self.rules:
            n_excl = np.bincount(row, weights=in_set({"!"}), minlength=n_present)
            raw_p = raw_p * (1.0 + self.exclamation * np.minimum(n_excl, 3))
        raw = np.zeros(n_texts)
        hits = np.zeros(n_texts, dtype=np.int64)
        raw[rows_present] = raw_p
        hits[rows_present] = hits_p.astype(np.int64)
        return raw, hits, ntok_full, present

    def _type_weights(self, vocab: list[str], ix: np.ndarray, table) -> np.ndarray:
        """Lexicon weight of each lower-cased word type: exact form, else stem, else 0.

        ``ix`` are the positions of the types in :func:`_word_table`'s index (``table``), so
        the exact lookup and the unscored check cost no further hashing; the stemmer and the
        prefix rule run only on the types the exact lexicon does not know.
        """
        memo = self._memo
        w = _lookup(memo, vocab)
        new_idx = np.flatnonzero(np.isnan(w))
        if new_idx.size:
            # elongations ("nuuul", "trooop") count as the plain word
            words, changed = _unelongate([vocab[i] for i in new_idx])
            exact, by_stem = _lookup_tables(self.addendum, self.stem)
            _, exact_w, _, unscored_flag, unscored = table
            ixn = ix[new_idx]
            wn = np.where(ixn >= 0, exact_w[np.maximum(ixn, 0)], np.nan)
            is_unscored = (ixn >= 0) & unscored_flag[np.maximum(ixn, 0)]
            if changed:
                wn[changed] = _lookup(exact, [words[k] for k in changed])
                is_unscored[changed] = [words[k] in unscored for k in changed]
            if self.stem:
                cp, starts, lens = _code_points(words)
                need = np.flatnonzero(np.isnan(wn) & (lens >= self.min_stem_word))
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
                    wn[need[np.asarray(hit, dtype=np.int64)[ok]]] = self.prefix_flip * wb[ok]
            wn[is_unscored] = 0.0
            wn = np.nan_to_num(wn, nan=0.0)
            if len(memo) < 500_000:
                memo.update(zip([vocab[i] for i in new_idx], wn.tolist()))
            w[new_idx] = wn
        return w


@lru_cache(maxsize=8)
def default_scorer(addendum: bool = True, stem: bool = True, rules: bool = True) -> LexiconScorer:
    """The shared scorer with the default parameters (its cache lives for the process)."""
    return LexiconScorer(addendum=addendum, stem=stem, rules=rules)


def clear_memos() -> None:
    """Forget the per-type weights of the shared scorers; the lexicon stays loaded.

    Used by the benchmark to time a cold start, as on new data.
    """
    for addendum in (True, False):
        for stem in (True, False):
            for rules in (True, False):
                default_scorer(addendum, stem, rules).clear_cache()
