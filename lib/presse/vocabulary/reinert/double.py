"""Double classification (step 6) and the choice of k.

Two simple classifications (:func:`~presse.vocabulary.reinert.tree.chd`) with different
context-unit sizes are crossed; for each number of classes the set of disjoint crossed
classes with the largest total chi2 is the partition (:func:`double_classification`);
:func:`choose_k` picks the number of classes both classifications agree on best.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from presse.vocabulary.reinert.profiles import _assoc_chi2
from presse.vocabulary.reinert.tree import ReinertResult, chd


def _best_partition(masks: list[int], weights: np.ndarray, m: int,
                    sizes: Sequence[int] | None = None, max_nodes: int = 2_000_000
                    ) -> tuple[float, tuple[int, ...], bool] | None:
    """Set of ``m`` pairwise-disjoint candidates (bit masks) of largest total weight; among
    equal totals, the one covering the most segments (``sizes``). Returns (total, chosen
    indices, exact) or None when no ``m`` disjoint candidates exist.

    Branch and bound over the candidates sorted by decreasing weight: each branch carries
    the list of candidates still disjoint from what it holds, so a branch that cannot be
    completed dies at once and its bound (its total plus the ``need`` largest weights
    still compatible) is tight. ``exact`` is False when ``max_nodes`` was reached first (the
    best partition found so far is returned).
    """
    sizes = [1] * len(masks) if sizes is None else list(sizes)
    order = sorted(range(len(masks)), key=lambda i: (-weights[i], -sizes[i], i))
    w = [float(weights[i]) for i in order]
    ms = [masks[i] for i in order]
    sz = [int(sizes[i]) for i in order]
    tol = 1e-9 * max(1.0, max(w, default=1.0)) * m
    best: list = [-np.inf, -1, None]   # total, covered, chosen
    visited = [0]

    def better(total: float, covered: int) -> bool:
        if total > best[0] + tol:
            return True
        return abs(total - best[0]) <= tol and covered > best[1]

    def dfs(compat: list[int], chosen: list[int], total: float, covered: int) -> None:
        need = m - len(chosen)
        if need == 0:
            if better(total, covered):
                best[0], best[1], best[2] = total, covered, tuple(chosen)
            return
        for pos, j in enumerate(compat):
            if len(compat) - pos < need:
                return
            visited[0] += 1
            if visited[0] > max_nodes:
                return
            bound = total + sum(w[i] for i in compat[pos:pos + need])
            if bound < best[0] - tol:
                return  # sorted: no later start can reach the best
            rest = [i for i in compat[pos + 1:] if not ms[i] & ms[j]]
            if len(rest) < need - 1:
                continue
            chosen.append(order[j])
            dfs(rest, chosen, total + w[j], covered + sz[j])
            chosen.pop()

    dfs(list(range(len(ms))), [], 0.0, 0)
    if best[2] is None:
        return None
    return best[0], best[2], visited[0] <= max_nodes


def auto_min_members(n_segments: int, k: int, floor: int = 3) -> int:
    """Smallest crossed class a double classification keeps by default: IRaMuTeQ's
    automatic minimum class size for a double classification, the number of segments
    over twice the number of terminal classes plus one, ``n / (2 (k + 1))`` (about 4.5% of
    the segments with k = 10), and at least ``floor``. Without it a handful of segments
    that both classifications isolate (a repeated sign-off, a table) weighs as much in the
    total chi2 as a class of tens of thousands, since a crossed class's association chi2
    is about N x phi^2 whatever its size."""
    return max(int(floor), round(n_segments / (2 * (k + 1))))


@dataclass
class DoubleResult:
    """A double classification: ``partitions`` (DataFrame k, chi2, n_classified, share,
    sizes) and ``groups`` ``{k: class of each segment, 0 = unclassified}``; the two simple
    classifications and the crossed-class candidates are kept for inspection."""

    partitions: pd.DataFrame
    groups: dict[int, np.ndarray]
    crossed: pd.DataFrame
    first: ReinertResult = field(repr=False)
    second: ReinertResult = field(repr=False)


def double_classification(X: sparse.spmatrix, doc_ids: Sequence, k: int = 10,
                          max_k: int = 6, min_segment_size1: int = 10,
                          min_segment_size2: int = 15, min_members: int | None = None,
                          min_chi2: float = 3.84, full: bool = True,
                          **chd_kwargs) -> DoubleResult:
    """Double classification (rainette2): see the module docstring, step 6.

    ``min_members``: smallest crossed class kept; None = :func:`auto_min_members` of the
    number of segments and ``k``. ``full=False`` keeps only crossed classes whose two
    classes are each other's most associated (IRaMuTeQ's classical variant). Classes of
    each partition are numbered 1..k by decreasing size. ``partitions.exact`` is False
    when the search for a k stopped at its node budget.
    """
    if min_members is None:
        min_members = auto_min_members(X.shape[0], k)
    first = chd(X, k=k, doc_ids=doc_ids, min_segment_size=min_segment_size1, **chd_kwargs)
    second = chd(X, k=k, doc_ids=doc_ids, min_segment_size=min_segment_size2, **chd_kwargs)
    A, B = first.node_members(), second.node_members()
    N = X.shape[0]
    rows, seen = [], {}
    for ia, ma in A.items():
        for ib, mb in B.items():
            inter = ma & mb
            size = int(inter.sum())
            if size < max(1, min_members):
                continue
            chi2 = float(_assoc_chi2(np.array(size), np.array(int(ma.sum())),
                                     np.array(int(mb.sum())), N))
            key = np.packbits(inter).tobytes()
            if chi2 < min_chi2:
                continue
            if key in seen:
                # the same segments reached by other classes (a class crossed with each of
                # its ancestors): keep the crossing of largest chi2 -- the two classes that
                # really match -- not the first one met, whose chi2 can be ten times lower
                if chi2 > rows[seen[key]][3]:
                    rows[seen[key]] = (ia, ib, size, chi2, inter)
                continue
            seen[key] = len(rows)
            rows.append((ia, ib, size, chi2, inter))
    crossed = pd.DataFrame([r[:4] for r in rows], columns=["node1", "node2", "size", "chi2"])
    members = [r[4] for r in rows]
    if not full and len(crossed):
        best1 = crossed.sort_values(["chi2", "node2"], ascending=[False, True]
                                    ).drop_duplicates("node1")
        best2 = crossed.sort_values(["chi2", "node1"], ascending=[False, True]
                                    ).drop_duplicates("node2")
        keep = sorted(set(best1.index) & set(best2.index))
        crossed, members = crossed.loc[keep], [members[i] for i in keep]
        crossed = crossed.reset_index(drop=True)
    masks = [int.from_bytes(np.packbits(mm, bitorder="little").tobytes(), "little")
             for mm in members]
    parts, groups = [], {}
    weights = crossed["chi2"].to_numpy(dtype=float)
    msizes = [int(mm.sum()) for mm in members]
    for m in range(2, max_k + 1):
        found = _best_partition(masks, weights, m, sizes=msizes)
        if found is None:
            break
        total, chosen, exact = found
        chosen = sorted(chosen, key=lambda i: (-int(members[i].sum()), i))
        g = np.zeros(N, dtype=np.int64)
        for cls, i in enumerate(chosen, start=1):
            g[members[i]] = cls
        groups[m] = g
        sizes = [int(members[i].sum()) for i in chosen]
        parts.append((m, total, int((g > 0).sum()), (g > 0).mean() if N else 0.0, sizes,
                      exact))
    partitions = pd.DataFrame(parts, columns=["k", "chi2", "n_classified", "share", "sizes",
                                              "exact"])
    return DoubleResult(partitions=partitions, groups=groups, crossed=crossed, first=first,
                        second=second)


def choose_k(partitions: pd.DataFrame, min_share: float = 0.75) -> int | None:
    """Among the partitions that classify at least ``min_share`` of the segments, the k of
    largest total chi2 (ties: smaller k): each class the two classifications reproduce adds
    about N x phi^2 to the total, and splitting a real class into pieces they do not both
    find lowers it, so the total peaks at the number of classes both agree on. If no
    partition classifies that much, the k that classifies the most (ties: smaller k).
    None when there is no partition."""
    if partitions.empty:
        return None
    ok = partitions[partitions["share"] >= min_share]
    if len(ok):
        if "chi2" not in ok.columns:
            return int(ok["k"].max())
        best = ok.sort_values(["chi2", "k"], ascending=[False, True], kind="mergesort")
        return int(best["k"].iloc[0])
    best = partitions.sort_values(["share", "k"], ascending=[False, True])
    return int(best["k"].iloc[0])
