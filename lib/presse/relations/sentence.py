"""One parsed sentence and who its words designate.

The base class of :class:`~presse.relations.rules.SentenceAnalyser`.

The rules ask the same questions of every sentence: which actor a token stands for (a
mention of the actor file, a pronoun carried from earlier sentences, « ce dernier », the
owner of a possessive), which rules are switched on, and what this sentence leaves for the
next one (:class:`Context`). :class:`ParsedSentence` answers them and collects the
:class:`Item` s the rules emit, so that no rule module repeats them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from presse.relations.cues import (
    PERSON_PRONOUNS,
    POSSESSIVES,
    SUBJ_DEPS,
    CueLexicon,
)


# ----------------------------------------------------------------------------- items
@dataclass
class Item:
    """One piece of evidence found in a sentence.

    ``kind``: relation (source -> target), eval (holder judges target), negated (a relation
    cue cancelled by negation). ``holder`` is ``writer``, ``other`` or an actor id.
    """

    kind: str
    holder: str
    target: str
    polarity: int
    cue: str
    rule: str
    weight: float = 1.0


@dataclass
class Context:
    """What earlier sentences of the same article leave for pronouns."""

    subject: tuple[str, str, str] | None = None  # (actor, kind, gender)
    persons: list[str] = field(default_factory=list)  # person actors, most recent last
    actors: list[str] = field(default_factory=list)  # every actor, most recent last

    age: int = 0  # sentences since the subject was set

    def update(self, subject, persons: list[str], actors: list[str]) -> None:
        self.age += 1
        if subject is not None:
            self.subject = subject
            self.age = 1
        for p in persons:
            if p in self.persons:
                self.persons.remove(p)
            self.persons.append(p)
        for a in actors:
            if a in self.actors:
                self.actors.remove(a)
            self.actors.append(a)


@dataclass
class MentionRef:
    actor: str
    kind: str
    start: int
    end: int



class ParsedSentence:
    """A parsed sentence (spaCy ``Doc``) with its actor mentions, the context of the
    earlier sentences, the cue lexicon and the enabled rules; ``items`` collects what the
    rules find (:meth:`_emit`, no duplicates)."""

    def __init__(self, doc, mentions: list[MentionRef], ctx: Context, lexicon: CueLexicon,
                 rules: frozenset[str] | None = None):
        self.doc = doc
        self.lex = lexicon
        self.ctx = ctx
        self.rules = rules  # None = all rules; else the enabled rule names (for tests)
        self.tok_actor: dict[int, str] = {}
        self.tok_kind: dict[int, str] = {}
        self.mention_heads: list[int] = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.tok_actor[t.i] = m.actor
                self.tok_kind[t.i] = m.kind
            self.mention_heads.append(span.root.i)
        self.items: list[Item] = []
        self._speaker_cache: dict[int, str] | None = None

    def on(self, rule: str) -> bool:
        return self.rules is None or rule in self.rules

    def _emit(self, kind, holder, target, polarity, cue, rule, weight=1.0):
        if holder == target or not target:
            return
        key = (kind, holder, target, polarity, cue)
        if any((i.kind, i.holder, i.target, i.polarity, i.cue) == key for i in self.items):
            return
        self.items.append(Item(kind, holder, target, polarity, cue, rule, weight))

    # ------------------------------------------------------------------ entities
    def actor_of(self, tok) -> str | None:
        """Actor designated by a token: a mention, or a resolved pronoun."""
        if tok.i in self.tok_actor:
            return self.tok_actor[tok.i]
        low = tok.lower_.lstrip("-")
        if self.on("pronoun"):
            if low in PERSON_PRONOUNS and tok.pos_ == "PRON" and tok.dep_ in SUBJ_DEPS:
                return self._resolve_pronoun(tok, PERSON_PRONOUNS[low])
            if low == "dernier" and any(c.lower_ == "ce" for c in tok.children):
                return self._last_person_before(tok.i) or (
                    self.ctx.persons[-1] if self.ctx.persons else None)
        return None

    def actors_in(self, tok) -> list[str]:
        """Actors designated by a token and the tokens conjoined with it."""
        out = []
        for t in [tok, *[c for c in tok.children if c.dep_ == "conj"]]:
            a = self.actor_of(t)
            if a and a not in out:
                out.append(a)
        return out

    def _last_person_before(self, i: int) -> str | None:
        for j in range(i - 1, -1, -1):
            if j in self.tok_actor and self.tok_kind.get(j) == "person":
                return self.tok_actor[j]
        return None

    def _resolve_pronoun(self, tok, gender: str) -> str | None:
        # nearest earlier subject actor of the same sentence
        for j in range(tok.i - 1, -1, -1):
            t = self.doc[j]
            if j in self.tok_actor and t.dep_ in SUBJ_DEPS + ("ROOT",):
                return self.tok_actor[j]
        if self.ctx.subject is not None:
            actor, kind, g = self.ctx.subject
            compatible = kind == "person" or g == gender or (g == "" and gender == "Masc")
            if compatible and not (g and g != gender):
                return actor
        return self.ctx.persons[-1] if self.ctx.persons else None

    def _topic(self, i: int) -> list[str]:
        """Referent of a possessive before token ``i``: a subject actor of this sentence,
        else the previous sentence's person subject, else the last person mentioned."""
        for j in range(i - 1, -1, -1):
            if j in self.tok_actor and self.doc[j].dep_ in SUBJ_DEPS:
                return [self.tok_actor[j]]
        # « L'Autorité palestinienne a mis fin à ses contacts »: a non-actor subject of the
        # clause is the likely owner (unless it is itself possessed: « sa volonté ... sa colère »)
        verb, steps = self.doc[i].head, 0
        while verb.pos_ not in ("VERB", "AUX") and verb is not verb.head and steps < 4:
            verb, steps = verb.head, steps + 1
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubj:pass") and c.i not in self.tok_actor and \
                    c.pos_ in ("NOUN", "PROPN") and i not in {x.i for x in c.subtree} and \
                    not any(d.lower_ in POSSESSIVES for d in c.children):
                return []
        if self.ctx.subject is not None and self.ctx.subject[1] == "person" and \
                self.ctx.age <= 1:
            return [self.ctx.subject[0]]
        p = self._last_person_before(i)
        if p:
            return [p]
        return [self.ctx.persons[-1]] if self.ctx.persons else []

    def _possessor(self, noun, exclude: str | None) -> str | None:
        """Referent of a possessive determiner on ``noun`` other than ``exclude``."""
        if not self.on("pronoun"):
            return None
        dets = [c.lower_ for c in noun.children if c.lower_ in POSSESSIVES
                and c.dep_ in ("det", "nmod:poss")]
        if not dets:
            return None
        plural = dets[0] in ("leur", "leurs")  # « leurs forces armées »: any actor kind
        for j in range(noun.i - 1, -1, -1):
            a = self.tok_actor.get(j)
            if a and a != exclude and (plural or self.tok_kind.get(j) == "person"):
                return a
        if plural and self.ctx.actors:
            others = [a for a in self.ctx.actors if a != exclude]
            if others:
                return others[-1]
        for a in reversed(self.ctx.persons):
            if a != exclude:
                return a
        return None

    # ------------------------------------------------------------------ context
    def context_update(self) -> tuple[tuple[str, str, str] | None, list[str], list[str]]:
        """(main subject actor, persons, actors) of this sentence, for the next one."""
        subject = None
        for t in self.doc:
            if t.dep_ in ("nsubj", "nsubj:pass") and t.head.dep_ == "ROOT":
                a = self.actor_of(t)
                if a:
                    kind = self.tok_kind.get(t.i, "person")
                    if t.i not in self.tok_actor:  # a resolved pronoun keeps its actor
                        kind = "person"
                    g = t.morph.get("Gender")
                    subject = (a, kind, g[0] if g else "")
                    break
        persons = [self.tok_actor[i] for i in sorted(self.tok_actor)
                   if self.tok_kind.get(i) == "person"]
        actors = [self.tok_actor[i] for i in sorted(self.tok_actor)]
        if subject is not None and subject[1] == "person":
            persons = [p for p in persons if p != subject[0]] + [subject[0]]
        return subject, list(dict.fromkeys(persons)), list(dict.fromkeys(actors))

    def mentioned(self) -> list[str]:
        return list(dict.fromkeys(self.tok_actor[i] for i in sorted(self.tok_actor)))
