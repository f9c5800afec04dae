"""Topic models for French news: vectorising, fitting, choosing k, evidence and contrasts.

What is here
------------
- :class:`FrenchVectorizer` -- a scikit-learn compatible vectoriser for French: NFC,
  non-breaking spaces (U+00A0, U+202F) as spaces, typographic apostrophes folded, elisions
  (l', d', qu', j', n', s', c', jusqu', lorsqu', ...) stripped, accents kept, our own
  stop-word list (``presse/data/stopwords_fr.txt``: spaCy's French list, curated, plus news
  function words), lemmas, corpus-level frequency pruning (``min_df``/``max_df``) and
  optional bigrams.
- :func:`fit_topics` -- NMF on TF-IDF (default; deterministic NNDSVD initialisation and a
  cyclic coordinate-descent solver), LDA on counts, or MiniBatchNMF for large corpora. The
  returned :class:`TopicModel` holds the ``topics`` and ``doc_topics`` tables of DESIGN.md
  and applies itself to unseen texts with :meth:`TopicModel.transform`.
- :func:`sweep` / :func:`choose_n_topics` / :func:`plot_sweep` -- choosing the number of
  topics from NPMI coherence, topic diversity and stability.
- :func:`topic_prevalence`, :func:`representative_units`, :func:`distinctive_words` --
  how much each article or period gives to each topic, the paragraphs that carry a topic,
  and the words that set a group apart (weighted log-odds, Monroe et al. 2008).
- :func:`topics_tables` -- the ``presse build`` step (topics + doc_topics tables).

Lemmas come from :class:`presse.text.FrenchLemmatizer` (spaCy's French lookup tables, context
free, see there for why); normalisation, elisions and stop words from :mod:`presse.text`.

Modules: :mod:`~presse.topics.vectorize` (terms of French texts), :mod:`~presse.topics.model`
(fitting, :class:`TopicModel`), :mod:`~presse.topics.quality` (coherence, diversity,
stability, choosing k), :mod:`~presse.topics.evidence` (prevalence, representative units,
distinctive words, agreement with labels), :mod:`~presse.topics.step` (the build step).
"""

from __future__ import annotations

from presse.plots import plot_sweep, plot_topic_heatmap, plot_topic_timeline
from presse.text import FrenchLemmatizer
from presse.topics.evidence import (
    distinctive_words,
    label_agreement,
    representative_units,
    topic_prevalence,
)
from presse.topics.model import (  # noqa: F401
    LDA_SIGNIFICANT_DIGITS,
    METHODS,
    TopicModel,
    _fit_lda_reproducible,
    _round_significant,
    fit_topics,
    main_topic,
)
from presse.topics.quality import (
    choose_n_topics,
    npmi_coherence,
    sweep,
    topic_diversity,
    topic_stability,
)
from presse.topics.step import (  # noqa: F401
    MIN_UNITS,
    PARAGRAPH_UNIT_MAX_DOCS,
    candidate_ks,
    modelling_units,
    topics_tables,
)
from presse.topics.vectorize import (  # noqa: F401
    FrenchVectorizer,
    _default_lemmatizer,
    _raw_tokens,
    load_stopwords,
    normalize_text,
)

__all__ = [
    "FrenchLemmatizer",
    "FrenchVectorizer",
    "TopicModel",
    "choose_n_topics",
    "distinctive_words",
    "fit_topics",
    "label_agreement",
    "load_stopwords",
    "main_topic",
    "normalize_text",
    "npmi_coherence",
    "plot_sweep",
    "plot_topic_heatmap",
    "plot_topic_timeline",
    "representative_units",
    "sweep",
    "topic_diversity",
    "topic_prevalence",
    "topic_stability",
    "topics_tables",
]
