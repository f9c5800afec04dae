"""Who holds what a sentence says (rule 9).

A mixin of :class:`~presse.relations.rules.SentenceAnalyser`.

A reporting verb's subject (« a déclaré X », « X estime que »), ``selon X`` and an inverted
quotation (« ... », a-t-il affirmé) make the reported words the speaker's, not the
writer's; evaluations and the stance table's ``speaker`` column read it from here.
"""

from __future__ import annotations

from presse.relations.cues import (
    _OTHER_SOURCES,
    QUOTE_CHARS,
    SUBJ_DEPS,
)


class Holders:
    """Speaker of each token: a reporting subject, ``selon X``, or the writer (needs
    :class:`~presse.relations.sentence.ParsedSentence` and
    :class:`~presse.relations.syntax.Arguments`)."""

    def speaker_of(self, tok) -> str:
        """Holder of what token ``tok`` says: a reporting subject, ``selon X``, or writer."""
        if self._speaker_cache is None:
            self._speaker_cache = self._speakers()
        return self._speaker_cache.get(tok.i, "writer")

    def _speakers(self) -> dict[int, str]:
        out: dict[int, str] = {}
        if not self.on("holder"):
            return out
        doc = self.doc
        for t in doc:
            if t.lower_ == "selon" and t.dep_ in ("case", "fixed"):
                holder_tok = t.head
                if holder_tok.lower_ in ("lequel", "lesquels", "laquelle", "lesquelles"):
                    # « les commentaires de Trump selon lesquels ... »: the comments' author
                    clause = holder_tok.head
                    ante = clause.head if clause.dep_.startswith("acl") else None
                    acts = [a for c in (ante.children if ante is not None else ())
                            if c.dep_ == "nmod" for a in self.actors_in(c)]
                    if acts:
                        for x in clause.subtree:
                            out.setdefault(x.i, acts[0])
                    continue
                acts = self.actors_in(holder_tok)
                if not acts and holder_tok.lower_ == "dernier":
                    acts = [self.ctx.persons[-1]] if self.ctx.persons else []
                holder = acts[0] if acts else "other"
                skip = {x.i for x in holder_tok.subtree}
                # "Selon un livre du journaliste X": the source is the book's author
                if not acts:
                    for x in holder_tok.subtree:
                        if x.ent_type_ == "PER" or x.pos_ == "PROPN":
                            holder = "other"
                            break
                for x in doc:
                    if x.i not in skip:
                        out.setdefault(x.i, holder)
        for t in doc:
            cue = self.lex.lookup(t, ("report",)) if t.pos_ in ("VERB", "AUX") else None
            if cue is None:
                continue
            subj_tok = next((c for c in t.children if c.dep_ in SUBJ_DEPS), None)
            acts, _ = self.subject_of(t)
            if acts:
                holder = acts[0]
            elif subj_tok is not None and subj_tok.lemma_.lower() in _OTHER_SOURCES:
                holder = "other"
            else:
                continue
            subj_ids = {x.i for x in subj_tok.subtree} if subj_tok is not None else set()
            content = [c for c in t.children if c.dep_ in ("ccomp", "parataxis", "obj",
                                                           "xcomp", "advcl", "conj")]
            idx = {x.i for c in content for x in c.subtree} - subj_ids
            # inverted quote: « ... », a-t-il affirmé -> everything before the verb
            if t.i > 0 and any(doc[j].text in QUOTE_CHARS for j in range(t.i)):
                idx |= {j for j in range(t.i) if j not in subj_ids}
            for j in idx:
                out[j] = holder
        return out

    def mention_speaker(self, actor: str) -> str:
        for i in sorted(self.tok_actor):
            if self.tok_actor[i] == actor:
                return self.speaker_of(self.doc[i])
        return "writer"
