"""Every actor, not only the file's: persons and organisations found by spaCy NER.

Why: the actor file lists the recurring actors of international news, but a user's corpus
names many more (ministers, parties, companies, armed groups); a relation between two of
them, or between one of them and a file actor, is lost when only the file's actors are
mentions. Each such entity becomes an actor with an id a reader can guess.

What (one document at a time, so that the build's per-chunk cache stays valid):

1. **Which sentences are read by NER.** Running spaCy NER on every sentence would cost more
   than the rest of the mention step, so it runs only on the sentences that hold a
   *name-like* sequence outside the actor-file mentions: two capitalised words in a row
   (« Recep Tayyip Erdogan », « Air France »), an honorific before a capitalised word
   (« M. Guyot »), or an acronym (« OMS »). A person is nearly always introduced in full
   before being called by the surname.
2. **Which entities are kept.** ``PER`` and ``ORG`` entities that do not overlap an
   actor-file mention (file actors win: « Donald J. Trump » stays ``trump``) and that pass
   the noise filter (:func:`clean_entity`): no digit, at most six words, not a lone
   lower-case or common French word (« Lundi », « Verdict », « Conseil »), not capitalised
   common words only (« Nouvel An »; for a person, only at the start of a sentence, where
   a title or a heading stands), not a span that runs into function words (« Transports dans un
   communiqué ») or opens with a title (« ministre de la Santé »), and for a person every
   name word capitalised apart from particles (de, von, al- ...). ``LOC`` entities are not
   used: the states are in the actor file, and a place is rarely the holder of a position.
3. **Ids.** The id is :func:`presse.text.slug` of the name without honorific or leading
   article: « M. Recep Tayyip Erdoğan » -> ``recep_tayyip_erdogan``. Within a document, a
   shorter person name takes the id of the one fuller name it ends with (« Erdogan »,
   « Tayyip Erdogan » -> ``recep_tayyip_erdogan``); with no fuller name, or with two
   (« Ivanka Trump » and « Donald Trump »), it keeps its own id.
4. **Later mentions by name.** NER misses names it did not read (sentences outside step 1)
   and lone surnames it does not recognise; so every kept name, and the surname of every
   multi-word person name that maps to one person, is then matched as written
   (case-sensitive, whole words) in every sentence of the document (rule ``ner_name``).

Corpus-wide merging (« Merkel » alone in one article, « Angela Merkel » in others) needs the
whole corpus: see :mod:`presse.actors.index`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from presse.text import fold, function_words, is_french_word, slug

#: spaCy labels read, and the actor kind each gives.
ENTITY_KINDS = {"PER": "person", "PERSON": "person", "ORG": "organisation"}
#: Words that may stay lower case inside a name (« Charles de Gaulle », « Ursula von der
#: Leyen », « Mohammed ben Salmane ») or an organisation (« Organisation mondiale de la santé »).
PARTICLES = frozenset({"de", "du", "des", "d'", "la", "le", "les", "l'", "van", "von", "der",
                       "den", "ter", "bin", "ben", "ibn", "al", "el", "al-", "el-", "da",
                       "di", "dos", "do", "del", "della", "y", "et", "e"})
#: Person titles that open many ORG entities of the model (« ministre de la Santé »,
#: « président de Bugatti »): a person described, not an organisation.
TITLES = frozenset({"ministre", "président", "présidente", "chef", "porte-parole",
                    "directeur", "directrice", "secrétaire", "patron", "patronne", "dirigeant",
                    "dirigeante", "fondateur", "fondatrice", "ambassadeur", "ambassadrice",
                    "maire", "député", "députée", "sénateur", "sénatrice", "premier",
                    "première", "vice-président", "vice-présidente", "commissaire"})
#: Words of context on each side of a name-like sequence in the text NER reads.
CONTEXT_WORDS = 6
#: Longest entity kept, in words.
MAX_WORDS = 6
HONORIFIC_WORDS = ("M.", "Mme", "MM.", "Mmes", "Mlle", "Monsieur", "Madame", "Mgr", "Dr")

_U, _L = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_CAP = rf"[{_U}][{_L}]+(?:-[{_U}]?[{_L}]+)*"
_NAME_LIKE = re.compile(
    rf"{_CAP}(?:\s+(?:(?:de|da|di|del|van|von|der|bin|ben|al|el)\s+|al-|el-)?{_CAP})+"
    rf"|\b(?:M\.|Mme|MM\.|Mmes)\s+[{_U}]"
    rf"|\b[{_U}]{{2,}}\b")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"(?:[CDJLMNSTcdjlmnst]|[Qq]u)['’](?=\w)|[^\W\d_]+(?:['’-][^\W\d_]+)*\.?|\S")
_HONORIFIC = re.compile(r"^(?:(?:" + "|".join(re.escape(h) for h in HONORIFIC_WORDS) +
                        r")(?:\s+|$))+")
_HONORIFIC_BEFORE = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(h) for h in HONORIFIC_WORDS)
                               + r")\s+$")
_ARTICLE = re.compile(r"^(?:(?:le|la|les)\s+|l['’]\s*)", re.IGNORECASE)
_EDGE_PUNCT = " \t\n.,;:!?-–—«»\"'’“”()[]{}/"


def name_windows(text: str, spans: Sequence[tuple[int, int]] = (), context: int = CONTEXT_WORDS
                 ) -> list[tuple[int, int]]:
    """Char ranges of ``text`` that NER reads (step 1): each name-like sequence outside
    ``spans`` (the actor-file mentions) with ``context`` words on each side, overlapping
    ranges merged; empty when the text has no name-like sequence.

    Why windows: NER's cost grows with the number of tokens, and its decisions depend on a
    few words around the name (the model's features see four tokens each side), so a window
    gives the entities of the whole sentence for a fraction of the cost.
    """
    if spans:
        chars = list(text)
        for s, e in spans:
            chars[s:e] = " " * (e - s)
        masked = "".join(chars)
    else:
        masked = text
    hits = [(m.start(), m.end()) for m in _NAME_LIKE.finditer(masked)]
    if not hits:
        return []
    bounds = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    starts = [b[0] for b in bounds]
    out: list[tuple[int, int]] = []
    for a, b in hits:
        i = max(bisect_right(starts, a) - 1, 0)
        j = max(bisect_right(starts, b - 1) - 1, 0)
        lo = bounds[max(i - context, 0)][0]
        hi = bounds[min(j + context, len(bounds) - 1)][1]
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def clean_entity(text: str, start: int, end: int, label: str
                 ) -> tuple[int, int, str, str] | None:
    """``(start, end, name, kind)`` of a kept entity, or None for noise (step 2).

    ``start, end``: the entity's char offsets in ``text``; the returned span drops a leading
    article and edge punctuation and keeps an honorific (« M. Guyot », as for file actors);
    ``name`` is the span without honorific, the form the id is made from.
    """
    kind = ENTITY_KINDS.get(label)
    if kind is None:
        return None
    span = text[start:end]
    start += len(span) - len(span.lstrip(_EDGE_PUNCT))
    span = span.strip(_EDGE_PUNCT)
    if kind == "organisation" and (m := _ARTICLE.match(span)):
        start, span = start + m.end(), span[m.end():]
    h = _HONORIFIC.match(span)
    if h and kind == "organisation":
        return None
    name = span[h.end():] if h else span
    words = _WORD.findall(name)
    if not words or len(words) > MAX_WORDS or any(c.isdigit() for c in name):
        return None
    if words[0].lower() in TITLES:
        return None
    if kind == "person" and len(words) >= 3 and words[0].lower() not in PARTICLES \
            and is_french_word(words[0]):
        # a capitalised common word glued to the name (« Pêche Virginijus Sinkevicius »)
        cut = name.index(words[1], len(words[0]))
        start, span, name = start + len(span) - len(name) + cut, name[cut:], name[cut:]
        words = words[1:]
    if any(not w[:1].isalpha() for w in words):
        return None  # brackets, slashes, stray punctuation inside
    if not any(w[:1].isupper() for w in words):
        return None  # « monde »
    stop = function_words("stop")
    for i, w in enumerate(words):
        low = fold(w).lower()
        if w[:1].isupper() or low in PARTICLES:
            if low in ("d'", "l'") and (i + 1 == len(words) or not words[i + 1][:1].isupper()):
                return None  # « Union européenne d'augmenter »
            continue
        if kind == "person" or low in stop:
            return None  # « président de la République », « Transports dans un communiqué »
    if words[-1].lower() in PARTICLES:
        return None
    if len(words) == 1:  # an honorific vouches for a name (« M. Blanc »)
        w = words[0]
        if len(w) < 2 or w.lower() in stop or (not h and not w.isupper() and is_french_word(w)):
            return None  # « Lundi », « Conseil », « Selon »
    elif all(w[:1].isupper() and is_french_word(w) for w in words
             if fold(w).lower() not in PARTICLES) and (
            kind == "organisation" or not text[:start].strip(_EDGE_PUNCT)):
        return None  # « Nouvel An », a sentence-initial « Agendas Divergents »
    if not slug(name):
        return None
    end = start + len(span)
    if kind == "person" and not h and (m := _HONORIFIC_BEFORE.search(text, 0, start)):
        start = m.start()  # « M. Lavoisier » when NER left the honorific out
    return start, end, name, kind


def entity_id(surface: str) -> str:
    """The id of an entity written ``surface``, on its own (no fuller name to join):
    :func:`presse.text.slug` without honorific or leading article (« M. Erdoğan » ->
    ``erdogan``, « l'Organisation mondiale de la santé » ->
    ``organisation_mondiale_de_la_sante``)."""
    text = surface.strip(_EDGE_PUNCT)
    text = text[m.end():] if (m := _HONORIFIC.match(text)) else text
    text = text[m.end():] if (m := _ARTICLE.match(text)) else text
    return slug(text)


def fuller_ids(person_ids: Iterable[str]) -> dict[str, str]:
    """``{short id: full id}`` for the person ids that end exactly one longest id of the
    list, word by word (``merkel`` and ``tayyip_erdogan`` -> ``recep_tayyip_erdogan`` ...);
    an id that ends two longest ids (``trump`` with ``donald_trump`` and ``ivanka_trump``)
    is not in the result. Used within a document (step 3) and across the corpus
    (:mod:`presse.actors.index`)."""
    keys = {p: tuple(p.split("_")) for p in person_ids}
    # every proper suffix (in words) of every id -> the ids ending with it: one pass, so the
    # corpus-wide call stays linear in the number of ids (a pairwise scan is quadratic)
    ending: dict[tuple[str, ...], list[str]] = {}
    for p, k in keys.items():
        for j in range(1, len(k)):
            ending.setdefault(k[-j:], []).append(p)
    longest = {p for p, k in keys.items() if k not in ending}
    out = {}
    for p, k in keys.items():
        if p in longest:
            continue
        fuller = [q for q in ending.get(k, ()) if q in longest]
        if len(fuller) == 1:
            out[p] = fuller[0]
    return out


def document_ids(names: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Ids of the entity names of one document (step 3): ``{(name, kind): id}``.

    ``names``: ``(name, kind)`` pairs as returned by :func:`clean_entity`. A person name
    takes the id of the one fullest person name of the document that ends with it
    (:func:`fuller_ids`); otherwise its own slug, as organisations.
    """
    fuller = fuller_ids({slug(n) for n, k in names if k == "person"})
    return {(n, k): fuller.get(slug(n), slug(n)) if k == "person" else slug(n)
            for n, k in names}


def document_entities(texts: Sequence[str], file_spans: Sequence[list[tuple[int, int]]],
                      ents: dict[int, list[tuple[int, int, str]]]
                      ) -> list[list[tuple[int, int, str, str, str, str]]]:
    """Entity mentions of the sentences of one document.

    ``texts``: the document's sentences; ``file_spans[k]``: the actor-file mentions of
    sentence ``k`` (char offsets; entities overlapping them are dropped); ``ents[k]``: the
    NER entities ``(start, end, label)`` of the sentences NER read. Returns, per sentence,
    ``(start, end, surface, actor id, kind, rule)`` tuples (rule ``ner`` or ``ner_name``)
    sorted by start; entity mentions never overlap file mentions or each other.
    """
    found: list[list[tuple[int, int, str, str]]] = [[] for _ in texts]
    for k, es in ents.items():
        taken = list(file_spans[k])
        for s, e, label in es:
            kept = clean_entity(texts[k], s, e, label)
            if kept is None or any(kept[0] < b and a < kept[1] for a, b in taken):
                continue
            taken.append(kept[:2])
            found[k].append(kept)
    names = [(n, kd) for sent in found for _, _, n, kd in sent]
    if not names:
        return [[] for _ in texts]
    kinds: dict[str, Counter] = defaultdict(Counter)
    ids = document_ids(names)
    for (_, kind), i in ids.items():
        kinds[i][kind] += 1
    kind_of = {i: ("person" if c["person"] >= c["organisation"] else "organisation")
               for i, c in kinds.items()}
    # later mentions by name: every kept name, and each multi-word person's surname when
    # it leads to one id
    lexicon: dict[str, str] = {}
    for (name, kind), i in ids.items():
        lexicon.setdefault(name, i)
        words = name.split()
        if kind == "person" and len(words) > 1 and words[-1][:1].isupper():
            sur = words[-1]
            sid = document_ids([*ids, (sur, "person")])[(sur, "person")]
            if sid == i and not is_french_word(sur):
                lexicon.setdefault(sur, i)
    pattern = re.compile(
        r"(?<![\w'’-])(?:(?:" + "|".join(re.escape(h) for h in HONORIFIC_WORDS) + r")\s+)?(" +
        "|".join(re.escape(n) for n in sorted(lexicon, key=len, reverse=True)) + r")(?![\w-])")
    out: list[list[tuple[int, int, str, str, str, str]]] = []
    for k, text in enumerate(texts):
        rows = [(s, e, text[s:e], ids[(n, kd)], kind_of[ids[(n, kd)]], "ner")
                for s, e, n, kd in found[k]]
        taken = list(file_spans[k]) + [(r[0], r[1]) for r in rows]
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            if any(s < b and a < e for a, b in taken):
                continue
            i = lexicon[m.group(1)]
            taken.append((s, e))
            rows.append((s, e, text[s:e], i, kind_of[i], "ner_name"))
        out.append(sorted(rows))
    return out
