"""Linear fallbacks for misparsed sentences (rule 8).

A mixin of :class:`~presse.relations.rules.SentenceAnalyser`.

The small French model often detaches an actor from its cue in long sentences. Two narrow
windows repair the commonest cases without reading arbitrary neighbours: an actor right
after a cue preposition (« hostilité envers son ancien ami du Kremlin »), and « A a félicité
B » with only auxiliaries, adverbs, negation or clitics before the cue and determiners or
adverbs after it. Both are switched by the ``linear`` rule.
"""

from __future__ import annotations

from presse.relations.cues import (
    _LEFT_GAP,
    _RIGHT_GAP,
    COUNTERPARTS,
    NEGATORS,
    POSSESSIVES,
)
from presse.text import nfc


class FallbackRules:
    """Word-window rules for when the parse misses an argument (need
    :class:`~presse.relations.sentence.ParsedSentence`)."""

    def _right_window(self, tok, preps: tuple[str, ...], exclude: str | None = None,
                      width: int = 6) -> list[str]:
        """Fallback when the parser detached the target: « hostilité envers son ancien ami
        du Kremlin » — a cue preposition right after the cue, then an actor within
        ``width`` tokens (no verb, punctuation or conjunction in between)."""
        if not self.on("linear") or not preps:
            return []
        doc = self.doc
        k = tok.i + 1
        if k >= len(doc) or doc[k].lower_ not in {p.split()[0] for p in preps}:
            return []
        for j in range(k + 1, min(len(doc), k + 1 + width)):
            if j in self.tok_actor:
                a = self.tok_actor[j]
                return [a] if a != exclude else []
            if doc[j].is_punct or doc[j].pos_ in ("VERB", "CCONJ", "SCONJ"):
                return []
        return []

    def _linear_rule(self) -> None:
        """« A a félicité B » when the parser did not attach A or B to the cue."""
        doc = self.doc
        for tok in doc:
            cue = None
            for c in self.lex.by_form.get(nfc(tok.lower_), ()):
                if c.kind == "verb":
                    cue = c
                    break
            if cue is None:
                continue
            if any(c.dep_ in ("nsubj", "nsubj:pass") and c.i not in self.tok_actor
                   and c.pos_ in ("NOUN", "PROPN") for c in tok.children):
                continue  # the parser found a (non-actor) subject: trust it
            if cue.lemma == "prendre":
                continue
            # source: actor ending just before the cue (only gap words in between)
            j = tok.i - 1
            while j >= 0 and doc[j].lower_ in _LEFT_GAP and j not in self.tok_actor:
                j -= 1
            fronted = False
            if j < 0 or j not in self.tok_actor:
                # fronted clause: « Un an après avoir félicité X ..., Y fait face »,
                # « En félicitant X, Y ... »: the source is the first actor after the comma
                prev = [t.lower_ for t in doc[max(0, tok.i - 3): tok.i]]
                if not (("après" in prev and "avoir" in prev) or prev[-1:] == ["en"]):
                    continue
                comma = next((x.i for x in doc[tok.i + 1:] if x.text == ","), None)
                if comma is None:
                    continue
                j = next((x for x in range(comma + 1, min(len(doc), comma + 5))
                          if x in self.tok_actor), None)
                if j is None:
                    continue
                fronted = True
            src = self.tok_actor[j]
            k = tok.i + 1
            while k < len(doc) and doc[k].lower_ in _RIGHT_GAP and k not in self.tok_actor:
                k += 1
            if k >= len(doc):
                continue
            if k in self.tok_actor:
                tgt = self.tok_actor[k]
            elif doc[k].lower_ in COUNTERPARTS and doc[k - 1].lower_ in POSSESSIVES:
                # « son homologue »: the other leader of the context
                tgt = next((p for p in reversed(self.ctx.persons) if p != src), None)
                if tgt is None:
                    continue
            else:
                continue
            if any(i.kind in ("relation", "negated") and i.holder == src and i.target == tgt
                   for i in self.items):
                continue
            neg = not fronted and any(doc[x].lower_ in NEGATORS for x in range(j + 1, tok.i))
            if neg:
                self._emit("negated", src, tgt, 0, f"ne ... pas {cue.lemma}", "negation")
            else:
                self._emit("relation", src, tgt, cue.polarity, cue.lemma, "linear")
