"""Where a cue's arguments are.

A mixin of :class:`~presse.relations.rules.SentenceAnalyser`.

Subjects, inherited through coordination, participles, ``xcomp`` and infinitives under a
noun (rule 7) or a detached topic; passives and their ``par`` agent (rule 2); targets
reached through objects, cue prepositions and ``de`` chains, with possessives on a judged
quality (rule 4); negation and « manquer une opportunité de ... » (rule 3). Every cue rule
(:mod:`~presse.relations.verbal`, :mod:`~presse.relations.nominal`) asks these questions;
the actors themselves come from :class:`~presse.relations.sentence.ParsedSentence`.
"""

from __future__ import annotations

from presse.relations.cues import (
    CESSATION,
    COUNTERPARTS,
    MISSED,
    MISSED_FORMS,
    NEGATORS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    POSSESSIVES,
    SUBJ_DEPS,
)


class Arguments:
    """Subjects, agents, targets and negation of a cue (needs the
    :class:`~presse.relations.sentence.ParsedSentence` attributes)."""

    def subject_of(self, verb, depth: int = 0) -> tuple[list[str], bool]:
        """(subject actors, passive?) of a verb, inheriting through conj/xcomp/advcl."""
        # the small model labels many active subjects nsubj:pass: require être or a par-agent
        passive = (any(c.dep_ == "aux:pass" and c.lemma_ == "être" for c in verb.children)
                   or bool(self.agent_of(verb))) and not any(
            c.dep_ in ("expl:comp", "expl:pv") or c.lower_ in ("s'", "se")
            for c in verb.children)
        for c in verb.children:
            if c.dep_ in SUBJ_DEPS:
                acts = self.actors_in(c)
                if acts:
                    return acts, passive
                if c.dep_ != "expl:subj":
                    return [], False
        if verb.dep_ == "acl" and verb.head is not verb and verb.head.pos_ != "VERB":
            # « Vladimir Poutine félicitant son homologue »: a participle on a noun has that
            # noun as subject (« les rebelles, soutenus par l'Iran » is about the rebels)
            if verb.head.i in self.tok_actor:
                return [self.tok_actor[verb.head.i]], passive
            if verb.head.pos_ in ("NOUN", "PROPN") and "Part" in verb.morph.get("VerbForm"):
                return [], passive
        if verb.dep_ == "ROOT" and self.on("conj"):
            # detached topic parsed as a second root: « Trump, de son côté, a réaffirmé ... »
            for t in self.doc[: verb.i]:
                if t.dep_ == "ROOT" and t.i in self.tok_actor:
                    return [self.tok_actor[t.i]], passive
        if verb.pos_ == "NOUN" and self.on("pronoun") and any(
                c.lower_ in POSSESSIVES for c in verb.children if c.dep_ == "det"):
            # « sa volonté de s'engager ... », « son intention de prendre contact »
            topic = self._topic(verb.i)
            if topic:
                return topic, passive
        if depth < 4 and self.on("conj") and verb.dep_ in (
                "conj", "xcomp", "advcl", "acl", "ccomp", "obj", "nmod", "obl:arg",
                "obl:mod") and verb.head is not verb:
            # inherit the subject of the governing verb (coordination, participles, xcomp,
            # and infinitives under a noun: « son intention de prendre contact avec X »)
            nonfinite = bool(set(verb.morph.get("VerbForm")) & {"Inf", "Part"}) or \
                verb.pos_ == "NOUN"
            if verb.dep_ in ("conj", "xcomp", "advcl") or nonfinite:
                acts, _ = self.subject_of(verb.head, depth + 1)
                if acts:
                    return acts, passive
        return [], passive

    def agent_of(self, verb) -> list[str]:
        for c in verb.children:
            if (c.dep_.startswith("obl") or c.dep_ == "nmod") and any(
                    g.lower_ == "par" for g in c.children if g.dep_ == "case"):
                return self.actors_in(c)
        return []

    def _pronoun_subject(self, verb) -> bool:
        return any(c.dep_ in SUBJ_DEPS and c.lower_.lstrip("-") in PERSON_PRONOUNS
                   for c in verb.children)

    def _case(self, tok) -> str:
        return " ".join(g.lower_ for g in tok.children if g.dep_ in ("case", "fixed", "mark")
                        and g.i < tok.i)

    def find_targets(self, head, preps: tuple[str, ...], depth: int = 0,
                     exclude: str | None = None, prep_only: bool = False) -> list[str]:
        """Actors reached from ``head`` through objects, prepositions in ``preps`` and nmods.

        ``prep_only``: only actors introduced by one of ``preps`` count (« proposer un accord
        à X », not « proposer son aide »)."""
        out: list[str] = []
        for c in head.children:
            dep = c.dep_
            if dep in ("nsubj", "nsubj:pass", "punct", "cc", "aux:tense", "aux:pass", "advmod"):
                continue
            if depth >= 1 and dep in ("acl:relcl", "acl"):
                # "pour la manière dont Trump a réagi": the subject of a relative clause
                subj, _ = self.subject_of(c)
                out += [a for a in subj if a not in out and a != exclude]
                continue
            if dep == "conj" and c.pos_ in ("NOUN", "PROPN") and head.pos_ in ("VERB", "AUX"):
                dep = "obj"  # coordinated object parsed as a conjunct of the verb
            case = self._case(c)
            direct = dep in ("obj", "iobj", "obl:arg", "xcomp") and not case
            prep_ok = bool(case) and (case in preps or any(p.split()[0] == case.split()[0]
                                                          for p in preps if p))
            nominal_chain = depth > 0 and dep in ("nmod", "obl:arg", "obl:mod", "obl") and (
                case in ("de", "d'", "du", "des", "avec", "sur", "contre", "envers") or prep_ok)
            if not (direct or prep_ok or nominal_chain or dep == "obj"):
                continue
            acts = [a for a in self.actors_in(c) if a != exclude]
            if acts:
                if not prep_only or prep_ok:
                    out += [a for a in acts if a not in out]
                continue
            if c.lemma_.lower() in PERSON_NOUNS:
                continue  # « le vice-président de Trump » is not Trump
            if c.lower_ == "égard" or (depth < 2 and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM",
                                                                 "ADJ", "X")):
                # « il a salué son courage », « le courage de leurs forces »: a possessive on
                # a judged quality points to its owner (not « défendre son bilan »)
                quality = self.lex.lookup(c, ("label",)) is not None or \
                    self.lex.lookup(head, ("label",)) is not None or c.lower_ in COUNTERPARTS
                poss = self._possessor(c, exclude) if quality else None
                if poss:
                    out.append(poss)
                    continue
                if depth == 0 or prep_ok:  # « la puissance militaire de Moscou », one level
                    out += [a for a in self.find_targets(c, preps, depth + 1, exclude,
                                                         prep_only) if a not in out]
        return out

    def negated(self, tok) -> bool:
        if not self.on("negation"):
            return False
        if any(c.lower_ in NEGATORS or c.lemma_ == "ne" or "Neg" in c.morph.get("Polarity")
               for c in tok.children if c.dep_ in ("advmod", "neg", "fixed")):
            return True
        head = tok.head
        if tok.dep_ in ("xcomp", "ccomp") and head is not tok:
            if head.lemma_ in CESSATION:
                return True
            if tok.dep_ == "xcomp" and any(
                    c.lower_ in NEGATORS for c in head.children if c.dep_ == "advmod"):
                return True
        return False

    def _missed(self, tok, window: bool = True) -> bool:
        """A nominal cue under « manquer / rater / refuser une opportunité de ... » did not
        happen: « manquant une opportunité de rapprochement avec Washington »."""
        if not self.on("negation"):
            return False
        head, steps, node = tok.head, 0, tok
        while head is not head.head and steps < 3:
            if node.dep_ == "conj":
                return False  # « a cessé de blâmer X et accuse Y »: accuse is not cancelled
            if head.lemma_ in MISSED or head.lower_ in MISSED_FORMS:
                return True
            node, head, steps = head, head.head, steps + 1
        if head.lemma_ in MISSED or head.lower_ in MISSED_FORMS:
            return True
        if not window:
            return False
        # the parser often detaches the participle: look at the few words before the cue
        return any(t.lemma_ in MISSED or t.lower_ in MISSED_FORMS
                   for t in self.doc[max(0, tok.i - 6): tok.i])
