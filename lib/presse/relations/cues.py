"""The cue lexicon of the rule engine (``relation_cues.csv``: lemma, polarity, kind, prep,
note), the inflected forms it matches, and the word sets the rules use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from presse import config
from presse.text import nfc, normalize_for_parse

CUES_CSV: Path = config.PACKAGE_DATA / "relation_cues.csv"
CUE_KINDS = ("verb", "noun", "label", "frame", "eval", "report")

QUOTE_CHARS = frozenset('«»“”"„')

NEGATORS = frozenset({"pas", "jamais", "plus", "guère", "nullement", "aucunement"})
CESSATION = frozenset({"cesser", "arrêter", "renoncer"})
SUBJ_DEPS = ("nsubj", "nsubj:pass", "expl:subj")
PERSON_PRONOUNS = {"il": "Masc", "elle": "Fem"}
POSSESSIVES = frozenset({"son", "sa", "ses", "leur", "leurs"})
MISSED = frozenset({"manquer", "rater", "échouer", "refuser", "renoncer", "cesser",
                    "abandonner", "empêcher", "perdre", "refus"})
MISSED_FORMS = frozenset({"manqué", "manquant", "manque", "raté", "ratant", "refusé", "refusant",
                          "perdu", "perdent", "perd", "refus", "fin"})
#: verb cues whose target must come with one of their prepositions
PREP_ONLY = frozenset({"proposer", "fournir", "livrer"})
#: nouns for people: « le vice-président de Trump », « l'avocat de Trump » are not Trump
PERSON_NOUNS = frozenset({"vice-président", "vice-présidente", "ministre", "porte-parole",
                          "conseiller", "conseillère", "avocat", "avocate", "fils", "fille",
                          "épouse", "femme", "mari", "frère", "sœur", "partisan", "proche",
                          "collaborateur", "secrétaire", "ambassadeur", "émissaire", "envoyé",
                          "gendre", "directeur", "chef", "représentant", "négociateur"})
COUNTERPARTS = frozenset({"homologue", "homologues", "interlocuteur", "hôte", "invité"})
# tokens allowed between a subject actor and its verb cue in the linear fallback
_LEFT_GAP = frozenset({"a", "ont", "avait", "avaient", "aurait", "auraient", "aura", "est",
                       "sont", "été", "ne", "n'", "pas", "s'", "se", "lui", "leur", "l'",
                       "y", "en", "également", "aussi", "même", "déjà", "encore", "alors",
                       "publiquement", "récemment", "désormais", "ouvertement", "vivement",
                       "immédiatement", "personnellement", "chaleureusement", "longuement"})
_RIGHT_GAP = frozenset({"le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "son",
                        "sa", "ses", "leur", "leurs", "ce", "cet", "cette", "ces",
                        "contre", "envers", "sans", "délai",
                        "publiquement", "vivement", "chaleureusement", "ouvertement",
                        "également", "aussi", "même", "encore", "notamment"})
_OTHER_SOURCES = frozenset({"analyste", "observateur", "expert", "autre", "certain", "beaucoup",
                            "commentateur", "critique", "détracteur", "partisan", "spécialiste",
                            "diplomate", "responsable", "source", "média", "journal"})


# ----------------------------------------------------------------------------- lexicon
def load_cues(path: str | Path | None = None) -> pd.DataFrame:
    """Read a relation-cue file (default: the bundled ``relation_cues.csv``).

    Output columns: lemma (str, NFC lower case), polarity (int -1/0/+1), kind (one of
    ``CUE_KINDS``), prep (str, "|"-joined prepositions, may be empty), note (str).
    Raises ``ValueError`` naming the file when a column or a kind is wrong.
    """
    path = Path(path) if path is not None else CUES_CSV
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"lemma", "polarity", "kind"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: relation-cue file lacks columns {sorted(missing)}")
    for col in ("prep", "note"):
        if col not in df.columns:
            df[col] = ""
    bad = sorted(set(df["kind"]) - set(CUE_KINDS))
    if bad:
        raise ValueError(f"{path}: unknown cue kind(s) {bad}; expected one of {CUE_KINDS}")
    try:
        df["polarity"] = df["polarity"].astype(int)
    except ValueError as exc:
        raise ValueError(f"{path}: polarity must be -1, 0 or 1") from exc
    df["lemma"] = df["lemma"].map(lambda s: nfc(s.strip().lower()))
    return df[["lemma", "polarity", "kind", "prep", "note"]].reset_index(drop=True)


_ER = ["e", "es", "ent", "ons", "ez", "é", "ée", "és", "ées", "er", "ant", "ait", "ais",
       "aient", "a", "ai", "as", "èrent", "era", "eras", "erons", "erez", "eront", "erai",
       "erait", "eraient", "ions", "iez", "ât"]
_IR = ["i", "ie", "is", "ies", "it", "issons", "issez", "issent", "issant", "issait",
       "issaient", "ir", "ira", "iront", "irait", "irent"]
_IRREGULAR = {
    "soutenir": "soutiens soutient soutiennent soutenons soutenez soutenu soutenue soutenus "
                "soutenues soutenant soutenait soutenaient soutiendra soutiendront soutiendrait "
                "soutint soutenir",
    "recevoir": "reçois reçoit reçoivent recevons recevez reçu reçue reçus reçues recevant "
                "recevait recevaient recevra recevront recevrait reçut recevoir",
    "accueillir": "accueille accueilles accueillent accueillons accueilli accueillie "
                  "accueillis accueillies accueillant accueillait accueillera accueillir",
    "défendre": "défends défend défendent défendons défendu défendue défendus défendues "
                "défendant défendait défendaient défendra défendront défendre",
    "envahir": "envahi envahie envahis envahit envahissent envahissant envahir",
}


def inflections(lemma: str, kind: str) -> set[str]:
    """Inflected forms of a cue (French morphology, enough for matching news text).

    >>> sorted(inflections("railler", "verb"))[:3]
    ['raillai', 'railla', 'raillaient']
    """
    lemma = nfc(lemma.lower())
    forms = {lemma}
    if kind in ("verb", "frame", "report", "eval") and lemma in _IRREGULAR:
        forms |= set(_IRREGULAR[lemma].split())
    elif kind in ("verb", "frame", "report", "eval") and lemma.endswith("er"):
        stem = lemma[:-2]
        for e in _ER:
            s = stem
            if e[0] in "aâo" and stem.endswith("c"):
                s = stem[:-1] + "ç"
            elif e[0] in "aâo" and stem.endswith("g"):
                s = stem + "e"
            forms.add(s + e)
            if e in ("e", "es", "ent") or e.startswith("er"):
                if stem.endswith("et"):  # rejeter -> rejette
                    forms.add(stem + "t" + e)
                if stem.endswith("ay"):  # balayer -> balaie
                    forms.add(stem[:-1] + "i" + e)
                m = re.match(r"^(.*)[eé]([^aeiouyéèê]+)$", stem)
                if m:  # lever -> lève, préférer -> préfère
                    forms.add(m.group(1) + "è" + m.group(2) + e)
    elif kind in ("verb", "eval") and lemma.endswith("ir"):
        forms |= {lemma[:-2] + e for e in _IR}
    elif kind in ("noun", "label", "eval"):
        forms |= {lemma + "s", lemma + "x"}
        if lemma.endswith("eux"):
            forms |= {lemma[:-1] + "se", lemma[:-1] + "ses"}
        elif lemma.endswith("if"):
            forms |= {lemma[:-1] + "ve", lemma[:-1] + "ves"}
        elif lemma.endswith("al"):
            forms |= {lemma[:-1] + "ux", lemma + "e", lemma + "es"}
        else:
            forms |= {lemma + "e", lemma + "es"}
        if lemma.endswith("é"):  # participles used as adjectives: obnubilé(e)(s)
            forms |= {lemma + "e", lemma + "s", lemma + "es"}
    return forms


@dataclass(frozen=True)
class Cue:
    lemma: str
    polarity: int
    kind: str
    preps: tuple[str, ...]


class CueLexicon:
    """Cue lookup by lemma and by inflected form, per kind."""

    def __init__(self, cues: pd.DataFrame | str | Path | None = None):
        if cues is None or isinstance(cues, str | Path):
            cues = load_cues(cues)
        self.table = cues
        self.by_lemma: dict[tuple[str, str], Cue] = {}
        self.by_form: dict[str, list[Cue]] = {}
        for row in cues.itertuples(index=False):
            preps = tuple(p.strip() for p in str(row.prep or "").split("|") if p.strip())
            cue = Cue(row.lemma, int(row.polarity), row.kind, preps)
            self.by_lemma[(row.lemma, row.kind)] = cue
            for form in inflections(row.lemma, row.kind):
                self.by_form.setdefault(form, []).append(cue)
        #: forms that make a sentence worth parsing (reporting verbs alone do not)
        self.trigger_forms = frozenset(
            f for f, cues_ in self.by_form.items() if any(c.kind != "report" for c in cues_)
        )

    def lookup(self, token, kinds: Iterable[str]) -> Cue | None:
        """The cue of a spaCy token (lemma first, then surface form), restricted to kinds."""
        kinds = tuple(kinds)
        lemma = nfc(token.lemma_.lower())
        for k in kinds:
            cue = self.by_lemma.get((lemma, k))
            if cue is not None:
                return cue
        for cue in self.by_form.get(nfc(token.lower_), ()):
            if cue.kind in kinds:
                return cue
        return None

    def has_trigger(self, text: str) -> bool:
        """True when the text contains an inflected form of a non-reporting cue."""
        return any(w in self.trigger_forms for w in _WORD.findall(nfc(text.lower())))


_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=4)
def get_lexicon(path: str | None = None) -> CueLexicon:
    """A cached ``CueLexicon`` (default: the bundled cue file)."""
    return CueLexicon(path)


@lru_cache(maxsize=1)
def _sentiment_weights() -> dict[str, float]:
    """Exact-form weights of presse.sentiment's lexicon (fallback for frame complements)."""
    try:
        from presse.sentiment import load_lexicon
    except ImportError:  # pragma: no cover - sentiment module is part of the package
        return {}
    lex = load_lexicon()
    return dict(zip(lex["term"], lex["weight"], strict=False))


#: Same-length normalisation for the parser (see :func:`presse.text.normalize_for_parse`).
normalise_for_parse = normalize_for_parse
