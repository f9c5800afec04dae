"""Who praises or attacks whom: dependency rules over spaCy parses of French sentences.

This module holds the rule engine shared by ``presse.stance``: the relation-cue lexicon
(``presse/data/relation_cues.csv``), the length-preserving normalisation applied before
parsing, the candidate filter (only sentences that mention an actor *and* contain a cue are
parsed), and ``analyse_sentence``, which turns one parsed sentence into relation and
evaluation *items*. The public tables (``stance_table``, ``relations_table``) live in
``presse.stance``.

Cue lexicon (``lemma, polarity, kind, prep, note``)
    * ``verb``   subject -> object verbs (féliciter +1, railler -1); ``prep`` lists the
      prepositions that introduce the target when it is not a direct object
      (ironiser *sur*, se déchaîner *contre*).
    * ``noun``   nominal cues: ``les félicitations de A à B``, ``son admiration pour B``,
      ``l'hostilité de A à l'égard de B``; ``prep`` lists the target prepositions.
    * ``label``  qualifying words read inside a ``frame`` complement (« pays hostile »).
    * ``frame``  verbs whose polarity comes from their complement (A qualifie B de « ... »,
      A décrit B comme ...); the sentiment lexicon of ``presse.sentiment`` is the fallback
      for complement words the label list does not know.
    * ``eval``   the writer's (or a quoted speaker's) judgement words predicated of an actor
      (« obnubilé », « s'est trompé », « la cruauté de X »).
    * ``report`` reporting verbs: their subject holds the stance of what they report.

Rules (each one has a test in ``tests/test_stance.py`` with a sentence that fails without it)
    1. subject-verb-object with the cue lexicon (lemma, or an inflected form when the tagger
       mislemmatises a participle);
    2. passive: the grammatical subject is the target, the ``par`` agent is the source;
    3. negation (ne ... pas/jamais/plus, cesser/arrêter de) cancels a relation: it is kept as
       an item with polarity 0 so that the stance cue still shows « ne ... pas »;
    4. pronouns (il, elle, ce dernier) carried from the previous sentences: the last
       compatible subject actor, else the last person mentioned; possessives on an object
       (« il a salué son courage ») point to the last other person;
    5. metonyms come resolved from the mentions table (the actor file maps « le Kremlin »
       to ``russia``);
    6. nominal cues with ``de``/possessive source and prepositional target;
    7. conjunctions share subjects and objects, ``xcomp``/participles inherit the subject;
    8. a narrow linear fallback (« A a félicité B » where the parser failed): an actor just
       before the cue (only auxiliaries, adverbs, negation or clitics between) and an actor
       just after it (only determiners or adverbs between).
    9. holders: a reporting verb's subject (« a déclaré X », « X estime que »), ``selon X``
       and quotation marks make the reported content the speaker's, not the writer's.

What it cannot do: irony, long-distance coreference, implicit targets (« ces attaques »),
stance expressed across several sentences; the small spaCy model misparses some long
sentences, which the linear fallback only partly repairs.

Modules: :mod:`~presse.relations.cues` (the cue lexicon and its inflections, the word sets of
the rules), :mod:`~presse.relations.rules` (the rules on one parsed sentence:
:class:`SentenceAnalyser`, put together from :mod:`~presse.relations.sentence`,
:mod:`~presse.relations.syntax`, :mod:`~presse.relations.holders`,
:mod:`~presse.relations.verbal`, :mod:`~presse.relations.nominal` and
:mod:`~presse.relations.fallback`), :mod:`~presse.relations.tables` (the stance and relations tables
of a corpus, parsing only what needs it). The public ``stance_table`` / ``relations_table``
are re-exported by :mod:`presse.stance`.
"""

from __future__ import annotations

from presse.relations.cues import (  # noqa: F401
    CESSATION,
    COUNTERPARTS,
    CUE_KINDS,
    CUES_CSV,
    MISSED,
    MISSED_FORMS,
    NEGATORS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    POSSESSIVES,
    PREP_ONLY,
    QUOTE_CHARS,
    SUBJ_DEPS,
    Cue,
    CueLexicon,
    _sentiment_weights,
    get_lexicon,
    inflections,
    load_cues,
    normalise_for_parse,
)
from presse.relations.rules import (
    Context,
    Item,
    MentionRef,
    SentenceAnalyser,
    analyse_sentence,
)
from presse.relations.tables import (  # noqa: F401
    _CACHE,
    RELATION_COLUMNS,
    STANCE_COLUMNS,
    _cache_key,
    _doc_dates,
    analyse_sentences,
    relations_table,
    stance_table,
)

__all__ = [
    "CESSATION",
    "COUNTERPARTS",
    "CUES_CSV",
    "CUE_KINDS",
    "MISSED",
    "MISSED_FORMS",
    "NEGATORS",
    "PERSON_NOUNS",
    "PERSON_PRONOUNS",
    "POSSESSIVES",
    "PREP_ONLY",
    "QUOTE_CHARS",
    "RELATION_COLUMNS",
    "STANCE_COLUMNS",
    "SUBJ_DEPS",
    "Context",
    "Cue",
    "CueLexicon",
    "Item",
    "MentionRef",
    "SentenceAnalyser",
    "analyse_sentence",
    "analyse_sentences",
    "get_lexicon",
    "inflections",
    "load_cues",
    "normalise_for_parse",
    "relations_table",
    "stance_table",
]
