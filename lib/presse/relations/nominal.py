"""Noun cues and evaluation words (rule 6).

A mixin of :class:`~presse.relations.rules.SentenceAnalyser`.

Nominal cues (rule 6): « les félicitations de A à B », « son admiration pour B »,
« l'hostilité de A à l'égard de B »: the source is a ``de`` / possessive / adjective
(« l'agression russe ») or the subject of the noun's clause, the target a cue preposition.
Evaluation words (``eval`` cues) are judgements predicated of an actor (« obnubilé »,
« la cruauté de X »): the writer's, a quoted speaker's, or the governing clause's subject's.
"""

from __future__ import annotations

from presse.relations.cues import (
    POSSESSIVES,
    SUBJ_DEPS,
)


class NominalRules:
    """The ``noun`` and ``eval`` cue rules (need
    :class:`~presse.relations.sentence.ParsedSentence`,
    :class:`~presse.relations.syntax.Arguments` and :class:`~presse.relations.holders.Holders`)."""

    def _noun_rule(self, tok) -> None:
        if tok.pos_ not in ("NOUN", "PROPN", "X"):
            return
        cue = self.lex.lookup(tok, ("noun",))
        if cue is None:
            return
        sources: list[str] = []
        targets: list[str] = []
        preps = cue.preps + ("égard", "à l'égard de", "vis-à-vis", "envers", "contre", "pour")
        egard = [c.i for c in tok.children if c.lower_ == "égard"]
        for c in tok.children:
            case = self._case(c)
            acts = self.actors_in(c)
            if acts and egard and c.i > egard[0]:  # « à l'égard des États-Unis »
                targets += acts
                continue
            if not acts and c.dep_ in ("amod",) and c.i in self.tok_actor:
                acts = [self.tok_actor[c.i]]
            if not acts:
                if c.lower_ == "égard" or c.dep_ in ("nmod", "obl", "obl:arg", "obl:mod"):
                    deeper = self.find_targets(c, preps, depth=1)
                    if case and (case.split()[0] in ("à", "au", "pour", "envers", "contre",
                                                      "vis-à-vis") or c.lower_ == "égard"):
                        targets += deeper
                continue
            if case in ("de", "du", "des", "d'", "de la part de", "par") and not sources:
                sources += acts
            elif case and (case in preps or case.split()[0] in
                           ("à", "au", "aux", "pour", "envers", "contre", "avec", "sur")):
                targets += acts
            elif c.dep_ == "amod":  # l'agression russe: the adjective is the source
                sources += acts
        if not sources and self.on("passive"):  # « aide à Kiev allouée par le Congrès »
            for c in tok.children:
                if c.dep_ in ("acl", "acl:relcl"):
                    sources = self.agent_of(c)
                    if sources:
                        break
        if not sources and self.on("pronoun") and any(
                c.lower_ in POSSESSIVES for c in tok.children if c.dep_ == "det"):
            sources = self._topic(tok.i)
        if not sources:
            # the noun's clause: climb nmod/obj heads to the first verb and take its subject
            # (« il a brandi la menace d'un soutien accru à Kiev »)
            verb, steps = tok, 0
            while verb.dep_ in ("obj", "nsubj", "obl", "obl:arg", "obl:mod", "xcomp", "nmod") \
                    and verb.head is not verb and steps < 3:
                verb, steps = verb.head, steps + 1
                if verb.pos_ in ("VERB", "AUX"):
                    break
            if verb is not tok and verb.pos_ in ("VERB", "AUX"):
                if self.lex.lookup(verb, ("verb",)) is not None:
                    return  # « ironisé sur les tentatives de dialogue »: the verb rule decides
                sources, _ = self.subject_of(verb)
        if not targets and sources:
            targets = self._right_window(tok, preps, exclude=sources[0])
        if not sources or not targets:
            return
        neg = self.negated(tok) or self._missed(tok)
        for s in sources:
            for t in targets:
                if neg:
                    self._emit("negated", s, t, 0, f"ne ... pas {cue.lemma}", "negation")
                else:
                    self._emit("relation", s, t, cue.polarity, cue.lemma, "nominal")

    def _eval_rule(self, tok) -> None:
        cue = self.lex.lookup(tok, ("eval",))
        if cue is None:
            return
        targets: list[str] = []
        # predicates (verbs, adjectives, and nouns the tagger made ROOT)
        subj, _ = self.subject_of(tok)
        targets += subj
        if not targets:  # "la proposition de Trump mérite ...": the subject's author
            for c in tok.children:
                if c.dep_ in SUBJ_DEPS:
                    for g in c.children:
                        if g.dep_ == "nmod" and self._case(g) in ("de", "du", "des", "d'"):
                            targets += self.actors_in(g)
        if not targets and tok.dep_ in ("amod", "acl") and tok.head is not tok:
            # "des déclarations belliqueuses de Trump", "obnubilé ..., le chef du Kremlin"
            head = tok.head
            targets += self.actors_in(head) or [
                a for c in head.children if c.dep_ in ("nmod",) for a in self.actors_in(c)]
            if not targets and head.dep_ == "obj" and head.head is not head:
                # « Poutine a commis un mauvais investissement »: the agent of the act
                targets += self.subject_of(head.head)[0]
            if not targets and head.dep_ in ("xcomp", "ROOT", "attr"):
                # « Le parcours de Trump s'est révélé être un jeu mélodramatique »
                pred = head.head if head.dep_ == "xcomp" else head
                for c in pred.children:
                    if c.dep_ in SUBJ_DEPS:
                        targets += [a for g in c.children if g.dep_ == "nmod"
                                    for a in self.actors_in(g)]
            if not targets and self.on("pronoun"):
                # « son style ... souvent grossier »: the possessor of the judged noun
                for noun in (head, head.head):
                    if any(c.lower_ in POSSESSIVES for c in noun.children
                           if c.dep_ == "det"):
                        targets += self._topic(noun.i)
                        break
        if not targets and tok.dep_ in ("advcl", "acl", "ROOT") :
            # fronted participle: « Obnubilé par ..., le chef du Kremlin aurait ... »
            for c in tok.head.children if tok.dep_ != "ROOT" else tok.children:
                if c.dep_ in SUBJ_DEPS:
                    targets += self.actors_in(c)
        if tok.pos_ in ("NOUN", "PROPN", "X"):
            for c in tok.children:
                if c.dep_ in ("nmod", "amod") and self._case(c) in ("de", "du", "des", "d'", ""):
                    targets += self.actors_in(c)
            if targets:  # « la cruauté de Trump et Poutine » (conjunct attached to the noun)
                targets += [a for c in tok.children if c.dep_ == "conj"
                            for a in self.actors_in(c)]
        if not targets:
            return
        holder = self.speaker_of(tok)
        kind = "eval"
        if holder == "writer" and tok.pos_ in ("NOUN", "PROPN", "X") and tok.dep_ != "ROOT":
            # « il en avait assez des absurdités de Poutine »: the governing clause's
            # subject holds the judgement, not the writer
            head, steps = tok.head, 0
            while head.pos_ not in ("VERB", "AUX", "ADJ") and head.dep_ != "ROOT" and steps < 3:
                head, steps = head.head, steps + 1
            subj, passive = self.subject_of(head)
            subj = [a for a in subj if a not in targets]
            if subj and not passive and head.pos_ in ("VERB", "AUX", "ADJ"):
                holder, kind = subj[0], "relation"
        neg = self.negated(tok)
        for t in dict.fromkeys(targets):
            if neg:
                self._emit("negated", holder, t, 0, f"ne ... pas {cue.lemma}", "negation", 0.5)
            else:
                self._emit(kind, holder, t, cue.polarity, cue.lemma, "eval",
                           0.5 if kind == "eval" else 1.0)
