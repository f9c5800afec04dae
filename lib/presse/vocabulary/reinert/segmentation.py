"""Text segments and the segment x term table of a Reinert classification (steps 1-2).

Texts are cut into segments of about 40 words at the strongest nearby punctuation
(:func:`segments`); each segment becomes a row of lemma counts (:func:`segment_term_matrix`,
read as presence / absence by the classification); consecutive short segments of a text
can be merged into context units (:func:`context_units`, rainette's ``min_segment_size``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from presse.vocabulary import _tokens

SEGMENT_SIZE = 40
_STRONG = frozenset(".!?…")
_MEDIUM = frozenset(";:")


def _boundary_strength(gap: str) -> int:
    if "\n" in gap:
        return 4
    if any(ch in _STRONG for ch in gap):
        return 3
    if any(ch in _MEDIUM for ch in gap):
        return 2
    if "," in gap:
        return 1
    return 0


def _cut_points(strength: Sequence[int], n: int, size: int) -> list[int]:
    """Word indices where segments start (0 first): cut near every ``size`` words at the
    strongest boundary within [0.6, 1.4] x size of the segment start."""
    cuts = [0]
    s = 0
    lo_f, hi_f = max(1, math.ceil(0.6 * size)), max(1, int(1.4 * size))
    while n - s > hi_f:
        lo, hi = s + lo_f, min(n - 1, s + hi_f)
        best = max(range(lo, hi + 1), key=lambda c: (strength[c], -abs(c - (s + size)), -c))
        cuts.append(best)
        s = best
    return cuts


def segments(texts: pd.DataFrame, size: int = SEGMENT_SIZE) -> pd.DataFrame:
    """Cut each text into segments of about ``size`` words (IRaMuTeQ's *segments de texte*).

    texts: DataFrame with doc_id and text (e.g. the documents table). Returns DataFrame
    segment_id ("<doc_id>:<n>", n zero-padded to 4), doc_id, seg_index, start, end
    (offsets in the normalised text), n_words, text. A text shorter than 1.4 x size is one
    segment; empty texts give none.
    """
    if size < 2:
        raise ValueError(f"segment size must be at least 2 words, got {size}")
    rows = []
    for doc_id, raw in texts[["doc_id", "text"]].itertuples(index=False):
        text = _tokens.normalize_text("" if raw is None or pd.isna(raw) else str(raw))
        ws = _tokens.words(text)
        if not ws:
            continue
        strength = [4] + [_boundary_strength(text[ws[i - 1].end:ws[i].start])
                          for i in range(1, len(ws))]
        cuts = _cut_points(strength, len(ws), size) + [len(ws)]
        for n, (a, b) in enumerate(itertools.pairwise(cuts)):
            start = ws[a].start
            end = ws[b].start if b < len(ws) else len(text)
            seg = text[start:end].strip()
            rows.append((f"{doc_id}:{n:04d}", doc_id, n, start, start + len(seg), b - a,
                         " ".join(seg.split())))
    out = pd.DataFrame(rows, columns=["segment_id", "doc_id", "seg_index", "start", "end",
                                      "n_words", "text"])
    return out.astype({"seg_index": "int64", "start": "int64", "end": "int64",
                       "n_words": "int64"})


def segment_term_matrix(texts: Sequence[str], min_df: int = 3, lemmatize: bool = True,
                        stop_words="presse") -> tuple[sparse.csr_matrix, np.ndarray]:
    """Counts of each term in each segment (csr, int) and the term names.

    Lemmas, our stop words out, terms present in fewer than ``min_df`` segments out (the
    classification uses presence / absence; counts serve the context-unit sizes).
    """
    vec = _tokens.count_vectorizer(min_df=1, lemmatize=lemmatize, stop_words=stop_words)
    texts = list(texts)
    try:
        X = vec.fit_transform(texts).tocsr()
    except ValueError:
        return sparse.csr_matrix((len(texts), 0), dtype=np.int64), np.array([], dtype=object)
    terms = np.asarray(vec.get_feature_names_out(), dtype=object)
    df = np.bincount(X.indices, minlength=X.shape[1])
    keep = np.flatnonzero(df >= min_df)
    X = X[:, keep].astype(np.int64)
    X.sort_indices()
    return X.tocsr(), terms[keep]


def context_units(X: sparse.csr_matrix, doc_ids: Sequence, min_size: int) -> np.ndarray:
    """Context unit of each segment: consecutive segments of a text merged until they hold
    at least ``min_size`` term occurrences (a short tail joins the unit before it).
    ``min_size=0`` keeps one unit per segment."""
    n = X.shape[0]
    if min_size <= 0:
        return np.arange(n)
    sizes = np.asarray(X.sum(axis=1)).ravel()
    doc_ids = list(doc_ids)
    uc = np.empty(n, dtype=np.int64)
    cur, acc, u = None, 0, -1
    open_start = True
    for i in range(n):
        if doc_ids[i] != cur:
            cur, acc, open_start = doc_ids[i], 0, True
        if open_start:
            u += 1
            acc = 0
            open_start = False
        uc[i] = u
        acc += sizes[i]
        if acc >= min_size:
            open_start = True
        last_of_doc = i + 1 == n or doc_ids[i + 1] != cur
        if last_of_doc and acc < min_size and i > 0 and doc_ids[i - 1] == cur \
                and uc[i - 1] != u:
            # a short tail joins the previous unit of the same text
            uc[uc == u] = u - 1
            u -= 1
    return np.unique(uc, return_inverse=True)[1]
