"""Verb cues (rules 1 and 2).

A mixin of :class:`~presse.relations.rules.SentenceAnalyser`.

Subject-verb-object with the cue lexicon (rule 1: « A félicite B », « A ironise sur B »),
the passive (rule 2: « B est critiqué par A »), « il » that cannot be its own object, and
frame verbs whose complement gives the polarity (« A qualifie B de "pays hostile" »,
``label`` cues, else the sentiment lexicon).
"""

from __future__ import annotations

from presse.relations.cues import (
    PREP_ONLY,
    _sentiment_weights,
)
from presse.text import nfc


class VerbalRules:
    """The ``verb`` and ``frame`` cue rules (need
    :class:`~presse.relations.sentence.ParsedSentence` and
    :class:`~presse.relations.syntax.Arguments`)."""

    def _verb_rule(self, tok) -> None:
        if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ in ("NOUN", "ADJ") and
                                                    tok.morph.get("VerbForm")):
            return
        cue = self.lex.lookup(tok, ("verb",))
        if cue is None:
            return
        subj, passive = self.subject_of(tok)
        if passive and self.on("passive"):
            targets = subj
            sources = self.agent_of(tok)
            rule = "passive"
        else:
            sources = subj
            targets = []
            if cue.lemma == "prendre" and not any(
                    t.lower_ in ("en", "s'en") for t in self.doc[max(0, tok.i - 3): tok.i]):
                return  # only « s'en prendre à X »
            for s in sources or [None]:
                targets += [t for t in self.find_targets(tok, cue.preps, exclude=s,
                                                         prep_only=cue.lemma in PREP_ONLY)
                            if t not in targets]
            rule = "svo"
            if sources and not targets and self._pronoun_subject(tok):
                # « Il vante ... du dirigeant russe »: il cannot be the (non-reflexive)
                # object; take the previous other person instead
                every = self.find_targets(tok, cue.preps)
                alt = [p for p in reversed(self.ctx.persons) if p not in every]
                if every and alt:
                    sources, targets = [alt[0]], every
        if not targets and sources and not passive:
            targets = self._right_window(tok, cue.preps, exclude=sources[0])
        if not sources or not targets:
            return
        neg = self.negated(tok) or self._missed(tok, window=False)
        for s in sources:
            for t in targets:
                if neg:
                    self._emit("negated", s, t, 0, f"ne ... pas {cue.lemma}", "negation")
                else:
                    self._emit("relation", s, t, cue.polarity, cue.lemma, rule)

    def _frame_rule(self, tok) -> None:
        if tok.pos_ not in ("VERB", "AUX") and tok.dep_ != "acl":
            return
        cue = self.lex.lookup(tok, ("frame",))
        if cue is None:
            return
        subj, _ = self.subject_of(tok)
        objs = [c for c in tok.children if c.dep_ in ("obj", "iobj")]
        targets = [a for o in objs for a in self.actors_in(o)]
        if tok.dep_ == "acl" and self.on("passive"):
            # « un soutien des États-Unis à Kiev, perçu par le Kremlin comme une ingérence »:
            # the agent judges the author (de-nmod) of the noun the participle modifies
            agent = self.agent_of(tok)
            if agent:
                subj = agent
                targets = [a for c in tok.head.children if c.dep_ == "nmod"
                           and self._case(c) in ("de", "du", "des", "d'")
                           for a in self.actors_in(c)] or self.actors_in(tok.head)
                objs = []
        if not targets:
            return
        target_ids = {x.i for x in objs}
        pol = 0.0
        words = []
        weights = _sentiment_weights()
        for x in tok.subtree:
            if x.i in target_ids or x.i == tok.i or x.i in self.tok_actor:
                continue
            lab = self.lex.lookup(x, ("label",))
            if lab is not None:
                pol += lab.polarity
                words.append(lab.lemma)
            elif x.pos_ in ("ADJ", "NOUN"):
                w = weights.get(nfc(x.lower_))
                if w is not None and abs(w) >= 0.3:
                    pol += w
                    words.append(x.lower_)
        if pol == 0 or not subj:
            return
        sign = 1 if pol > 0 else -1
        neg = self.negated(tok)
        for s in subj:
            for t in targets:
                if neg:
                    self._emit("negated", s, t, 0, f"ne ... pas {cue.lemma}", "negation")
                else:
                    prep = cue.preps[0] if cue.preps else "de"
                    self._emit("relation", s, t, sign,
                               f"{cue.lemma} {prep} {' '.join(dict.fromkeys(words))}", "frame")
