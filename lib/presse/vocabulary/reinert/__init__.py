"""Reinert's descending hierarchical classification (CHD), as IRaMuTeQ and rainette define it.

The method (Reinert 1983, 1990; IRaMuTeQ; J. Barnier's ``rainette`` vignette, whose
description this implementation follows -- written from the description, no code copied):

1. **Text segments** (:func:`segments`): each text is cut into segments of about 40 words,
   at the strongest punctuation near the target size (paragraph > sentence > ; : > comma).
2. **Segment x term table**: presence / absence (binary) of each lemma (stop words out,
   lemmas seen in fewer than 3 segments out) -- :func:`segment_term_matrix`. Short
   consecutive segments of a text can be merged into *context units* of at least
   ``min_segment_size`` terms before classifying (rainette's ``min_segment_size``).
3. **Bipartition** of a group: a correspondence analysis of its table orders the units on
   the first factor; among the cuts of that order ("the first i units against the
   others"), the one with the largest chi2 of the 2 x terms grouped table is kept; then each
   unit in turn moves to the other side if that raises the chi2, until none does.
4. **Term selection** for each half: terms present in fewer than ``tsj`` (3) of its units
   leave it; a term whose contingency coefficient with the split exceeds ``cc_test`` (0.3)
   stays only in the half that over-uses it.
5. **Hierarchy**: the largest group is split next, until ``k`` classes (or no group has at
   least ``min_split_members`` units or can be split).
6. **Double classification** (:func:`double_classification`, rainette2 / IRaMuTeQ's
   "double sur RST"): two simple classifications with different context-unit sizes
   (10 and 15 terms); every class of one (at every level) is crossed with every class of
   the other; crossed classes of at least ``min_members`` segments whose association chi2
   is at least ``min_chi2`` (3.84, p = 0.05) are candidates; for each number of classes
   k = 2..max_k, the set of k disjoint candidates with the largest total chi2 is the
   partition (rainette's ``chi2`` criterion; ties: the one classifying more segments,
   its ``n`` criterion), found by an exact branch and bound. Segments outside it stay
   unclassified (class 0): what both classifications agree on is kept, the rest is not
   forced into a class.
   The size constraint matters: a crossed class's association chi2 is about N x phi^2,
   whatever its size, so 42 segments that both classifications isolate (a repeated
   sign-off) count as much as 40,000. ``min_members`` therefore defaults to IRaMuTeQ's
   automatic minimum class size for a double classification, n_segments / (2 (k + 1))
   (:func:`auto_min_members`; rainette's default is a fixed 10, meant for small corpora).
7. **Description** of each class (:func:`class_terms`): chi2 of the 2 x 2 table (in class
   or not x term present or not), signed + for over-use; typical segments
   (:func:`typical_segments`): those with the largest sum of the chi2 of the class's
   over-used terms they contain.

Choosing k (:func:`choose_k`): among the double-classification partitions that classify
at least 75% of the segments (the usual reading of IRaMuTeQ results: "a CHD is kept when at
least three quarters of the segments are classified"), the one of largest total chi2 -- the
number of classes on which both classifications agree best; if none classifies 75%, the k
that classifies the most.

Deterministic: the first factor comes from a dense SVD (small tables) or ARPACK with a
fixed start vector, with the sign fixed; ties keep the input order; BLAS threads pinned.
A unit that has no active term left in a group cannot be placed by the chi2: it follows
the larger half (counted in ``splits.n_empty``).

Modules, one per stage: :mod:`~presse.vocabulary.reinert.segmentation` (steps 1-2),
:mod:`~presse.vocabulary.reinert.bipartition` (3-4), :mod:`~presse.vocabulary.reinert.tree`
(5, :func:`chd`), :mod:`~presse.vocabulary.reinert.double` (6 and :func:`choose_k`),
:mod:`~presse.vocabulary.reinert.profiles` (7); :func:`reinert` here runs them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from presse.vocabulary import _tokens  # noqa: F401  (tests read the tokenizer from here)
from presse.vocabulary.reinert.bipartition import (  # noqa: F401  (tested helpers)
    _best_cut,
    _bipartition,
    _select_terms,
    _switch,
)
from presse.vocabulary.reinert.double import (
    DoubleResult,
    _best_partition,  # noqa: F401  (tested helper)
    auto_min_members,
    choose_k,
    double_classification,
)
from presse.vocabulary.reinert.profiles import class_terms, typical_segments
from presse.vocabulary.reinert.segmentation import (
    SEGMENT_SIZE,
    context_units,
    segment_term_matrix,
    segments,
)
from presse.vocabulary.reinert.tree import ReinertResult, chd

__all__ = ["Classification", "DoubleResult", "ReinertResult", "auto_min_members", "chd",
           "choose_k", "class_terms", "context_units", "double_classification", "reinert",
           "segment_term_matrix", "segments", "typical_segments"]


# --------------------------------------------------------------------------- one call
@dataclass
class Classification:
    """What :func:`reinert` returns: the segments with their class, the classes, the term
    profiles and the typical segments, plus the method's details."""

    segments: pd.DataFrame   # segments table + class (0 = unclassified)
    classes: pd.DataFrame    # class, n_segments, share, top_terms
    terms: pd.DataFrame      # class_terms()
    typical: pd.DataFrame    # typical_segments()
    k: int
    method: str              # "double" or "simple"
    partitions: pd.DataFrame | None = None
    detail: object = field(default=None, repr=False)


def reinert(texts: pd.DataFrame, k: int | None = None, segment_size: int = SEGMENT_SIZE,
            max_k: int = 6, double: bool = True, min_df: int = 3,
            min_segment_size1: int = 10, min_segment_size2: int = 15,
            min_members: int | None = None, n_typical: int = 3, n_top_terms: int = 8,
            min_share: float = 0.75) -> Classification:
    """Segments, classification, class profiles and typical segments of a table of texts.

    texts: DataFrame doc_id, text (the documents table). ``k=None`` chooses it with
    :func:`choose_k` (double) or takes ``max_k`` (simple). ``min_members`` (double): the
    smallest crossed class; None = :func:`auto_min_members` (segments / 22, at least 3).
    """
    segs = segments(texts, size=segment_size)
    X, terms = segment_term_matrix(segs["text"], min_df=min_df)
    partitions = None
    if double:
        res = double_classification(X, segs["doc_id"].tolist(), k=max(10, max_k),
                                    max_k=max_k, min_segment_size1=min_segment_size1,
                                    min_segment_size2=min_segment_size2,
                                    min_members=min_members)
        partitions = res.partitions
        chosen = k if k is not None else choose_k(partitions, min_share)
        if chosen is None or chosen not in res.groups:
            raise ValueError(f"no double-classification partition with k={chosen} "
                             f"({len(segs)} segments; partitions for k = "
                             f"{partitions['k'].tolist()})")
        groups, method = res.groups[chosen], "double"
    else:
        res = chd(X, k=k or max_k, doc_ids=segs["doc_id"].tolist(),
                  min_segment_size=min_segment_size1)
        chosen = res.k
        groups, method = res.classes(), "simple"
    segs = segs.assign(**{"class": groups})
    prof = class_terms(X, terms, groups)
    typical = typical_segments(X, terms, groups, segs.drop(columns="class"), prof, n=n_typical)
    sizes = pd.Series(groups[groups > 0]).value_counts().sort_index()
    top = (prof[prof["chi2"] > 0].groupby("class").head(n_top_terms)
           .groupby("class")["term"].apply(", ".join))
    classes = pd.DataFrame({"class": sizes.index.astype(np.int64),
                            "n_segments": sizes.to_numpy(),
                            "share": sizes.to_numpy() / max(len(segs), 1)})
    classes["top_terms"] = classes["class"].map(top).fillna("")
    return Classification(segments=segs, classes=classes, terms=prof, typical=typical,
                          k=int(chosen), method=method, partitions=partitions, detail=res)
