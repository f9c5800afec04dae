"""Correspondence analysis (AFC) of a contingency table: parts x vocabulary.

A few lines of SVD (Greenacre, *Correspondence Analysis in Practice*): with P = N / n,
row and column masses r and c, the standardised residuals
S = D_r^-1/2 (P - r c^T) D_c^-1/2 have the SVD U Sigma V^T; principal coordinates are
F = D_r^-1/2 U Sigma (rows) and G = D_c^-1/2 V Sigma (columns), the eigenvalues Sigma^2
(inertia per axis; their sum is chi2 / n). Contributions (ctr: share of an axis' inertia
due to a point) and squared cosines (cos2: how well an axis represents a point) are
returned for reading the map as TXM and IRaMuTeQ print them.

Signs are fixed (on each axis the column with the largest absolute coordinate is
positive), so reruns give the same map.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from presse import config
from presse.plots import (
    plot_ca,
)

__all__ = ["CAResult", "correspondence_analysis", "plot_ca"]


@dataclass
class CAResult:
    """eigenvalues (per axis), explained (share of inertia per axis); rows / columns:
    DataFrame indexed like the table with dim1..dimK coordinates, mass, ctr1.., cos2..."""

    eigenvalues: np.ndarray
    explained: np.ndarray
    rows: pd.DataFrame
    columns: pd.DataFrame
    total_inertia: float


def _frame(coords, mass, ctr, cos2, index) -> pd.DataFrame:
    k = coords.shape[1]
    data = {f"dim{i + 1}": coords[:, i] for i in range(k)}
    data["mass"] = mass
    data.update({f"ctr{i + 1}": ctr[:, i] for i in range(k)})
    data.update({f"cos2_{i + 1}": cos2[:, i] for i in range(k)})
    return pd.DataFrame(data, index=index).round(12)


def correspondence_analysis(table: pd.DataFrame, n_components: int = 2) -> CAResult:
    """Correspondence analysis of ``table`` (non-negative counts; empty rows and columns are
    dropped). ``n_components`` is capped at min(rows, columns) - 1."""
    t = table.loc[table.sum(axis=1) > 0, table.sum(axis=0) > 0]
    N = t.to_numpy(dtype=np.float64)
    if N.shape[0] < 2 or N.shape[1] < 2:
        raise ValueError(f"correspondence analysis needs at least 2 non-empty rows and "
                         f"columns, got {N.shape[0]} x {N.shape[1]}")
    n = N.sum()
    P = N / n
    r, c = P.sum(axis=1), P.sum(axis=0)
    S = (P - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    with config.pinned_threads():
        U, sv, Vt = np.linalg.svd(S, full_matrices=False)
    k = max(1, min(n_components, min(N.shape) - 1))
    U, sv, V = U[:, :k], sv[:k], Vt[:k].T
    for i in range(k):  # fixed signs
        j = int(np.argmax(np.abs(V[:, i])))
        if V[j, i] < 0:
            U[:, i], V[:, i] = -U[:, i], -V[:, i]
    F = U * sv / np.sqrt(r)[:, None]
    G = V * sv / np.sqrt(c)[:, None]
    eig = sv ** 2
    total = float((S ** 2).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        ctr_r = r[:, None] * F ** 2 / eig
        ctr_c = c[:, None] * G ** 2 / eig
        d2r = ((P / r[:, None] - c) ** 2 / c).sum(axis=1)
        d2c = ((P / c[None, :] - r[:, None]) ** 2 / r[:, None]).sum(axis=0)
        cos2_r = F ** 2 / d2r[:, None]
        cos2_c = G ** 2 / d2c[:, None]
    return CAResult(eigenvalues=eig, explained=eig / total if total > 0 else eig * 0,
                    rows=_frame(F, r, ctr_r, cos2_r, t.index),
                    columns=_frame(G, c, ctr_c, cos2_c, t.columns), total_inertia=total)


