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


def plot_ca(res: CAResult, n_columns: int = 40, ax=None, row_label: str = "parts",
            col_label: str = "words"):
    """Factor map (axes 1 and 2): rows (parts) in bold, the ``n_columns`` columns (words)
    that contribute most to the two axes; labels pushed apart with adjustText so that none
    overlap."""
    import matplotlib.pyplot as plt
    from adjustText import adjust_text

    if "dim2" not in res.rows.columns:
        raise ValueError("the factor map needs two axes (the table has only 2 rows or columns)")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 6.5))
    cols = res.columns.assign(_ctr=res.columns["ctr1"] + res.columns["ctr2"])
    cols = cols.sort_values("_ctr", ascending=False, kind="mergesort").head(n_columns)
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.axvline(0, color="0.8", lw=0.8, zorder=0)
    ax.scatter(cols["dim1"], cols["dim2"], s=8, color="tab:blue", alpha=0.6, label=col_label)
    ax.scatter(res.rows["dim1"], res.rows["dim2"], s=30, marker="s", color="tab:red",
               label=row_label)
    texts = [ax.text(x, y, str(lab), fontsize=7, color="tab:blue")
             for lab, x, y in zip(cols.index, cols["dim1"], cols["dim2"])]
    texts += [ax.text(x, y, str(lab), fontsize=9, color="tab:red", fontweight="bold")
              for lab, x, y in zip(res.rows.index, res.rows["dim1"], res.rows["dim2"])]
    ax.set_xlabel(f"axis 1 ({100 * res.explained[0]:.1f}% of inertia)")
    ax.set_ylabel(f"axis 2 ({100 * res.explained[1]:.1f}% of inertia)")
    ax.legend(fontsize=8, loc="best")
    adjust_text(texts, ax=ax, arrowprops={"arrowstyle": "-", "color": "0.6", "lw": 0.5},
                expand=(1.2, 1.4))
    return ax
