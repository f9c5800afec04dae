"""The rules on one parsed sentence (:class:`SentenceAnalyser`): subject-verb-object, passive,
nominal, frame, evaluation and linear fallback, negation and holders; the context carried
from sentence to sentence.

:class:`SentenceAnalyser` puts together one class per job, each in its own module:

* :mod:`~presse.relations.sentence` -- the parsed sentence, which actor each token
  designates (mentions, pronouns, possessives), the items found, the :class:`Context` left
  for the next sentence (also :class:`Item`, :class:`MentionRef`);
* :mod:`~presse.relations.syntax` -- where a cue's arguments are: subjects (inherited
  through coordination and participles), passive agents, targets, negation;
* :mod:`~presse.relations.holders` -- who holds what is said (reporting verbs, ``selon``,
  quotations);
* :mod:`~presse.relations.verbal` -- verb cues (subject-verb-object, passive, frame verbs);
* :mod:`~presse.relations.nominal` -- noun cues and evaluation words;
* :mod:`~presse.relations.fallback` -- linear windows where the parser failed.

:meth:`SentenceAnalyser.run` fixes the order in which the rules see the tokens, which
decides among duplicate items.
"""

from __future__ import annotations

from collections.abc import Iterable

from presse.relations.cues import CueLexicon, get_lexicon
from presse.relations.fallback import FallbackRules
from presse.relations.holders import Holders
from presse.relations.nominal import NominalRules
from presse.relations.sentence import Context, Item, MentionRef, ParsedSentence
from presse.relations.syntax import Arguments
from presse.relations.verbal import VerbalRules

__all__ = ["Context", "Item", "MentionRef", "SentenceAnalyser", "analyse_sentence"]


class SentenceAnalyser(VerbalRules, NominalRules, FallbackRules, Holders, Arguments,
                       ParsedSentence):
    """Apply the rules to one parsed sentence (see :mod:`presse.relations`)."""

    def run(self) -> list[Item]:
        doc = self.doc
        for tok in doc:
            if tok.pos_ in ("VERB", "AUX", "NOUN", "ADJ", "PROPN", "X") or tok.dep_ == "fixed":
                self._verb_rule(tok)
                if self.on("nominal"):
                    self._noun_rule(tok)
                self._frame_rule(tok)
                self._eval_rule(tok)
        if self.on("linear"):
            self._linear_rule()
        return self.items


def analyse_sentence(doc, mentions: list[MentionRef], ctx: Context | None = None,
                     lexicon: CueLexicon | None = None,
                     rules: Iterable[str] | None = None) -> SentenceAnalyser:
    """Run every rule on one parsed sentence; returns the analyser (``.items`` filled).

    ``rules``: restrict to named rules (svo is always on; optional: passive, negation,
    pronoun, nominal, conj, linear, holder) — used by the tests to show each rule matters.
    """
    an = SentenceAnalyser(doc, mentions, ctx or Context(), lexicon or get_lexicon(),
                          frozenset(rules) if rules is not None else None)
    an.run()
    return an
