"""The simple Reinert classification (step 5): the tree of splits, down to ``k`` classes.

:func:`chd` merges segments into context units, then splits the largest group
(:mod:`~presse.vocabulary.reinert.bipartition`) until ``k`` classes; :class:`ReinertResult`
holds the tree and the class of each segment at every level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from presse import config
from presse.vocabulary.reinert.bipartition import _bipartition, _select_terms
from presse.vocabulary.reinert.segmentation import context_units


@dataclass
class ReinertResult:
    """A simple classification.

    units: context unit of each segment (int array). groups: class of each segment at each
    level, ``{k: array}`` (classes 1..k numbered in dendrogram order). splits: DataFrame
    step, parent, left, right, n_left, n_right, chi2, n_empty (the tree, node ids of
    ``nodes``). nodes: ``{node id: array of unit indices}``.
    """

    units: np.ndarray
    groups: dict[int, np.ndarray]
    splits: pd.DataFrame
    nodes: dict[int, np.ndarray] = field(repr=False)
    children: dict[int, tuple[int, int]] = field(repr=False)

    @property
    def k(self) -> int:
        return max(self.groups) if self.groups else 1

    def classes(self, k: int | None = None) -> np.ndarray:
        """Class (1..k) of each segment at level ``k`` (default: the deepest)."""
        k = self.k if k is None else k
        if k == 1:
            return np.ones(len(self.units), dtype=np.int64)
        return self.groups[k]

    def node_members(self) -> dict[int, np.ndarray]:
        """Segments (boolean masks) of every node of the tree but the root."""
        return {nid: np.isin(self.units, members) for nid, members in self.nodes.items()
                if nid != 0}


def _leaf_order(children: dict[int, tuple[int, int]], leaves: set[int]) -> list[int]:
    out, stack = [], [0]
    while stack:
        nid = stack.pop()
        if nid in leaves:
            out.append(nid)
        else:
            left, right = children[nid]
            stack.extend([right, left])
    return out


def chd(X: sparse.spmatrix, k: int = 10, doc_ids: Sequence | None = None,
        min_segment_size: int = 0, min_split_members: int = 5, cc_test: float = 0.3,
        tsj: int = 3) -> ReinertResult:
    """Simple Reinert classification of the rows (segments) of a segment x term table.

    X: counts or presence (segments x terms, e.g. :func:`segment_term_matrix`).
    doc_ids: the text of each segment (needed when ``min_segment_size`` > 0).
    Returns a :class:`ReinertResult` with levels 2..k (fewer when no group can be split).
    """
    X = sparse.csr_matrix(X)
    n = X.shape[0]
    if min_segment_size > 0 and doc_ids is None:
        raise ValueError("doc_ids are needed to merge segments into context units")
    units = context_units(X, doc_ids if doc_ids is not None else range(n), min_segment_size)
    n_units = int(units.max()) + 1 if n else 0
    G = sparse.csr_matrix((np.ones(n), (units, np.arange(n))), shape=(n_units, n))
    U = ((G @ X) > 0).astype(np.int64).tocsr()
    nodes: dict[int, np.ndarray] = {0: np.arange(n_units)}
    active: dict[int, np.ndarray] = {0: np.asarray(U.sum(axis=0)).ravel() > 0}
    children: dict[int, tuple[int, int]] = {}
    leaves = {0}
    blocked: set[int] = set()
    rows = []
    groups: dict[int, np.ndarray] = {}
    with config.pinned_threads():
        while len(leaves) < k:
            cands = sorted((nid for nid in leaves if nid not in blocked
                            and len(nodes[nid]) >= max(2, min_split_members)),
                           key=lambda nid: (-len(nodes[nid]), nid))
            if not cands:
                break
            nid = cands[0]
            members = nodes[nid]
            sub = U[members][:, np.flatnonzero(active[nid])]
            nonempty = np.asarray(sub.sum(axis=1)).ravel() > 0
            res = _bipartition(sub[nonempty]) if nonempty.sum() >= 2 else None
            if res is None:
                blocked.add(nid)
                continue
            in1_ne, chi2 = res
            n_empty = int((~nonempty).sum())
            in1 = np.zeros(len(members), dtype=bool)
            in1[np.flatnonzero(nonempty)] = in1_ne
            if n_empty:  # units without an active term follow the larger half
                in1[~nonempty] = in1_ne.sum() >= (~in1_ne).sum()
            full = U[members]
            act1, act2 = _select_terms(full, in1, active[nid], tsj, cc_test)
            left, right = max(nodes) + 1, max(nodes) + 2
            nodes[left], nodes[right] = members[in1], members[~in1]
            active[left], active[right] = act1, act2
            children[nid] = (left, right)
            leaves -= {nid}
            leaves |= {left, right}
            rows.append((len(rows) + 1, nid, left, right, int(in1.sum()), int((~in1).sum()),
                         chi2, n_empty))
            order = _leaf_order(children, leaves)
            unit_class = np.zeros(n_units, dtype=np.int64)
            for cls, leaf in enumerate(order, start=1):
                unit_class[nodes[leaf]] = cls
            groups[len(leaves)] = unit_class[units]
    splits = pd.DataFrame(rows, columns=["step", "parent", "left", "right", "n_left",
                                         "n_right", "chi2", "n_empty"])
    return ReinertResult(units=units, groups=groups, splits=splits, nodes=nodes,
                         children=children)
