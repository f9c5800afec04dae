"""The stance and relations tables from one set of decisions (rules, learned or combined), and
the build step that returns both.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from presse import relations as R
from presse.relation_model.features import sentence_features
from presse.relation_model.model import RelationModel, load_model, model_path
from presse.relation_model.settings import DEFAULT_METHOD, METHODS, Span

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


def stance_relations_step(sentences: pd.DataFrame, mentions: pd.DataFrame,
                          documents: pd.DataFrame | None = None,
                          relation_method: str | None = None,
                          relation_threshold: float | None = None) -> dict[str, pd.DataFrame]:
    """The build's ``stance_relations`` step: :func:`stance_relations_tables` with the
    build options ``relation_method`` (None: ``DEFAULT_METHOD``) and ``relation_threshold``
    (None: the model's own, chosen on the dev fold)."""
    return stance_relations_tables(sentences, mentions, documents,
                                   method=relation_method or DEFAULT_METHOD,
                                   threshold=relation_threshold)
