"""A learned relation extractor: who praises or attacks whom, with a probability.

Candidates are ordered pairs of entity mentions in one sentence (*source* -> *target*). Each
candidate becomes a bag of features read from the sentence and its spaCy parse:

* the words (lemmas) between the two mentions and around each of them, their order and
  distance, how many other mentions stand between them;
* the dependency path between the two mention heads (labels with direction, the lemma of
  the lowest common ancestor, the lemmas on the path);
* hits of the cue lexicon (``relation_cues.csv``) on the path, between the mentions and near
  them, with their polarity and kind;
* reported speech (quotation marks, reporting verbs, ``selon``; who the rule engine makes
  the holder of the target's words), negation, conditionals and hypotheticals (``si``,
  conditional mood), future tense, a question mark;
* the lexicon tone of the words near the target (``presse.sentiment.score_texts(...,
  method="lexicon")``);
* the rule engine's own decision for the pair (``presse.relations.analyse_sentence``).

A multinomial logistic regression (scikit-learn, deterministic, BLAS threads pinned) gives
P(-1), P(0), P(+1) for every candidate; a relation is kept when P(+1) or P(-1) reaches the
decision ``threshold`` (chosen on the dev fold of ``data/annotations/relations_news.csv``,
settable). The fitted model is shipped as gzipped JSON (``presse/data/relation_model.json.gz``,
no pickle, same bytes for the same inputs) and rebuilt by ``presse train relations``.

Tables (``relations_table`` / ``stance_table``, the build's defaults) take ``method``:

* ``"rules"`` (default, ``DEFAULT_METHOD``): the rule engine of ``presse.relations``
  unchanged;
* ``"combined"``: every relation of the rule engine (which also reads pronouns and the
  previous sentences) plus every model relation above the threshold;
* ``"learned"``: the model's relations only.

Why the rules stay the default: on the news test fold (792 candidate pairs, 72 relations)
the learned and combined methods find more relations (recall 0.17-0.18 against the rules'
0.01) but most of what they output is wrong (precision 0.16), and on the embedded corpus
the combination adds opposite-sign relations next to the rules' right ones (precision
1.00 -> 0.35). A relation timeline made of mostly wrong relations is worse than a sparse
one; ``benchmarks/relations.py`` and notebook 30 print the figures of all three.

Both tables come from the same decisions, so they never disagree: a relation S -> T in a
sentence is the stance row of T in that sentence held by S.

What it cannot do: it reads one sentence at a time (no coreference beyond what the rule
engine carries), its candidates at inference are the actors of the actor file (entities
outside it are not candidates), and it was trained on 1,506 labelled pairs of wire copy
(141 relations): rare constructions are learned from few examples.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from presse import config
from presse import relations as R
from presse.text import nfc

__all__ = [
    "DEFAULT_MODEL",
    "GOLD_CSV",
    "METHODS",
    "RelationModel",
    "Span",
    "analyse",
    "gold_decisions",
    "gold_features",
    "load_gold",
    "load_model",
    "relations_table",
    "score_decisions",
    "sentence_features",
    "stance_table",
    "test_fold_report",
    "train_default",
    "train_on_labels",
    "use_model_file",
]

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


# ----------------------------------------------------------------------------- features
def _bucket(n: int, cuts=(0, 2, 5, 10, 20)) -> str:
    for c in cuts:
        if n <= c:
            return f"<={c}"
    return f">{cuts[-1]}"


def _in_quote(text: str, pos: int) -> bool:
    """True when char ``pos`` lies inside quotation marks (« » or straight quotes)."""
    before = text[:pos]
    depth = sum(c in _OPEN_Q for c in before) - sum(c in _CLOSE_Q for c in before)
    return depth > 0 or before.count('"') % 2 == 1


def _lem(tok) -> str:
    lem = tok.lemma_.lower() if tok.lemma_ else tok.lower_
    return nfc(lem)


_CND_ENDINGS = ("rait", "raient", "rais", "rions", "riez")


def _conditional(tok) -> bool:
    """A conditional verb form: tagged so, or a -rait / -raient form the tagger missed."""
    return "Cnd" in tok.morph.get("Mood") or (
        tok.pos_ in ("VERB", "AUX") and tok.lower_.endswith(_CND_ENDINGS))


def _path(doc, a: int, b: int) -> tuple[list[int], int | None, list[int]]:
    """Tokens from ``a`` up to the lowest common ancestor and from there down to ``b``."""
    up_a = [a]
    while doc[up_a[-1]].head.i != up_a[-1]:
        up_a.append(doc[up_a[-1]].head.i)
    up_b = [b]
    while doc[up_b[-1]].head.i != up_b[-1]:
        up_b.append(doc[up_b[-1]].head.i)
    common = set(up_a) & set(up_b)
    if not common:
        return up_a, None, up_b  # two sentence roots (the parser split the sentence)
    lca = next(i for i in up_a if i in common)
    return up_a[:up_a.index(lca)], lca, up_b[:up_b.index(lca)]


class _Sentence:
    """A parsed sentence with its mention spans, rule items and cached lookups."""

    def __init__(self, doc, text: str, spans: Sequence[Span], lexicon: R.CueLexicon):
        self.doc, self.text, self.spans, self.lex = doc, text, list(spans), lexicon
        refs = [R.MentionRef(s.actor, s.kind, s.start, s.end) for s in self.spans]
        self.an = R.analyse_sentence(doc, refs, R.Context(), lexicon)
        self.tok_spans = []
        for s in self.spans:
            sp = doc.char_span(s.start, s.end, alignment_mode="expand")
            self.tok_spans.append((sp.start, sp.end, sp.root.i) if sp is not None and len(sp)
                                  else None)
        kinds = tuple(k for k in R.CUE_KINDS if k != "report")
        self.cue = [lexicon.lookup(t, kinds) for t in doc]
        self.report = [lexicon.lookup(t, ("report",)) is not None or _lem(t) in REPORT_LEMMAS
                       for t in doc]
        in_span = {i for sp in self.tok_spans if sp is not None for i in range(sp[0], sp[1])}
        # names are not learned as words (too few examples: they would be memorised)
        self.lemmas = ["<ent>" if t.i in in_span else "<propn>" if t.pos_ == "PROPN"
                       else "<num>" if t.like_num else _lem(t) for t in doc]
        weights = R._sentiment_weights()
        self.polar = [weights.get(t.lower_, 0.0) for t in doc]
        self.question = "?" in text
        self.quotes = any(c in text for c in '«»“”"')
        self.si = any(t.lower_ in ("si", "s'") and t.dep_ == "mark" for t in doc)
        self.cond = any(_conditional(t) for t in doc)
        self.selon = any(t.lower_ == "selon" for t in doc)
        self.n_report = sum(self.report)

    def rule_items(self, holder: str, target: str) -> list[R.Item]:
        return [i for i in self.an.items if i.holder == holder and i.target == target]


def _cue_feats(f: dict, where: str, sent: _Sentence, idx: Iterable[int]) -> None:
    for i in idx:
        cue = sent.cue[i]
        if cue is None:
            continue
        pol = "+" if cue.polarity > 0 else "-" if cue.polarity < 0 else "0"
        f[f"cue_{where}={pol}"] = f.get(f"cue_{where}={pol}", 0.0) + 1.0
        f[f"cue_{where}_kind={cue.kind}{pol}"] = 1.0
        f[f"cue_lemma={cue.lemma}"] = 1.0


def pair_features(sent: _Sentence, si: int, ti: int, tone: float) -> dict[str, float]:
    """Features of candidate ``spans[si] -> spans[ti]`` in a parsed sentence (a dict)."""
    doc, text = sent.doc, sent.text
    s, t = sent.spans[si], sent.spans[ti]
    f: dict[str, float] = {"bias": 1.0}
    ts_, tt_ = sent.tok_spans[si], sent.tok_spans[ti]
    if ts_ is None or tt_ is None:
        f["no_span"] = 1.0
        return f
    s0, s1, sh = ts_
    t0, t1, th = tt_
    if s.actor == t.actor:
        f["same_actor"] = 1.0
    if s0 < t1 and t0 < s1:
        f["overlap"] = 1.0
        return f
    f["src_person"] = float(s.kind == "person")
    f["tgt_person"] = float(t.kind == "person")
    first_end, second_start = (s1, t0) if s0 < t0 else (t1, s0)
    f["order=" + ("st" if s0 < t0 else "ts")] = 1.0
    between = range(first_end, second_start)
    f["dist=" + _bucket(len(between))] = 1.0
    others = sum(1 for k, sp in enumerate(sent.tok_spans)
                 if sp is not None and k not in (si, ti) and first_end <= sp[0] < second_start)
    f["others_between=" + _bucket(others, (0, 1))] = 1.0
    weight = 1.0 if len(between) <= 12 else 0.5
    for i in between:
        if not doc[i].is_punct:
            f["btw=" + sent.lemmas[i]] = weight
    if any(doc[i].text in ",;:" for i in between):
        f["btw_punct"] = 1.0
    for name, lo, hi in (("sL", s0 - 3, s0), ("sR", s1, s1 + 3), ("tL", t0 - 3, t0),
                         ("tR", t1, t1 + 3)):
        for i in range(max(0, lo), min(len(doc), hi)):
            f[f"{name}={sent.lemmas[i]}"] = 1.0
    # dependency path between the heads
    up, lca, down = _path(doc, sh, th)
    if lca is None:
        f["path=none"] = 1.0
        path_tokens: list[int] = []
    else:
        sig = [doc[i].dep_ + "^" for i in up] + [doc[i].dep_ + "v" for i in reversed(down)]
        f["path_len=" + _bucket(len(sig), (1, 2, 3, 4, 6))] = 1.0
        if len(sig) <= 5:
            f["path=" + " ".join(sig)] = 1.0
            f["path_lca=" + " ".join(sig) + "|" + sent.lemmas[lca]] = 1.0
        f["lca=" + sent.lemmas[lca]] = 1.0
        f["lca_pos=" + doc[lca].pos_] = 1.0
        f["src_dep=" + doc[sh].dep_] = 1.0
        f["tgt_dep=" + doc[th].dep_] = 1.0
        f["deps=" + doc[sh].dep_ + "|" + doc[th].dep_] = 1.0
        path_tokens = [i for i in up[1:] + [lca] + down[1:]]
        for i in path_tokens:
            f["pathw=" + sent.lemmas[i]] = 1.0
        lt = doc[lca]
        tense = lt.morph.get("Tense")
        mood = lt.morph.get("Mood")
        form = lt.morph.get("VerbForm")
        f["lca_tense=" + (tense[0] if tense else "-") + (mood[0] if mood else "") +
          (form[0] if form else "")] = 1.0
        if _conditional(lt) or any(_conditional(doc[i]) for i in path_tokens):
            f["cond_path"] = 1.0
        if any(c.lower_ in ("si", "s'") and c.dep_ == "mark"
               for i in [lca, *path_tokens] for c in doc[i].children):
            f["si_path"] = 1.0
        negs = [c for i in [lca, *path_tokens] for c in doc[i].children
                if c.lower_ in NEG_WORDS or "Neg" in c.morph.get("Polarity")]
        if negs:
            f["neg_path"] = 1.0
    _cue_feats(f, "path", sent, path_tokens)
    _cue_feats(f, "btw", sent, [i for i in between if i not in path_tokens])
    _cue_feats(f, "near", sent, [i for i in range(max(0, min(s0, t0) - 4), min(s0, t0))] +
               [i for i in range(max(s1, t1), min(len(doc), max(s1, t1) + 4))])
    if any(doc[i].lower_ in NEG_WORDS for i in between):
        f["neg_btw"] = 1.0
    # polarity of the general sentiment lexicon on the path and between the mentions
    for where, idx in (("path", path_tokens), ("btw", list(between))):
        pos = sum(w for i in idx if (w := sent.polar[i]) > 0)
        neg = -sum(w for i in idx if (w := sent.polar[i]) < 0)
        if pos:
            f[f"lex_{where}_pos"] = min(pos, 3.0)
        if neg:
            f[f"lex_{where}_neg"] = min(neg, 3.0)
    # speech, holders, hypotheticals
    if sent.quotes:
        f["quotes"] = 1.0
    f["src_in_quote"] = float(_in_quote(text, s.start))
    f["tgt_in_quote"] = float(_in_quote(text, t.start))
    if sent.n_report:
        f["report_verb"] = 1.0
        if doc[sh].head.i < len(doc) and sent.report[doc[sh].head.i] and \
                doc[sh].dep_.startswith("nsubj"):
            f["src_subj_of_report"] = 1.0
    if sent.selon:
        f["selon"] = 1.0
    spk = sent.an.speaker_of(doc[th])
    f["tgt_speaker=" + ("src" if spk == s.actor else "writer" if spk == "writer" else
                        "other" if spk == "other" else "third")] = 1.0
    if sent.si:
        f["si"] = 1.0
    if sent.cond:
        f["cond"] = 1.0
    if sent.question:
        f["question"] = 1.0
    # tone near the target
    f["tone_tgt"] = float(tone)
    f["tone_tgt=" + ("pos" if tone > 0.1 else "neg" if tone < -0.1 else "neu")] = 1.0
    # the rule engine's decision
    its = sent.rule_items(s.actor, t.actor)
    pol = sum(i.polarity * i.weight for i in its if i.kind in ("relation", "eval"))
    f["rule=" + ("+1" if pol > 0 else "-1" if pol < 0 else "0")] = 1.0
    for i in its:
        f[f"rule_{i.kind}={i.rule}"] = 1.0
    rev = sum(i.polarity for i in sent.rule_items(t.actor, s.actor) if i.kind == "relation")
    if rev:
        f["rule_rev=" + ("+1" if rev > 0 else "-1")] = 1.0
    anyt = sum(i.polarity for i in sent.an.items if i.target == t.actor and i.holder != s.actor)
    if anyt:
        f["rule_tgt_other=" + ("+1" if anyt > 0 else "-1")] = 1.0
    return f


def _parse(texts: Sequence[str], batch_size: int = 64):
    from presse.nlp import get_nlp

    nlp = get_nlp(parse=True)
    disable = [p for p in ("ner", "presse_sentence_fixes") if p in nlp.pipe_names]
    return list(nlp.pipe((R.normalise_for_parse(t) for t in texts), batch_size=batch_size,
                         disable=disable))


def _tone_windows(texts: Sequence[str], spans: Sequence[Span], width: int = 60) -> np.ndarray:
    from presse.sentiment import score_texts

    if not texts:
        return np.zeros(0)
    windows = [t[max(0, s.start - width): s.end + width] for t, s in zip(texts, spans,
                                                                        strict=True)]
    return score_texts(windows, method="lexicon")["score"].fillna(0.0).to_numpy()


def sentence_features(texts: Sequence[str], spans: Sequence[Sequence[Span]],
                      pairs: Sequence[Sequence[tuple[int, int]]],
                      lexicon: R.CueLexicon | None = None, docs=None
                      ) -> tuple[list[dict], list[list[R.Item]]]:
    """Features of every candidate pair of every sentence.

    ``texts[k]`` is a sentence, ``spans[k]`` its mentions, ``pairs[k]`` the candidate
    ``(source index, target index)`` pairs into ``spans[k]``. Returns the feature dicts in
    the order of the pairs (sentence by sentence) and the rule engine's items per sentence.
    """
    lexicon = lexicon or R.get_lexicon()
    if docs is None:
        docs = _parse(texts)
    flat_t, flat_s = [], []
    for text, sp, pr in zip(texts, spans, pairs, strict=True):
        for _, ti in pr:
            flat_t.append(text)
            flat_s.append(sp[ti])
    tones = _tone_windows(flat_t, flat_s)
    feats, items, k = [], [], 0
    for doc, text, sp, pr in zip(docs, texts, spans, pairs, strict=True):
        sent = _Sentence(doc, text, sp, lexicon)
        items.append(sent.an.items)
        for si, ti in pr:
            feats.append(pair_features(sent, si, ti, float(tones[k])))
            k += 1
    return feats, items


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


# ----------------------------------------------------------------------------- gold set
GOLD_COLUMNS = ["sentence_key", "text", "source", "source_start", "source_end", "target",
                "target_start", "target_end", "label"]


def load_gold(path: str | Path | None = None) -> pd.DataFrame:
    """The relation gold items (``relations_news.csv`` or a user's CSV of the same shape).

    Needs ``text, source, source_start, source_end, target, target_start, target_end,
    label`` (1 / -1 / 0); ``source == "WRITER"`` marks the journalist's own stance.
    ``sentence_key`` defaults to the text; an article column (``article_id`` or
    ``doc_id``) is used for grouping. A clear error names the file and the problem.
    """
    path = Path(path) if path is not None else GOLD_CSV
    try:
        df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read the relation labels ({exc})") from exc
    if "sentence_key" not in df.columns and "text" in df.columns:
        df["sentence_key"] = df["text"]
    missing = [c for c in GOLD_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing} (need {', '.join(GOLD_COLUMNS)})")
    for c in ("source_start", "source_end", "target_start", "target_end", "label"):
        bad = pd.to_numeric(df[c], errors="coerce").isna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise ValueError(f"{path}: column {c} row {i + 2} is not an integer")
        df[c] = df[c].astype(int)
    if not df["label"].isin(CLASSES).all():
        i = int(np.flatnonzero(~df["label"].isin(CLASSES).to_numpy())[0])
        raise ValueError(f"{path}: label {df['label'].iloc[i]!r} (row {i + 2}) is not 1, -1 "
                         "or 0")
    for c in ("source", "target", "text", "sentence_key"):
        df[c] = df[c].astype(str)
    return df.reset_index(drop=True)


def _slug(text: str) -> str:
    from presse.text import fold

    return "ent_" + re.sub(r"\W+", "_", fold(text).lower()).strip("_")


def _gold_sentences(items: pd.DataFrame) -> tuple[list[str], list[list[Span]], list[list],
                                                  list[int]]:
    """Group items by sentence: texts, spans, candidate pairs and the item order.

    A span's id is its actor in the actor file when the actor matcher finds one over it
    (as at inference), else a slug of its surface.
    """
    from presse.actors import find_mentions

    keys = list(dict.fromkeys(items["sentence_key"]))
    first = items.drop_duplicates("sentence_key").set_index("sentence_key")["text"]
    sents = pd.DataFrame({"doc_id": [f"g{k}" for k in range(len(keys))], "sent_id": 0,
                          "text": [first[k] for k in keys]})
    ments = find_mentions(sents, use_ner=False)
    by_doc: dict[str, list] = {}
    for m in ments.itertuples(index=False):
        if pd.notna(m.actor):
            by_doc.setdefault(m.doc_id, []).append((int(m.start), int(m.end), str(m.actor),
                                                    str(m.kind)))
    texts, spans, pairs, order = [], [], [], []
    grouped = dict(tuple(items.groupby("sentence_key", sort=False)))
    for k, key in enumerate(keys):
        g = grouped[key]
        text = first[key]
        found = by_doc.get(f"g{k}", [])
        sp: list[Span] = []
        index: dict[tuple[int, int], int] = {}

        def span_of(start, end, surface, sp=sp, index=index, found=found, text=text):
            if (start, end) not in index:
                hit = next(((a, kd) for s0, e0, a, kd in found if s0 < end and start < e0),
                           None)
                if hit is None:
                    words = surface.split()
                    kind = "person" if len(words) >= 2 and words[0][:1].isupper() and \
                        not surface.startswith(("Les ", "La ", "Le ", "L'")) else "org"
                    hit = (_slug(surface), kind)
                index[(start, end)] = len(sp)
                sp.append(Span(int(start), int(end), hit[0], hit[1]))
            return index[(start, end)]

        pr = []
        for row in g.itertuples():
            ti = span_of(row.target_start, row.target_end, row.target)
            si = -1 if row.source == "WRITER" else span_of(row.source_start, row.source_end,
                                                            row.source)
            pr.append((si, ti))
            order.append(row.Index)
        texts.append(text)
        spans.append(sp)
        pairs.append(pr)
    return texts, spans, pairs, order


def gold_features(items: pd.DataFrame) -> tuple[list[dict | None], np.ndarray, np.ndarray]:
    """Features and the rule engine's decisions for gold items (aligned with ``items``).

    Returns ``(feats, rule_relation, rule_stance)``: ``feats[i]`` is None for WRITER items
    (the learned model scores source -> target pairs; the writer's stance is the rules');
    ``rule_relation`` is the rules' signed decision for the pair (0 for WRITER items) and
    ``rule_stance`` the rules' signed stance held by the item's source (the writer for WRITER
    items).
    """
    texts, spans, pairs, order = _gold_sentences(items)
    model_pairs = [[p for p in pr if p[0] >= 0] for pr in pairs]
    feats_flat, sent_items = sentence_features(texts, spans, model_pairs)
    n = len(items)
    feats: list[dict | None] = [None] * n
    rule_rel = np.zeros(n, dtype=int)
    rule_st = np.zeros(n, dtype=int)
    it_feats = iter(feats_flat)
    k = 0
    for sp, pr, its in zip(spans, pairs, sent_items, strict=True):
        for si, ti in pr:
            idx = order[k]
            k += 1
            tgt = sp[ti].actor
            if si < 0:
                rule_st[idx] = _writer_sign(its, tgt)
                continue
            feats[idx] = next(it_feats)
            src = sp[si].actor
            pol = sum(i.polarity * i.weight for i in its
                      if i.kind in ("relation", "eval") and i.holder == src and i.target == tgt)
            rule_rel[idx] = int(np.sign(pol)) if src != tgt else 0
            rule_st[idx] = rule_rel[idx]
    return feats, rule_rel, rule_st


def _writer_sign(items: list[R.Item], target: str) -> int:
    """The rules' stance toward ``target`` when its holder is the writer (as in
    ``relations.analyse_sentences``: score sum, holder of the strongest item)."""
    its = [i for i in items if i.target == target]
    if not its:
        return 0
    score = sum(i.polarity * i.weight for i in its)
    sign = int(np.sign(score))
    if sign == 0:
        return 0
    best = [i for i in its if int(np.sign(i.polarity)) == sign]
    best.sort(key=lambda i: (-(i.kind == "relation"), -i.weight))
    return sign if best[0].holder == "writer" else 0


def gold_decisions(items: pd.DataFrame, model: RelationModel | None = None,
                   threshold: float | None = None, feats=None) -> pd.DataFrame:
    """Signed decisions of the rules, the learned model and their combination per item.

    Returns ``items`` with columns ``rules``, ``learned``, ``combined`` (1 / -1 / 0) and
    ``probability`` (the model's probability of its likelier sign; NaN for WRITER items).
    WRITER items: the rules' writer stance for ``rules`` and ``combined``, 0 for
    ``learned``. ``combined``: the rules' relation when they find one, else the model's.
    """
    model = model or load_model()
    if feats is None:
        feats = gold_features(items)
    fts, rule_rel, rule_st = feats
    pair_idx = [i for i, f in enumerate(fts) if f is not None]
    proba = model.predict_proba([fts[i] for i in pair_idx])
    dec = model.decide(proba, threshold)
    out = items.copy()
    learned = np.zeros(len(items), dtype=int)
    prob = np.full(len(items), np.nan)
    learned[pair_idx] = dec
    prob[pair_idx] = np.maximum(proba[:, 0], proba[:, 2]) if len(proba) else []
    is_writer = (items["source"] == "WRITER").to_numpy()
    out["rules"] = np.where(is_writer, rule_st, rule_rel)
    out["learned"] = learned
    out["combined"] = np.where(is_writer, rule_st, np.where(rule_rel != 0, rule_rel, learned))
    out["probability"] = prob
    return out


def score_decisions(dec: pd.DataFrame, methods: Sequence[str] = METHODS) -> pd.DataFrame:
    """Relation precision / recall / F1 (source -> target pairs) and stance macro-F1 over
    FAVOR / AGAINST (every item: a pair's label is the target's stance held by the source,
    a WRITER item's the writer's) per method, through ``presse.evaluate``."""
    from presse.evaluate import agreement, signed_relations

    pairs = dec[dec["source"] != "WRITER"]
    names = {1: "FAVOR", -1: "AGAINST", 0: "NONE"}
    gold_st = dec["label"].map(names)
    rows = []
    for m in methods:
        r = signed_relations(pairs["label"], pairs[m])
        ag = agreement(gold_st, {m: dec[m].map(names)}, labels=["AGAINST", "FAVOR", "NONE"])
        r["stance_macro_f1"] = float((ag["f1_FAVOR"].iloc[0] + ag["f1_AGAINST"].iloc[0]) / 2)
        r["n_pairs"] = len(pairs)
        rows.append({"method": m, **r})
    return pd.DataFrame(rows).set_index("method")


# ----------------------------------------------------------------------------- training
def _select(train_f, train_y, dev_f, dev_y) -> tuple[dict, pd.DataFrame]:
    """Choose C, class weights and the threshold on the dev fold (best relation F1; ties to
    the first in the grid order, i.e. the simpler / higher-threshold choice)."""
    from presse.evaluate import signed_relations

    rows, best = [], None
    for cw in WEIGHT_GRID:
        for C in C_GRID:
            m = RelationModel(C=C, class_weight=cw).fit(train_f, train_y)
            proba = m.predict_proba(dev_f)
            for thr in sorted(THRESHOLD_GRID, reverse=True):
                sc = signed_relations(dev_y, m.decide(proba, thr))
                rows.append({"C": C, "class_weight": cw or "none", "threshold": thr, **sc})
                if best is None or sc["f1"] > best[0] + 1e-9:
                    best = (sc["f1"], {"C": C, "class_weight": cw, "threshold": float(thr)})
    return best[1], pd.DataFrame(rows)


def train_default(out: str | Path | None = None, gold: str | Path | None = None,
                  params: dict | None = None) -> tuple[RelationModel, str]:
    """Rebuild the shipped model (``presse train relations``): features of the train-fold
    pairs of the gold set, C / class weights / threshold chosen on the dev fold (or
    ``params``), fit on the train fold, written to ``out`` (default: the packaged file).
    The test fold is never read here. Deterministic: same inputs, same bytes."""
    items = load_gold(gold)
    items = items[(items["source"] != "WRITER") & items["fold"].isin(["train", "dev"])]
    items = items.reset_index(drop=True)
    feats, _, _ = gold_features(items)
    tr = (items["fold"] == "train").to_numpy()
    tr_f = [f for f, t in zip(feats, tr, strict=True) if t]
    dv_f = [f for f, t in zip(feats, tr, strict=True) if not t]
    tr_y, dv_y = items.loc[tr, "label"].to_numpy(), items.loc[~tr, "label"].to_numpy()
    if params is None:
        params, _ = _select(tr_f, tr_y, dv_f, dv_y)
    model = RelationModel(**params).fit(tr_f, tr_y)
    from presse.evaluate import signed_relations

    dev = signed_relations(dv_y, model.decide(model.predict_proba(dv_f)))
    gpath = Path(gold) if gold is not None else GOLD_CSV
    meta = {"trained_on": f"{config.relpath(gpath)} train fold ({int(tr.sum())} pairs, "
                          f"{int((tr_y != 0).sum())} relations)",
            "chosen_on": f"dev fold ({int((~tr).sum())} pairs)",
            "dev": {k: round(v, 4) if isinstance(v, float) else v for k, v in dev.items()},
            "command": "presse train relations"}
    model.meta_ = meta
    digest = model.to_file(out or DEFAULT_MODEL, meta=meta)
    _load_cached.cache_clear()
    return model, digest


def train_on_labels(labels_csv: str | Path, out: str | Path, group: str | None = None,
                    n_splits: int = 5, params: dict | None = None
                    ) -> tuple[RelationModel, pd.DataFrame]:
    """Train a model on a user's labelled pairs (the columns of :func:`load_gold`; WRITER
    items are skipped) and print-ready grouped cross-validation (no article on both sides;
    ``group`` defaults to ``article_id`` / ``doc_id`` / the sentence). Returns the model
    fitted on all pairs (written to ``out``) and the cross-validated scores of the learned
    model and of the rules on the same pairs."""
    from presse.evaluate import grouped_cv

    path = Path(labels_csv)
    items = load_gold(path)
    items = items[items["source"] != "WRITER"].reset_index(drop=True)
    if items.empty:
        raise ValueError(f"{path}: no source -> target pair to train on")
    if group is None:
        group = next((c for c in ("article_id", "doc_id") if c in items.columns),
                     "sentence_key")
    prm = dict(params or DEFAULT_PARAMS)
    feats, rule_rel, _ = gold_features(items)
    items["_row"] = np.arange(len(items))

    def fit_predict(tr: pd.DataFrame, te: pd.DataFrame):
        m = RelationModel(**prm).fit([feats[i] for i in tr["_row"]], tr["label"])
        return m.decide(m.predict_proba([feats[i] for i in te["_row"]]))

    oof = grouped_cv(fit_predict, items, label="label", group=group, n_splits=n_splits)
    dec = items.assign(learned=oof.astype(int).to_numpy(), rules=rule_rel)
    dec["combined"] = np.where(dec["rules"] != 0, dec["rules"], dec["learned"])
    cv = score_decisions(dec)
    model = RelationModel(**prm).fit(feats, items["label"])
    model.to_file(out, meta={"trained_on": f"{path.name} ({len(items)} pairs)",
                             "command": f"presse train relations --labels {path.name}"})
    return model, cv


def test_fold_report(gold: str | Path | None = None, model: RelationModel | None = None,
                     folds: Sequence[str] = ("dev", "test")) -> pd.DataFrame:
    """Rules, learned model and combination on the gold folds (one row per fold x method):
    relation precision / recall / F1 and stance macro-F1 (the notebook's and the
    benchmark's figures)."""
    items = load_gold(gold)
    items = items[items["fold"].isin(folds)].reset_index(drop=True)
    dec = gold_decisions(items, model)
    out = []
    for fold in folds:
        sc = score_decisions(dec[dec["fold"] == fold]).reset_index()
        sc.insert(0, "fold", fold)
        out.append(sc)
    return pd.concat(out, ignore_index=True)


test_fold_report.__test__ = False  # not a pytest test despite its name


# ----------------------------------------------------------------------------- tables
RELATION_COLUMNS = R.RELATION_COLUMNS + ["probability", "method"]
STANCE_COLUMNS = R.STANCE_COLUMNS + ["method"]
#: at most this many mentions per sentence make candidates (long lists of names)
MAX_MENTIONS = 8
_CACHE: dict[str, tuple] = {}


def _model_relations(sentences: pd.DataFrame, mentions: pd.DataFrame, model: RelationModel,
                     threshold: float | None, lexicon: R.CueLexicon) -> pd.DataFrame:
    """The model's decision for every ordered pair of distinct actors in every sentence
    that mentions at least two (the best-scoring mention pair of each actor pair)."""
    cols = ["doc_id", "sent_id", "source", "target", "m_polarity", "m_probability", "m_cue"]
    if mentions is None or len(mentions) == 0:
        return pd.DataFrame(columns=cols)
    m = mentions[mentions["actor"].notna() & (mentions["actor"].astype(str) != "")].copy()
    m["doc_id"] = m["doc_id"].astype(str)
    kinds = m["kind"].astype(str) if "kind" in m.columns else pd.Series("person", index=m.index)
    m["kind_"] = kinds
    n_act = m.groupby(["doc_id", "sent_id"])["actor"].nunique()
    keys = set(n_act[n_act >= 2].index)
    if not keys:
        return pd.DataFrame(columns=cols)
    text_of = {(str(d), int(s)): t for d, s, t in zip(sentences["doc_id"], sentences["sent_id"],
                                                     sentences["text"], strict=True)}
    texts, spans, pairs, where = [], [], [], []
    for (d, s), g in m[m.set_index(["doc_id", "sent_id"]).index.isin(keys)].groupby(
            ["doc_id", "sent_id"], sort=True):
        text = text_of.get((d, int(s)))
        if text is None:
            continue
        g = g.sort_values("start", kind="stable").head(MAX_MENTIONS)
        sp = [Span(int(a), int(b), str(c), str(k)) for a, b, c, k in
              zip(g["start"], g["end"], g["actor"], g["kind_"], strict=True)]
        pr = [(i, j) for i in range(len(sp)) for j in range(len(sp))
              if i != j and sp[i].actor != sp[j].actor]
        texts.append(str(text))
        spans.append(sp)
        pairs.append(pr)
        where.append((d, int(s)))
    feats, _ = sentence_features(texts, spans, pairs, lexicon)
    proba = model.predict_proba(feats)
    dec = model.decide(proba, threshold)
    rows, k = [], 0
    for (d, s), sp, pr in zip(where, spans, pairs, strict=True):
        for si, ti in pr:
            p = proba[k]
            f = feats[k]
            cue = next((n.split("=", 1)[1] for n in sorted(f) if n.startswith("cue_lemma=")), "")
            rows.append((d, s, sp[si].actor, sp[ti].actor, int(dec[k]),
                         float(max(p[0], p[2])), cue))
            k += 1
    df = pd.DataFrame(rows, columns=cols)
    # one decision per actor pair: the most confident mention pair
    df = df.sort_values(["doc_id", "sent_id", "source", "target", "m_probability"],
                        ascending=[True, True, True, True, False], kind="stable")
    return df.drop_duplicates(["doc_id", "sent_id", "source", "target"]).reset_index(drop=True)


def analyse(sentences: pd.DataFrame, mentions: pd.DataFrame,
            documents: pd.DataFrame | None = None, method: str = DEFAULT_METHOD,
            threshold: float | None = None, model: str | Path | RelationModel | None = None,
            cues: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(stance, relations)`` tables from one set of decisions (see the module docstring).

    Relations: the rules' relations (``combined``, ``rules``) and the model's above the
    threshold (``combined``, ``learned``); ``probability`` is the model's probability of
    the relation's sign (NaN for ``rules``). Stance: one row per sentence and target as in
    ``presse.relations.stance_table``; a target that is the target of a relation in that
    sentence takes the relation's sign, holder and cue (the most probable one when there
    are several); otherwise the rules' writer / unnamed-source stance is kept
    (``combined``, ``rules``) or NONE (``learned``).
    """
    if method not in METHODS:
        raise ValueError(f"method {method!r} is not one of {METHODS}")
    key = _key(sentences, mentions, documents, method, threshold, model, cues)
    if key in _CACHE:
        st, rel = _CACHE[key]
        return st.copy(), rel.copy()
    st, rel, _ = R.analyse_sentences(sentences, mentions, documents, cues=cues)
    if method == "rules":
        rel = rel.assign(probability=np.nan, method="rules")
        st = st.assign(method="rules")
        return _finish(st, rel, key)
    mdl = model if isinstance(model, RelationModel) else load_model(model)
    lexicon = R.get_lexicon(str(cues) if cues is not None else None)
    md = _model_relations(sentences, mentions, mdl, threshold, lexicon)
    dates = R._doc_dates(sentences, documents)
    text_of = {(str(d), int(s)): t for d, s, t in zip(sentences["doc_id"], sentences["sent_id"],
                                                     sentences["text"], strict=True)}
    k4 = ["doc_id", "sent_id", "source", "target"]
    rel = rel.merge(md, on=k4, how="left")
    prob_sign = np.where(rel["m_polarity"].fillna(0).astype(int) == rel["polarity"],
                         rel["m_probability"], np.nan)
    rel["probability"] = np.where(rel["m_polarity"].notna(), prob_sign, np.nan)
    rel["probability"] = np.where(rel["m_polarity"].fillna(0).astype(int) == 0,
                                  np.nan, rel["probability"])
    rel["rule"] = rel["rule"].astype(str)
    rule_rel = rel[RELATION_COLUMNS[:-1]]
    found = md[md["m_polarity"] != 0]
    new = found.merge(rule_rel[k4].drop_duplicates(), on=k4, how="left", indicator=True)
    new = new[new["_merge"] == "left_only"]
    new_rel = pd.DataFrame({
        "doc_id": new["doc_id"], "sent_id": new["sent_id"].astype(int),
        "date": [dates.get(d) for d in new["doc_id"]],
        "source": new["source"], "target": new["target"],
        "polarity": new["m_polarity"].astype(int), "cue": new["m_cue"],
        "evidence": [text_of[(d, int(s))] for d, s in zip(new["doc_id"], new["sent_id"],
                                                          strict=True)],
        "rule": "model", "probability": new["m_probability"]})
    if method == "learned":
        keep = rule_rel.merge(found[k4 + ["m_polarity"]], on=k4, how="inner")
        keep = keep[keep["polarity"] == keep["m_polarity"]].drop(columns="m_polarity")
        keep["rule"] = "model+" + keep["rule"].astype(str)
        parts = [keep, new_rel]
    else:
        parts = [rule_rel, new_rel]
    parts = [p for p in parts if len(p)]
    rel = pd.concat(parts, ignore_index=True) if parts else rule_rel.iloc[0:0]
    rel = rel.assign(method=method)
    rel["date"] = pd.to_datetime(rel["date"], errors="coerce")
    st = _stance_from(st, rel, method)
    return _finish(st, rel, key)


def _stance_from(st: pd.DataFrame, rel: pd.DataFrame, method: str) -> pd.DataFrame:
    """Stance rows consistent with the relations: each (sentence, target) that is the target
    of a relation takes its sign and holder; other rows keep the rules' writer stance
    (``combined``) or become NONE (``learned``); actor-held rule rows without a relation
    become NONE."""
    st = st.copy()
    best = rel.assign(_p=rel["probability"].fillna(1.0)).sort_values(
        ["doc_id", "sent_id", "target", "_p"], ascending=[True, True, True, False],
        kind="stable").drop_duplicates(["doc_id", "sent_id", "target"])
    lookup = {(d, int(s), t): r for d, s, t, r in zip(best["doc_id"], best["sent_id"],
                                                      best["target"], best.itertuples(),
                                                      strict=True)}
    labels, scores, cues, speakers, rules = [], [], [], [], []
    for row in st.itertuples(index=False):
        r = lookup.get((row.doc_id, int(row.sent_id), row.target))
        if r is not None:
            p = r.probability if pd.notna(r.probability) else 1.0
            labels.append("FAVOR" if r.polarity > 0 else "AGAINST")
            scores.append(round(float(np.sign(r.polarity) * p), 3))
            cues.append(r.cue)
            speakers.append(r.source)
            rules.append(r.rule)
        elif row.label != "NONE" and (method == "learned" or
                                      row.speaker not in ("writer", "other")):
            labels.append("NONE")
            scores.append(0.0)
            cues.append("")
            speakers.append("writer")
            rules.append("no-relation")
        else:
            labels.append(row.label)
            scores.append(row.score)
            cues.append(row.cue)
            speakers.append(row.speaker)
            rules.append(row.rule)
    st["label"], st["score"], st["cue"], st["speaker"], st["rule"] = (
        labels, scores, cues, speakers, rules)
    # a relation whose target has no stance row (both tables must list it)
    have = {(d, int(s), t) for d, s, t in zip(st["doc_id"], st["sent_id"], st["target"],
                                              strict=True)}
    extra = [(k, r) for k, r in lookup.items() if k not in have]
    if extra:
        add = pd.DataFrame([{
            "doc_id": k[0], "sent_id": k[1], "target": k[2],
            "label": "FAVOR" if r.polarity > 0 else "AGAINST",
            "score": round(float(np.sign(r.polarity) *
                                 (r.probability if pd.notna(r.probability) else 1.0)), 3),
            "cue": r.cue, "speaker": r.source, "rule": r.rule, "n_cues": 1} for k, r in extra])
        st = pd.concat([st, add], ignore_index=True)
    return st.assign(method=method)


def _finish(st, rel, key):
    st = st[STANCE_COLUMNS].astype({
        "doc_id": "string", "sent_id": "int64", "target": "string", "label": "string",
        "score": "float64", "cue": "string", "speaker": "string", "rule": "string",
        "n_cues": "int64", "method": "string"})
    rel = rel[RELATION_COLUMNS].astype({
        "doc_id": "string", "sent_id": "int64", "source": "string", "target": "string",
        "polarity": "int64", "cue": "string", "evidence": "string", "rule": "string",
        "probability": "float64", "method": "string"})
    st = st.sort_values(["doc_id", "sent_id", "target"], kind="stable", ignore_index=True)
    rel = rel.sort_values(["doc_id", "sent_id", "source", "target", "polarity"], kind="stable",
                          ignore_index=True)
    _CACHE.clear()
    _CACHE[key] = (st, rel)
    return st.copy(), rel.copy()


def _key(sentences, mentions, documents, method, threshold, model, cues) -> str:
    base = R._cache_key(sentences, mentions, documents, None, cues)
    if isinstance(model, RelationModel):
        mid = str(id(model))
    else:
        p = Path(model) if model is not None else model_path()
        mid = f"{p}:{p.stat().st_mtime_ns if p.is_file() else 0}"
    return f"{base}|{method}|{threshold}|{mid}"


def relations_table(sentences: pd.DataFrame, mentions: pd.DataFrame,
                    documents: pd.DataFrame | None = None, method: str = DEFAULT_METHOD,
                    threshold: float | None = None, **kwargs) -> pd.DataFrame:
    """Actor-to-actor relations (the build's ``relations`` table).

    Output columns: doc_id, sent_id, date, source, target, polarity (+1 / -1), cue,
    evidence (the sentence), rule (the rule engine's rule, ``model`` for a relation only
    the model found, ``model+<rule>`` when both agree under ``learned``), probability (the
    model's probability of that sign; NaN when the model did not score it or scored the
    other sign), method (``combined`` / ``learned`` / ``rules``). Sorted by doc_id, sent_id,
    source, target.
    """
    return analyse(sentences, mentions, documents, method=method, threshold=threshold,
                   **kwargs)[1]


def stance_table(sentences: pd.DataFrame, mentions: pd.DataFrame,
                 documents: pd.DataFrame | None = None, method: str = DEFAULT_METHOD,
                 threshold: float | None = None, **kwargs) -> pd.DataFrame:
    """Sentence stance toward every actor mentioned (the build's ``stance`` table).

    Output columns: doc_id, sent_id, target, label (FAVOR / AGAINST / NONE), score (signed
    probability of the relation, or the rules' score), cue, speaker (holder: an actor id,
    ``writer`` or ``other``), rule, n_cues, method. Consistent with ``relations_table``
    for the same arguments: every relation S -> T is the row of T held by S.
    """
    return analyse(sentences, mentions, documents, method=method, threshold=threshold,
                   **kwargs)[0]


def stance_relations_tables(sentences: pd.DataFrame, mentions: pd.DataFrame,
                            documents: pd.DataFrame | None = None,
                            method: str = DEFAULT_METHOD, threshold: float | None = None,
                            **kwargs) -> dict[str, pd.DataFrame]:
    """The build step: ``{"stance": ..., "relations": ...}`` from one analysis (one parse)
    of the sentences; the tables of :func:`stance_table` and :func:`relations_table`."""
    st, rel = analyse(sentences, mentions, documents, method=method, threshold=threshold,
                      **kwargs)
    return {"stance": st, "relations": rel}

