"""A learned relation extractor: who praises or attacks whom, with a probability.

Candidates are ordered pairs of entity mentions in one sentence (*source* -> *target*). Each
candidate becomes a bag of features read from the sentence and its spaCy parse:

* the words (lemmas) between the two mentions and around each of them, their order and
  distance, how many other mentions stand between them;
* the dependency path between the two mention heads (labels with direction, the lemma of
  the lowest common ancestor, the lemmas on the path);
* hits of the cue lexicon (``relation_cues.csv``) on the path, between the mentions and near
  them, with their polarity and kind;
* reported speech (quotation marks, reporting verbs, ``selon``; who the rule engine makes
  the holder of the target's words), negation, conditionals and hypotheticals (``si``,
  conditional mood), future tense, a question mark;
* the lexicon tone of the words near the target (``presse.sentiment.score_texts(...,
  method="lexicon")``);
* the rule engine's own decision for the pair (``presse.relations.analyse_sentence``).

A multinomial logistic regression (scikit-learn, deterministic, BLAS threads pinned) gives
P(-1), P(0), P(+1) for every candidate; a relation is kept when P(+1) or P(-1) reaches the
decision ``threshold`` (chosen on the dev fold of ``data/annotations/relations_news.csv``,
settable). The fitted model is shipped as gzipped JSON (``presse/data/relation_model.json.gz``,
no pickle, same bytes for the same inputs) and rebuilt by ``presse train relations``.

Tables (``relations_table`` / ``stance_table``, the build's defaults) take ``method``
(in a build: ``presse build --relations combined --relation-threshold 0.8``, or
``build(..., relation_method=, relation_threshold=)``):

* ``"rules"`` (default, ``DEFAULT_METHOD``): the rule engine of ``presse.relations``
  unchanged;
* ``"combined"``: every relation of the rule engine (which also reads pronouns and the
  previous sentences) plus every model relation above the threshold;
* ``"learned"``: the model's relations only.

Why the rules stay the default: on the news test fold the learned and combined methods find
more relations than the rules but most of what they output is wrong, and on the embedded
corpus the combination adds opposite-sign relations next to the rules' right ones; a relation
timeline made of mostly wrong relations is worse than a sparse one. The figures are in
``benchmarks/relations_result.txt`` and ``docs/README-stance.md`` (``benchmarks/relations.py``
and notebook 30 print them).

Both tables come from the same decisions, so they never disagree: a relation S -> T in a
sentence is the stance row of T in that sentence held by S.

What it cannot do: it reads one sentence at a time (no coreference beyond what the rule
engine carries), its candidates at inference are the actors of the actor file (entities
outside it are not candidates), and it was trained on about a thousand labelled relations of
wire copy: rare constructions are learned from few examples.

Modules: :mod:`~presse.relation_model.settings` (methods, files, grids, the
:class:`Span` record), :mod:`~presse.relation_model.features` (candidate features from the
parse), :mod:`~presse.relation_model.model` (:class:`RelationModel`, the model file),
:mod:`~presse.relation_model.gold` (the gold set, decisions and scores),
:mod:`~presse.relation_model.training` (``presse train relations``),
:mod:`~presse.relation_model.tables` (the stance and relations tables, the build step).
"""

from __future__ import annotations

from presse.relation_model.features import (  # noqa: F401
    pair_features,
    sentence_features,
)
from presse.relation_model.gold import (  # noqa: F401
    GOLD_COLUMNS,
    gold_decisions,
    gold_features,
    load_gold,
    score_decisions,
    score_intervals,
)
from presse.relation_model.model import (  # noqa: F401
    RelationModel,
    load_model,
    model_path,
    use_model_file,
)
from presse.relation_model.settings import (  # noqa: F401  # noqa: F401
    C_GRID,
    CLASSES,
    DEFAULT_METHOD,
    DEFAULT_MODEL,
    DEFAULT_PARAMS,
    FORMAT,
    GOLD_CSV,
    METHODS,
    MODEL_ENV,
    NEG_WORDS,
    REPORT_LEMMAS,
    THRESHOLD_GRID,
    WEIGHT_GRID,
    Span,
)
from presse.relation_model.tables import (  # noqa: F401
    _CACHE,
    MAX_MENTIONS,
    RELATION_COLUMNS,
    STANCE_COLUMNS,
    analyse,
    relations_table,
    stance_relations_step,
    stance_relations_tables,
    stance_table,
)
from presse.relation_model.training import (
    test_fold_report,
    train_default,
    train_on_labels,
)

__all__ = [
    "DEFAULT_MODEL",
    "GOLD_CSV",
    "METHODS",
    "RelationModel",
    "Span",
    "analyse",
    "gold_decisions",
    "gold_features",
    "load_gold",
    "load_model",
    "relations_table",
    "score_decisions",
    "score_intervals",
    "sentence_features",
    "stance_table",
    "test_fold_report",
    "train_default",
    "train_on_labels",
    "use_model_file",
]
