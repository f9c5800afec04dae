"""The :class:`RelationModel` (multinomial logistic regression over hashed features, stored as
gzipped JSON, no pickle) and the model file in force.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from presse import config
from presse.relation_model.settings import CLASSES, DEFAULT_MODEL, DEFAULT_PARAMS, FORMAT, MODEL_ENV


# ----------------------------------------------------------------------------- model
class RelationModel:
    """Multinomial logistic regression over candidate features, classes -1 / 0 / +1."""

    def __init__(self, C: float = DEFAULT_PARAMS["C"],
                 class_weight: str | None = DEFAULT_PARAMS["class_weight"],
                 threshold: float = 0.5):
        self.C, self.class_weight, self.threshold = C, class_weight, threshold
        self.meta_: dict = {}

    def get_params(self) -> dict:
        return {"C": self.C, "class_weight": self.class_weight, "threshold": self.threshold}

    def fit(self, feats: Sequence[dict], y: Sequence[int]) -> RelationModel:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        y = np.asarray([int(v) for v in y])
        vec = DictVectorizer(sort=True)
        X = vec.fit_transform(feats)
        clf = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=5000,
                                 solver="lbfgs", random_state=config.RANDOM_STATE)
        with config.pinned_threads():
            clf.fit(X, y)
        coef = np.zeros((len(CLASSES), X.shape[1]))
        icpt = np.zeros(len(CLASSES))
        for r, c in enumerate(clf.classes_):
            coef[CLASSES.index(int(c))] = clf.coef_[r] if len(clf.classes_) > 2 else \
                (clf.coef_[0] if r == 1 else -clf.coef_[0]) / 2
            icpt[CLASSES.index(int(c))] = clf.intercept_[r] if len(clf.classes_) > 2 else \
                (clf.intercept_[0] if r == 1 else -clf.intercept_[0]) / 2
        missing = [CLASSES.index(c) for c in CLASSES if c not in set(clf.classes_.tolist())]
        icpt[missing] = -1e3  # a class never seen in training is never predicted
        self.features_ = list(vec.feature_names_)
        self._index = {n: i for i, n in enumerate(self.features_)}
        self.coef_ = np.round(coef, 6)
        self.intercept_ = np.round(icpt, 6)
        return self

    def _matrix(self, feats: Sequence[dict]):
        import scipy.sparse as sp

        rows, cols, vals = [], [], []
        for r, f in enumerate(feats):
            for name, v in f.items():
                j = self._index.get(name)
                if j is not None and v:
                    rows.append(r)
                    cols.append(j)
                    vals.append(float(v))
        return sp.csr_matrix((vals, (rows, cols)), shape=(len(feats), len(self.features_)))

    def predict_proba(self, feats: Sequence[dict]) -> np.ndarray:
        """P(-1), P(0), P(+1) per candidate (columns in ``CLASSES`` order)."""
        if not len(feats):
            return np.zeros((0, len(CLASSES)))
        z = np.asarray(self._matrix(feats) @ self.coef_.T) + self.intercept_
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def decide(self, proba: np.ndarray, threshold: float | None = None) -> np.ndarray:
        """Signed decision per candidate: the likelier sign when its probability reaches
        the threshold, else 0."""
        thr = self.threshold if threshold is None else threshold
        if not len(proba):
            return np.zeros(0, dtype=int)
        sign = np.where(proba[:, 2] >= proba[:, 0], 1, -1)
        best = np.maximum(proba[:, 2], proba[:, 0])
        return np.where(best >= thr, sign, 0).astype(int)

    def top_features(self, n: int = 15) -> pd.DataFrame:
        """The heaviest features toward +1 and -1 (to see what the model learned)."""
        out = []
        for cls in (1, -1):
            w = self.coef_[CLASSES.index(cls)] - self.coef_[CLASSES.index(0)]
            for j in np.argsort(-w, kind="stable")[:n]:
                out.append({"class": cls, "feature": self.features_[j], "weight": w[j]})
        return pd.DataFrame(out)

    # ------------------------------------------------------------------ persistence
    def to_file(self, path: str | Path, meta: dict | None = None) -> str:
        """Write the fitted model as gzipped JSON (deterministic bytes); returns its sha256."""
        from presse.io import write_json_gz

        doc = {
            "format": FORMAT,
            "params": self.get_params(),
            "classes": list(CLASSES),
            "features": self.features_,
            "coef": [[float(f"{v:.6g}") for v in row] for row in self.coef_],
            "intercept": [float(f"{v:.6g}") for v in self.intercept_],
            "meta": meta if meta is not None else self.meta_,
        }
        return write_json_gz(path, doc)

    @classmethod
    def from_file(cls, path: str | Path) -> RelationModel:
        """Load a model written by :meth:`to_file` (a clear error names a bad file)."""
        from presse.io import read_json_gz

        path = Path(path)
        doc = read_json_gz(path, "a presse relation model")
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            got = doc.get("format") if isinstance(doc, dict) else type(doc).__name__
            raise ValueError(f"{path}: not a presse relation model (format {got!r})")
        model = cls(**doc["params"])
        model.features_ = list(doc["features"])
        model._index = {n: i for i, n in enumerate(model.features_)}
        model.coef_ = np.asarray(doc["coef"], dtype=np.float64)
        model.intercept_ = np.asarray(doc["intercept"], dtype=np.float64)
        if model.coef_.shape != (len(CLASSES), len(model.features_)):
            raise ValueError(f"{path}: not a presse relation model (coefficients of shape "
                             f"{model.coef_.shape} for {len(model.features_)} features)")
        model.meta_ = doc.get("meta", {})
        return model


def model_path() -> Path:
    """The model file in force: ``$PRESSE_RELATION_MODEL`` when set, else the shipped one."""
    env = os.environ.get(MODEL_ENV)
    return Path(env).expanduser().resolve() if env else DEFAULT_MODEL


def use_model_file(path: str | Path) -> Path:
    """Use ``path`` as the relation model in force for this process and its children (a
    clear error, naming the file, when it is not a model file)."""
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise FileNotFoundError(f"relation model {path} does not exist")
    RelationModel.from_file(path)
    os.environ[MODEL_ENV] = str(path)
    return path


def load_model(path: str | Path | None = None) -> RelationModel:
    """A model file from ``presse train relations``, or the model in force."""
    path = Path(path).expanduser().resolve() if path is not None else model_path()
    if not path.is_file():
        raise FileNotFoundError(f"relation model {path} is missing: rebuild it with "
                                "`presse train relations`")
    return _load_cached(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int) -> RelationModel:
    return RelationModel.from_file(path)
