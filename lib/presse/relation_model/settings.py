"""Settings of the learned relation extractor: methods, files, hyper-parameter grids, word
sets, and the :class:`Span` record of one entity mention.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from presse import config

FORMAT = "presse-relation-model/1"
DEFAULT_MODEL: Path = config.PACKAGE_DATA / "relation_model.json.gz"
GOLD_CSV: Path = config.ANNOTATIONS / "relations_news.csv"
MODEL_ENV = "PRESSE_RELATION_MODEL"
METHODS = ("combined", "learned", "rules")
#: The method of the build's stance and relations tables (see the module docstring).
DEFAULT_METHOD = "rules"
CLASSES = (-1, 0, 1)
#: Hyper-parameters tried on the dev fold by ``train_default`` (the first is the default).
C_GRID = (0.3, 0.1, 1.0, 3.0)
WEIGHT_GRID = ("balanced", None)
THRESHOLD_GRID = tuple(round(x, 2) for x in np.arange(0.2, 0.91, 0.05))
DEFAULT_PARAMS = {"C": 0.3, "class_weight": "balanced"}

REPORT_LEMMAS = frozenset({"déclarer", "dire", "affirmer", "estimer", "juger", "annoncer",
                           "expliquer", "ajouter", "souligner", "assurer", "indiquer",
                           "écrire", "tweeter", "lancer", "répondre", "préciser"})
NEG_WORDS = frozenset({"ne", "n'", "pas", "jamais", "plus", "guère", "aucun", "aucune",
                       "ni", "sans", "nullement"})
_OPEN_Q, _CLOSE_Q = frozenset("«“„"), frozenset("»”")


@dataclass(frozen=True)
class Span:
    """One entity mention: char offsets in the sentence, an id and a kind."""

    start: int
    end: int
    actor: str
    kind: str = "person"
