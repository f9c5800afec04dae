"""Same-story detection: rewrites of one story share a ``story_id``.

Web news is often the same story rewritten (by another outlet, a content farm, a
paraphrasing tool): 000 and 001 of the embedded corpus tell one story in different words.
Copy detectors (character or 5-word shingles) miss paraphrases, so the similarity here is
computed on what a rewrite keeps: its content vocabulary and local collocations.

**Similarity.** Jaccard similarity of *content shingle sets*: every content word (not a
French function word, at least 3 letters) lower-cased, accents stripped and truncated to a
5-letter prefix (a crude stemmer that merges ``fragilisation``/``fragilisé``,
``rapprochement``/``rapprocher``), plus every pair of consecutive content words (keeps
collocations such as ``envoyés spéciaux``, ``trêve ... Nouvel An``). Jaccard is chosen over
TF-IDF cosine because it needs no corpus statistics (an IDF estimated on five articles is
meaningless), so one threshold means the same thing on five articles and on 100,000.

**Threshold** :data:`STORY_THRESHOLD` = 0.12: between the embedded corpus's rewrite pair
and its most similar different stories, closer to the pair because on larger corpora
pairs just below it are mostly distinct articles on one recurring topic or template, pairs
well above it one event reported twice. On a large corpus of closely related news, raise
``threshold`` (0.15-0.20) and check pairs with :func:`story_pairs` (``all_pairs=True``)
before trusting story counts. The measurements behind these choices are in
``docs/README-story.md``.

**Scale.** Candidate generation is a sparse nearest-neighbour search on *distinctive*
shingles: a pair is a candidate when it shares at least :data:`MIN_SHARED` shingles whose
document frequency is between 2 and :data:`MAX_DF` (the sparse product of the document x
distinctive-shingle matrix with its transpose, in row chunks); its cost grows with the
posting lengths, which ``MAX_DF`` caps, not with the square of the corpus. Every candidate
is verified with the exact Jaccard of the full hashed shingle sets (MinHash LSH was tried
first and rejected, see the docs). Groups are the connected components of the verified pairs
(``scipy.sparse.csgraph.connected_components``); the ``story_id`` of a group is the ``doc_id`` of its first member in table
order. Corpora of at most :data:`EXHAUSTIVE_MAX` documents are compared exhaustively
(exact, and every pair is available to show).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from itertools import pairwise

import numpy as np
import pandas as pd

from presse.text import function_words, strip_accents

STORY_THRESHOLD = 0.12
MAX_DF = 200
MIN_SHARED = 3
STEM_CHARS = 5
EXHAUSTIVE_MAX = 2_000
SEED = 1

PAIR_COLUMNS = ["doc_id_a", "doc_id_b", "similarity", "same_story"]

#: Function words left out of the shingles (the "story" list of presse.text), accents stripped.
_STOP = frozenset(strip_accents(w) for w in function_words("story"))
_TOKEN = re.compile(r"[a-z]+")


def content_words(text: str, stem_chars: int = STEM_CHARS) -> list[str]:
    """Content words of ``text`` in order: lower-cased, accents stripped, function words and
    words under 3 letters removed, truncated to ``stem_chars`` letters."""
    t = strip_accents(text.lower())
    return [w[:stem_chars] for w in _TOKEN.findall(t) if len(w) >= 3 and w not in _STOP]


def content_shingles(text: str, stem_chars: int = STEM_CHARS) -> set[str]:
    """Set of content words and consecutive content-word pairs (see module docstring)."""
    words = content_words(text, stem_chars)
    return set(words) | {f"{a} {b}" for a, b in pairwise(words)}


def _hashed(text: str) -> np.ndarray:
    """Sorted unique 32-bit CRC hashes of the shingles (deterministic across runs)."""
    return np.unique(
        np.fromiter((zlib.crc32(s.encode()) for s in content_shingles(text)), dtype=np.uint64)
    )


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique hash arrays."""
    if len(a) == 0 and len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def text_similarity(text_a: str, text_b: str) -> float:
    """Story similarity of two texts (Jaccard of content shingles)."""
    return jaccard(_hashed(text_a), _hashed(text_b))


def _candidate_pairs(hashes: list[np.ndarray], max_df: int = MAX_DF,
                     min_shared: int = MIN_SHARED, chunk: int = 2_000) -> set[tuple[int, int]]:
    """Pairs sharing at least ``min_shared`` *distinctive* shingles (document frequency
    between 2 and ``max_df``): a sparse product of the document x distinctive-shingle
    matrix with its transpose, computed in row chunks. Its cost grows with the sum of the
    squared posting lengths, which ``max_df`` bounds, not with the square of the corpus."""
    import scipy.sparse as sp

    n = len(hashes)
    if n < 2:
        return set()
    allh = np.concatenate(hashes) if any(len(h) for h in hashes) else np.array([], np.uint64)
    uniq, df = np.unique(allh, return_counts=True)
    keep = uniq[(df >= 2) & (df <= max_df)]
    rows, cols = [], []
    for i, h in enumerate(hashes):
        pos = np.searchsorted(keep, h)
        inside = pos < len(keep)
        pos = pos[inside]
        hit = pos[keep[pos] == h[inside]]
        rows.append(np.full(len(hit), i))
        cols.append(hit)
    r = np.concatenate(rows) if rows else np.array([], int)
    c = np.concatenate(cols) if cols else np.array([], int)
    m = sp.csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(n, len(keep)))
    mt = m.T.tocsr()
    pairs: set[tuple[int, int]] = set()
    for start in range(0, n, chunk):
        shared = (m[start:start + chunk] @ mt).tocoo()
        sel = (shared.data >= min_shared) & (shared.row + start < shared.col)
        pairs.update(zip((shared.row[sel] + start).tolist(), shared.col[sel].tolist(),
                         strict=True))
    return pairs


def _pair_jaccard(hashes: list[np.ndarray], pairs: np.ndarray, chunk: int = 100_000) -> np.ndarray:
    """Exact Jaccard for each (i, j) row of ``pairs``, vectorised with a sparse matrix."""
    import scipy.sparse as sp

    if len(pairs) == 0:
        return np.zeros(0)
    sizes = np.array([len(h) for h in hashes], dtype=np.float64)
    allh = np.concatenate(hashes)
    vocab = np.unique(allh)
    rows = np.repeat(np.arange(len(hashes)), sizes.astype(np.int64))
    x = sp.csr_matrix((np.ones(len(allh), dtype=np.float32), (rows, np.searchsorted(vocab, allh))),
                      shape=(len(hashes), len(vocab)))
    out = np.empty(len(pairs))
    for s in range(0, len(pairs), chunk):
        a, b = pairs[s:s + chunk, 0], pairs[s:s + chunk, 1]
        inter = np.asarray(x[a].multiply(x[b]).sum(axis=1)).ravel()
        union = sizes[a] + sizes[b] - inter
        out[s:s + chunk] = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    return out


def story_pairs(
    documents: pd.DataFrame,
    *,
    threshold: float = STORY_THRESHOLD,
    all_pairs: bool = False,
    exhaustive: bool | None = None,
    max_df: int = MAX_DF,
    min_shared: int = MIN_SHARED,
) -> pd.DataFrame:
    """Pairs of documents with their story similarity.

    ``documents``: needs ``doc_id`` and ``text``. Returns columns doc_id_a, doc_id_b
    (a before b in table order), similarity (exact Jaccard of content shingles, rounded to
    4 decimals), same_story (similarity >= threshold), sorted by decreasing similarity then
    ids. ``all_pairs=False`` keeps only same-story pairs; ``True`` returns every compared
    pair (every pair when exhaustive, else every LSH candidate). ``exhaustive``: compare all
    pairs (default: when there are at most :data:`EXHAUSTIVE_MAX` documents).
    """
    ids = documents["doc_id"].astype(str).tolist()
    hashes = [_hashed(t) for t in documents["text"].fillna("").astype(str)]
    n = len(ids)
    if exhaustive is None:
        exhaustive = n <= EXHAUSTIVE_MAX
    if exhaustive:
        cand: Iterable[tuple[int, int]] = ((i, j) for i in range(n) for j in range(i + 1, n))
    else:
        cand = sorted(_candidate_pairs(hashes, max_df=max_df, min_shared=min_shared))
    pairs = np.array(list(cand), dtype=np.int64).reshape(-1, 2)
    sim = _pair_jaccard(hashes, pairs)
    keep = np.ones(len(pairs), bool) if all_pairs else sim >= threshold
    out = pd.DataFrame({
        "doc_id_a": [ids[i] for i in pairs[keep, 0]],
        "doc_id_b": [ids[j] for j in pairs[keep, 1]],
        "similarity": np.round(sim[keep], 4),
        "same_story": sim[keep] >= threshold,
    }, columns=PAIR_COLUMNS)
    out["same_story"] = out["same_story"].astype(bool)
    return out.sort_values(["similarity", "doc_id_a", "doc_id_b"],
                           ascending=[False, True, True], ignore_index=True)


def assign_stories(documents: pd.DataFrame, *, threshold: float = STORY_THRESHOLD,
                   **kwargs) -> pd.Series:
    """``story_id`` for each row of ``documents`` (index aligned): documents linked by a
    chain of same-story pairs share the ``doc_id`` of the group's first member in table
    order; a document without a same-story partner keeps its own ``doc_id``. Keyword
    arguments go to :func:`story_pairs`."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    ids = documents["doc_id"].astype(str).tolist()
    n = len(ids)
    pos = {d: i for i, d in enumerate(ids)}
    pairs = story_pairs(documents, threshold=threshold, **kwargs)
    a = np.array([pos[d] for d in pairs["doc_id_a"]], dtype=np.int64)
    b = np.array([pos[d] for d in pairs["doc_id_b"]], dtype=np.int64)
    graph = sp.coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    _, group = connected_components(graph, directed=False)
    first = np.full(group.max() + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(first, group, np.arange(n))  # the group's first member in table order
    return pd.Series([ids[i] for i in first[group]], index=documents.index, name="story_id")


def one_per_story(documents: pd.DataFrame) -> pd.DataFrame:
    """Keep the first document of each story (for analyses that count stories, not texts)."""
    return documents.drop_duplicates("story_id", keep="first")


__all__ = [
    "MAX_DF",
    "MIN_SHARED",
    "STORY_THRESHOLD",
    "assign_stories",
    "content_shingles",
    "content_words",
    "jaccard",
    "one_per_story",
    "story_pairs",
    "text_similarity",
]
