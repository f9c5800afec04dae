"""Learned tone scorer: the default of ``presse.sentiment.score_texts`` and the sentiment table.

What it is
    A multinomial logistic regression over three feature blocks: TF-IDF of words and word
    bigrams (elided clitics such as ``n'`` kept as tokens, so negation shows), TF-IDF of
    character n-grams inside words (inflections, rare evaluative words), and the rule-aware
    lexicon scorer of :mod:`presse.sentiment` as a handful of dense features (its score,
    its polar decisions, its number of matched words). Class probabilities are calibrated
    by one temperature fitted on the development fold, and the label is the most probable
    class after per-class offsets chosen on the development fold (macro-F1).

Where it comes from
    Trained by ``presse train tone`` (:func:`train_default`) on the news tone gold set
    (``data/annotations/tone_news.csv``, train fold), the embedded corpus's labelled
    sentences, and the tune halves of the development tweets and reviews when
    ``../shared/bench`` is present; chosen and calibrated on the news dev fold; reported
    on the news test fold (``benchmarks/sentiment.py``). The fitted model ships as
    ``presse/data/tone_model.json.gz``: plain vocabularies and coefficients (no pickle),
    written byte-for-byte reproducibly.

What it cannot do
    It learns the tone of a sentence as the guideline defines it from about 5,000 labelled
    sentences: it does not know who holds the tone (see the stance table), it misses irony,
    and on a domain far from news, tweets and reviews its errors are unmeasured: label a
    few hundred of your sentences and train your own (``presse train tone --labels``).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin

from presse.config import PACKAGE_DATA, RANDOM_STATE, pinned_threads
from presse.text import normalize_for_scoring

__all__ = ["DEFAULT_MODEL", "LABELS", "ToneModel", "default_model", "load_model"]

LABELS: tuple[str, str, str] = ("neg", "neu", "pos")
DEFAULT_MODEL: Path = PACKAGE_DATA / "tone_model.json.gz"
FORMAT = "presse-tone-model/1"

#: words, with an elided clitic kept as its own token ("n'", "l'"), and ! ?
WORD_PATTERN = r"(?u)[^\W\d_]+'?|\d+|[!?]"


#: NFC, lower case, typographic apostrophes to ', every space kind to one space.
normalise = normalize_for_scoring


def lexicon_scores(texts: list[str]) -> pd.DataFrame:
    """The rule-aware lexicon scorer of presse.sentiment (score, label, n_hits, n_tokens)."""
    from presse import sentiment

    return sentiment.score_texts(texts, method="lexicon")


def _lexicon_features(lex: pd.DataFrame) -> np.ndarray:
    """Dense features from the lexicon scorer's output: its score, a signed square, its
    polar decisions and (log) number of matched words."""
    from presse.sentiment import NEUTRAL_BAND

    s = np.nan_to_num(lex["score"].to_numpy(dtype=float))
    hits = np.log1p(lex["n_hits"].to_numpy(dtype=float))
    return np.column_stack([s, s * np.abs(s), (s > NEUTRAL_BAND), (s < -NEUTRAL_BAND),
                            hits / 3.0])


def _word_types(norm: list[str]) -> tuple[list[str], sp.csr_matrix]:
    """Whitespace-separated word types of a batch and the (texts x types) count matrix."""
    types: dict[str, int] = {}
    doc_ix, type_ix = [], []
    for i, t in enumerate(norm):
        for w in t.split():
            doc_ix.append(i)
            type_ix.append(types.setdefault(w, len(types)))
    W = sp.csr_matrix((np.ones(len(doc_ix)), (doc_ix, type_ix)),
                      shape=(len(norm), len(types)))
    return list(types), W


class _TypeCache:
    """A TF-IDF block computed once per word type. Valid when every feature lies inside one
    whitespace-separated word: scikit-learn's ``char_wb`` n-grams (each word is padded and
    cut on its own) and word unigrams (the token pattern never spans a space). A text's
    counts are then the sum of its words' counts: the same matrix as
    ``TfidfVectorizer.transform``, at a fraction of the cost on a large corpus."""

    def __init__(self, vec):
        self.vec = vec
        self.analyse = vec.build_analyzer()
        self.vocab = vec.vocabulary_
        self.rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    @staticmethod
    def applies(vec) -> bool:
        return vec.analyzer == "char_wb" or (vec.analyzer == "word"
                                             and tuple(vec.ngram_range) == (1, 1))

    def _fill(self, words: list[str]) -> None:
        """Compute the rows of the words not cached yet, in one sparse build (a per-word
        ``np.unique`` costs more than the n-grams themselves on a cold cache)."""
        rows = self.rows  # ``words`` are distinct (the types of a batch)
        new = [w for w in words if w not in rows]
        if not new:
            return
        if len(rows) + len(new) > 500_000:  # bound the memory of a long build
            rows.clear()
            new = list(words)
        vocab, analyse = self.vocab, self.analyse
        row_ix, col_ix = [], []
        for i, w in enumerate(new):
            cols = [vocab[g] for g in analyse(w) if g in vocab]
            row_ix.extend([i] * len(cols))
            col_ix.extend(cols)
        M = sp.csr_matrix((np.ones(len(col_ix)), (row_ix, col_ix)),
                          shape=(len(new), len(vocab)))
        M.sum_duplicates()
        M.sort_indices()
        for i, w in enumerate(new):
            a, b = M.indptr[i], M.indptr[i + 1]
            self.rows[w] = (M.indices[a:b].astype(np.int64), M.data[a:b])

    def transform(self, words: list[str], W: sp.csr_matrix):
        from sklearn.preprocessing import normalize

        self._fill(words)
        rows = [self.rows[w] for w in words]
        indptr = np.cumsum([0] + [len(r[0]) for r in rows])
        data = np.concatenate([r[1] for r in rows]) if rows else np.zeros(0)
        ind = np.concatenate([r[0] for r in rows]) if rows else np.zeros(0, dtype=np.int64)
        T = sp.csr_matrix((data, ind, indptr), shape=(len(words), len(self.vocab)))
        X = (W @ T).tocsr()
        X.sum_duplicates()
        X.data = np.log(X.data) + 1.0  # sublinear tf
        X = X @ sp.diags(self.vec.idf_)
        return normalize(X, norm="l2").astype(np.float32)


class ToneModel(ClassifierMixin, BaseEstimator):
    """Tone classifier (neg / neu / pos) with calibrated probabilities.

    Parameters (scikit-learn style, ``get_params`` / ``set_params``)
    ----------
    C : inverse regularisation of the logistic regression.
    word_ngrams : (min, max) word n-gram lengths; ``None`` drops the word block.
    char_ngrams : (min, max) character n-gram lengths inside word boundaries; ``None``
        drops the character block.
    min_df : minimum number of training texts a feature must occur in.
    lexicon : add the lexicon scorer's dense features (weighted by ``lexicon_weight``).
    class_weight : passed to LogisticRegression (``"balanced"`` or None).
    temperature : probabilities are ``softmax(logits / temperature)``; set by
        :meth:`calibrate`.
    offsets : per-class additive offsets on the log-probabilities for the label decision
        (``{"neg": 0.0, ...}``); set by :meth:`calibrate`.
    """

    def __init__(self, C: float = 2.0, word_ngrams=(1, 2), char_ngrams=(2, 5), min_df: int = 2,
                 lexicon: bool = True, lexicon_weight: float = 1.0,
                 class_weight: str | None = "balanced", temperature: float = 1.0,
                 offsets: dict | None = None):
        self.C = C
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.lexicon = lexicon
        self.lexicon_weight = lexicon_weight
        self.class_weight = class_weight
        self.temperature = temperature
        self.offsets = offsets

    # ------------------------------------------------------------------ features
    def _vectorizers(self):
        from sklearn.feature_extraction.text import TfidfVectorizer

        out = []
        if self.word_ngrams:
            out.append(("word", TfidfVectorizer(
                analyzer="word", token_pattern=WORD_PATTERN, lowercase=False,
                ngram_range=tuple(self.word_ngrams), min_df=self.min_df, sublinear_tf=True,
                dtype=np.float32)))
        if self.char_ngrams:
            out.append(("char", TfidfVectorizer(
                analyzer="char_wb", lowercase=False, ngram_range=tuple(self.char_ngrams),
                min_df=max(self.min_df, 3), sublinear_tf=True, dtype=np.float32)))
        return out

    def _features(self, texts: list[str], fit: bool = False, lex: pd.DataFrame | None = None):
        norm = [normalise(t) for t in texts]
        blocks = []
        if fit:
            self.vectorizers_ = self._vectorizers()
            self.__dict__.pop("_type_caches", None)
        elif getattr(self, "_type_caches", None) is None:
            self._type_caches = {name: _TypeCache(vec) for name, vec in self.vectorizers_
                                 if _TypeCache.applies(vec)}
        types = None
        for name, vec in self.vectorizers_:
            if fit:
                blocks.append(vec.fit_transform(norm))
            elif name in self._type_caches:
                if types is None:
                    types = _word_types(norm)
                blocks.append(self._type_caches[name].transform(*types))
            else:
                blocks.append(vec.transform(norm))
        if self.lexicon:
            lex = lexicon_scores(texts) if lex is None else lex
            blocks.append(sp.csr_matrix(_lexicon_features(lex) * self.lexicon_weight))
        return sp.hstack(blocks, format="csr")

    # ------------------------------------------------------------------ fit / predict
    def fit(self, texts: Sequence[str], y: Sequence[str], sample_weight=None):
        """Fit on texts and labels among ``neg`` / ``neu`` / ``pos``."""
        from sklearn.linear_model import LogisticRegression

        texts = _check_texts(texts)
        y = np.asarray([str(v) for v in y], dtype=object)
        if len(y) != len(texts):
            raise ValueError(f"ToneModel.fit: {len(texts)} texts but {len(y)} labels")
        unknown = set(y) - set(LABELS)
        if unknown:
            raise ValueError(f"ToneModel.fit: unknown labels {sorted(unknown)}; use {LABELS}")
        if len(set(y)) < 2:
            raise ValueError("ToneModel.fit: need at least two classes")
        X = self._features(texts, fit=True)
        clf = LogisticRegression(C=self.C, max_iter=3000, class_weight=self.class_weight,
                                 random_state=RANDOM_STATE)
        with pinned_threads():
            clf.fit(X, y, sample_weight=sample_weight)
        self.classes_ = clf.classes_
        self.coef_ = clf.coef_.astype(np.float64)
        self.intercept_ = clf.intercept_.astype(np.float64)
        if self.coef_.shape[0] == 1:  # binary: expand to two rows of logits
            self.coef_ = np.vstack([-self.coef_ / 2, self.coef_ / 2])
            self.intercept_ = np.array([-self.intercept_[0] / 2, self.intercept_[0] / 2])
        return self

    def decision_function(self, texts: Sequence[str], lex: pd.DataFrame | None = None
                          ) -> np.ndarray:
        """Logits, columns in ``classes_`` order (``lex``: the lexicon scorer's output for
        the same texts, when the caller already has it)."""
        X = self._features(_check_texts(texts), lex=lex)
        return np.asarray(X @ self.coef_.T) + self.intercept_

    def predict_proba(self, texts: Sequence[str], lex: pd.DataFrame | None = None
                      ) -> np.ndarray:
        """Calibrated class probabilities, columns in ``classes_`` order."""
        return _softmax(self.decision_function(texts, lex=lex) / self.temperature)

    def _decide(self, proba: np.ndarray) -> np.ndarray:
        off = np.array([(self.offsets or {}).get(c, 0.0) for c in self.classes_])
        return np.asarray(self.classes_, dtype=object)[
            np.argmax(np.log(np.maximum(proba, 1e-12)) + off, axis=1)]

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return self._decide(self.predict_proba(texts))

    def calibrate(self, texts: Sequence[str], y: Sequence[str], offsets: bool = True):
        """Fit the temperature (log-loss) and, optionally, per-class decision offsets
        (macro-F1, small grid) on held-out labelled texts: the development fold."""
        from scipy.optimize import minimize_scalar
        from sklearn.metrics import f1_score, log_loss

        logits = self.decision_function(texts)
        y = np.asarray([str(v) for v in y], dtype=object)
        res = minimize_scalar(
            lambda t: log_loss(y, _softmax(logits / t), labels=list(self.classes_)),
            bounds=(0.2, 5.0), method="bounded")
        self.temperature = float(round(res.x, 4))
        self.offsets = None
        if offsets:
            proba = _softmax(logits / self.temperature)
            grid = np.round(np.arange(-1.0, 1.01, 0.1), 2)
            best = (f1_score(y, self._decide(proba), average="macro"), {})
            for a in grid:
                for b in grid:
                    off = {c: v for c, v in zip(("neg", "pos"), (a, b), strict=True)}
                    self.offsets = off
                    f = f1_score(y, self._decide(proba), average="macro")
                    if f > best[0] + 1e-9:
                        best = (f, off)
            self.offsets = {k: float(v) for k, v in best[1].items()} or None
        return self

    # ------------------------------------------------------------------ persistence
    def to_file(self, path: str | Path, meta: dict | None = None) -> str:
        """Write the fitted model as gzipped JSON (deterministic bytes); returns its sha256."""
        from presse.io import write_bytes_atomic

        blocks = []
        for name, vec in self.vectorizers_:
            vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
            blocks.append({"name": name, "analyzer": vec.analyzer,
                           "ngram_range": list(vec.ngram_range), "vocabulary": vocab,
                           "idf": [float(f"{v:.6g}") for v in vec.idf_]})
        doc = {
            "format": FORMAT,
            "params": {k: (list(v) if isinstance(v, tuple) else v)
                       for k, v in self.get_params().items()},
            "classes": [str(c) for c in self.classes_],
            "blocks": blocks,
            "coef": [[float(f"{v:.6g}") for v in row] for row in self.coef_],
            "intercept": [float(f"{v:.6g}") for v in self.intercept_],
            "meta": meta or {},
        }
        raw = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
            gz.write(raw.encode("utf-8"))
        data = buf.getvalue()
        write_bytes_atomic(Path(path), data)
        return hashlib.sha256(data).hexdigest()

    @classmethod
    def from_file(cls, path: str | Path) -> ToneModel:
        """Load a model written by :meth:`to_file` (a clear error names a bad file)."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        path = Path(path)
        try:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path}: not a presse tone model ({exc})") from exc
        if doc.get("format") != FORMAT:
            raise ValueError(f"{path}: not a presse tone model (format {doc.get('format')!r})")
        params = dict(doc["params"])
        for k in ("word_ngrams", "char_ngrams"):
            if params.get(k):
                params[k] = tuple(params[k])
        model = cls(**params)
        model.vectorizers_ = []
        for b in doc["blocks"]:
            kw = ({"analyzer": "word", "token_pattern": WORD_PATTERN} if b["analyzer"] == "word"
                  else {"analyzer": b["analyzer"]})
            vec = TfidfVectorizer(lowercase=False, ngram_range=tuple(b["ngram_range"]),
                                  vocabulary={t: i for i, t in enumerate(b["vocabulary"])},
                                  sublinear_tf=True, dtype=np.float32, **kw)
            vec.idf_ = np.asarray(b["idf"], dtype=np.float64)
            model.vectorizers_.append((b["name"], vec))
        model.classes_ = np.asarray(doc["classes"], dtype=object)
        model.coef_ = np.asarray(doc["coef"], dtype=np.float64)
        model.intercept_ = np.asarray(doc["intercept"], dtype=np.float64)
        model.meta_ = doc.get("meta", {})
        return model


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _check_texts(texts) -> list[str]:
    out = list(texts)
    for i, t in enumerate(out):
        if not isinstance(t, str):
            raise TypeError(f"text at position {i} is {type(t).__name__}, not str")
    return out


#: Environment variable naming a model file to use instead of the shipped one (set by
#: ``presse build --tone-model`` / ``presse report --tone-model``, inherited by notebooks).
MODEL_ENV = "PRESSE_TONE_MODEL"


def model_path() -> Path:
    """The model file in force: ``$PRESSE_TONE_MODEL`` when set, else the shipped model."""
    env = os.environ.get(MODEL_ENV)
    return Path(env).expanduser().resolve() if env else DEFAULT_MODEL


def use_model_file(path: str | Path) -> Path:
    """Use ``path`` as the tone model in force for this process and its children (the
    notebooks run by ``presse report``); a clear error when it is not a model file."""
    path = Path(path).expanduser().resolve()
    ToneModel.from_file(path)  # fail early, naming the file
    os.environ[MODEL_ENV] = str(path)
    return path


def load_model(path: str | Path | None = None) -> ToneModel:
    """A model file written by ``presse train tone``, or the model in force (``model_path``)."""
    if path is None:
        return default_model()
    return _load_cached(str(Path(path).resolve()), Path(path).stat().st_mtime_ns)


def default_model() -> ToneModel:
    path = model_path()
    if not path.is_file():
        hint = (f"unset {MODEL_ENV} or point it to a file from `presse train tone`"
                if os.environ.get(MODEL_ENV) else
                "rebuild it with `presse train tone` (needs data/annotations/tone_news.csv)")
        raise FileNotFoundError(f"tone model {path} is missing: {hint}")
    return _load_cached(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int) -> ToneModel:
    return ToneModel.from_file(path)


def scores_from_proba(classes: Sequence[str], proba: np.ndarray) -> np.ndarray:
    """Tone score in [-1, 1]: P(pos) - P(neg)."""
    classes = list(classes)
    p_pos = proba[:, classes.index("pos")] if "pos" in classes else 0.0
    p_neg = proba[:, classes.index("neg")] if "neg" in classes else 0.0
    return np.clip(p_pos - p_neg, -1.0, 1.0)


def as_frame(model: ToneModel, texts: pd.Series) -> pd.DataFrame:
    """score / label / n_hits / n_tokens / p_neg / p_neu / p_pos for a Series of texts
    (None or NaN -> NaN score, None label; n_hits and n_tokens from the lexicon scorer)."""
    present = texts.notna().to_numpy()
    n = len(texts)
    lex_all = lexicon_scores(texts.tolist())
    out = pd.DataFrame({"score": np.full(n, np.nan), "label": np.full(n, None, dtype=object),
                        "n_hits": lex_all["n_hits"].to_numpy(),
                        "n_tokens": lex_all["n_tokens"].to_numpy()})
    for c in LABELS:
        out[f"p_{c}"] = np.nan
    if present.any():
        t = texts[present].tolist()
        proba = model.predict_proba(t, lex=lex_all[present].reset_index(drop=True))
        out.loc[present, "score"] = scores_from_proba(model.classes_, proba)
        out.loc[present, "label"] = model._decide(proba)
        for j, c in enumerate(model.classes_):
            out.loc[present, f"p_{c}"] = proba[:, j]
    return out


# ----------------------------------------------------------------------------- training
#: Hyper-parameters of the shipped model, chosen on the news dev fold
#: (``benchmarks/sentiment.py --select`` prints the candidates it was chosen from).
DEFAULT_PARAMS: dict = {"C": 0.5, "word_ngrams": (1, 1), "char_ngrams": (2, 5), "min_df": 2,
                        "lexicon": True, "lexicon_weight": 1.0, "class_weight": "balanced"}
#: Weight of each out-of-domain training text (tweets, reviews) relative to a news sentence.
EXTRA_WEIGHT: float = 1.0
TWEETS, REVIEWS = "sentiment_tweets_fr_dev.csv", "sentiment_reviews_fr_dev.csv"


def bench_halves(bench: Path, name: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The (tune, report) halves of a development file, split as ``benchmarks/sentiment.py``
    does (stratified by label, random_state 0); None when the file is absent."""
    from sklearn.model_selection import train_test_split

    path = Path(bench) / name
    if not path.is_file():
        return None
    df = pd.read_csv(path).dropna(subset=["text", "label"]).reset_index(drop=True)
    tune, report = train_test_split(df, test_size=0.5, stratify=df["label"], random_state=0)
    return tune.reset_index(drop=True), report.reset_index(drop=True)


def load_news_gold(path: str | Path | None = None) -> pd.DataFrame:
    """The news tone gold set (item_id, article_id, section, date, sent_idx, text, fold,
    label, note): ``data/annotations/tone_news.csv`` by default."""
    from presse import config

    path = Path(path) if path else config.ANNOTATIONS / "tone_news.csv"
    df = pd.read_csv(path, dtype={"note": str}, keep_default_na=False)
    bad = ~df["label"].isin(LABELS)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(f"{path}: row {i + 2} has label {df['label'].iloc[i]!r}; "
                         f"use one of {LABELS}")
    return df


def training_data(bench: Path | None = None, news: pd.DataFrame | None = None
                  ) -> tuple[list[str], list[str], np.ndarray, list[str]]:
    """Texts, labels, sample weights and source names of the shipped model's training set:
    the news gold's train fold, the embedded corpus's labelled sentences, and (when
    ``bench`` holds them) the tune halves of the development tweets and reviews."""
    from presse import config

    news = load_news_gold() if news is None else news
    train = news[news["fold"] == "train"]
    emb = pd.read_csv(config.ANNOTATIONS / "sentiment_sentences.csv")
    parts = [("news-train", train["text"], train["label"], 1.0),
             ("embedded", emb["text"], emb["label"], 1.0)]
    bench = Path(bench) if bench is not None else config.BENCH
    for name in (TWEETS, REVIEWS):
        halves = bench_halves(bench, name)
        if halves is not None:
            parts.append((name, halves[0]["text"], halves[0]["label"], EXTRA_WEIGHT))
    texts = [str(t) for _, x, _, _ in parts for t in x]
    labels = [str(v) for _, _, y, _ in parts for v in y]
    weights = np.concatenate([np.full(len(x), w) for _, x, _, w in parts])
    sources = [f"{name} ({len(x)})" for name, x, _, _ in parts]
    return texts, labels, weights, sources


def train_default(out: str | Path | None = None, bench: Path | None = None,
                  params: dict | None = None) -> tuple[ToneModel, str]:
    """Rebuild the shipped model (``presse train tone``): fit on :func:`training_data`,
    calibrate on the news dev fold, write ``out`` (default: the packaged file).
    Deterministic: the same inputs give the same bytes. Returns (model, sha256)."""
    news = load_news_gold()
    texts, labels, weights, sources = training_data(bench, news)
    model = ToneModel(**(params or DEFAULT_PARAMS)).fit(texts, labels, sample_weight=weights)
    dev = news[news["fold"] == "dev"]
    model.calibrate(dev["text"].tolist(), dev["label"].tolist())
    meta = {"trained_on": sources, "calibrated_on": f"news-dev ({len(dev)})",
            "command": "presse train tone"}
    digest = model.to_file(out or DEFAULT_MODEL, meta=meta)
    model.meta_ = meta
    return model, digest


def train_on_labels(labels_csv: str | Path, out: str | Path, group: str | None = None,
                    n_splits: int = 5, params: dict | None = None) -> tuple[ToneModel, pd.DataFrame]:
    """Train a model on a user's labelled sentences (CSV with ``text`` and ``label`` in
    neg / neu / pos; ``group`` names the article column, default ``doc_id`` or
    ``article_id`` when present). Returns the model fitted on all rows (written to ``out``)
    and the grouped cross-validation agreement (out-of-fold predictions vs labels)."""
    from presse.evaluate import agreement, grouped_cv

    path = Path(labels_csv)
    df = pd.read_csv(path)
    missing = {"text", "label"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)} (need text, label)")
    df = df.dropna(subset=["text", "label"]).reset_index(drop=True)
    bad = ~df["label"].isin(LABELS)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(f"{path}: label {df['label'].iloc[i]!r} (row {i + 2}) is not one "
                         f"of {LABELS}")
    if group is None:
        group = next((c for c in ("doc_id", "article_id") if c in df.columns), None)
    if group is None:
        df["_group"] = np.arange(len(df))
        group = "_group"
    prm = params or DEFAULT_PARAMS

    def fit_predict(tr: pd.DataFrame, te: pd.DataFrame):
        m = ToneModel(**prm).fit(tr["text"].tolist(), tr["label"].tolist())
        return m.predict(te["text"].tolist())

    oof = grouped_cv(fit_predict, df, label="label", group=group, n_splits=n_splits)
    cv = agreement(df["label"], {"cross-validated": oof}, labels=list(LABELS))
    model = ToneModel(**prm).fit(df["text"].tolist(), df["label"].tolist())
    model.to_file(out, meta={"trained_on": [f"{path.name} ({len(df)})"],
                             "command": f"presse train tone --labels {path.name}"})
    return model, cv


# ----------------------------------------------------------------------------- validation
def validation(fold: str = "test", textblob_band: float = 0.1) -> dict:
    """Agreement of the tone methods with the news gold set on one frozen fold.

    Returns ``{"n", "n_articles", "agreement", "confusion", "double_labelling",
    "intervals"}``:
    ``agreement`` has one row per method (the model in force, the lexicon scorer,
    textblob-fr with a neutral band of ``textblob_band``, always ``neu``) with accuracy,
    macro-F1, kappa and per-class F1 (``presse.evaluate.agreement``); ``confusion`` is the
    model's confusion matrix; ``double_labelling`` compares the two human passes (the
    ceiling); ``intervals`` gives the model's accuracy, macro-F1 and kappa with 95 %
    intervals, articles resampled (``presse.evaluate.grouped_bootstrap_ci``). The test fold
    is the one to report; the dev fold chose the model.
    """
    from presse import config, evaluate, sentiment

    gold = load_news_gold()
    part = gold[gold["fold"] == fold]
    if part.empty:
        raise ValueError(f"no gold sentence in fold {fold!r}")
    texts = part["text"].tolist()
    learned = sentiment.score_texts(texts)["label"]
    preds = {
        "presse learned (default)": learned,
        "presse lexicon": sentiment.score_texts(texts, method="lexicon")["label"],
        "textblob-fr": sentiment.score_texts(texts, method="textblob",
                                             neutral_band=textblob_band)["label"],
        "always neu": ["neu"] * len(part),
    }
    table = evaluate.agreement(part["label"], preds, labels=list(LABELS))
    second = pd.read_csv(config.ANNOTATIONS / "tone_news_second_pass.csv")
    both = gold.merge(second, on="item_id", suffixes=("", "_2"))
    intervals = evaluate.label_intervals(part["label"], learned, part["article_id"], LABELS)
    return {
        "intervals": intervals,
        "n": len(part),
        "n_articles": part["article_id"].nunique(),
        "agreement": table,
        "confusion": evaluate.confusion(part["label"], learned, list(LABELS)),
        "double_labelling": evaluate.double_labelling(both["label"], both["label_2"],
                                                      list(LABELS)),
    }
