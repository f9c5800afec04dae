"""The stance and relations tables of a corpus: sentences parsed only when they can hold a
relation, the result memoised for the last inputs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from presse.relations.cues import get_lexicon, normalise_for_parse
from presse.relations.rules import Context, MentionRef, analyse_sentence

# ----------------------------------------------------------------------------- tables
STANCE_COLUMNS = ["doc_id", "sent_id", "target", "label", "score", "cue", "speaker", "rule",
                  "n_cues"]
RELATION_COLUMNS = ["doc_id", "sent_id", "date", "source", "target", "polarity", "cue",
                    "evidence", "rule"]
_PRONOUN_RE = re.compile(r"(?:^|[\s\"«(])(?:il|elle|[-‑]il|[-‑]elle|son|sa|ses)\b", re.IGNORECASE)
_CACHE: dict[str, tuple] = {}


def _label(score: float) -> str:
    return "FAVOR" if score > 0 else "AGAINST" if score < 0 else "NONE"


def _doc_dates(sentences: pd.DataFrame, documents: pd.DataFrame | None) -> dict[str, object]:
    if documents is not None and len(documents) and "date" in documents.columns:
        return dict(zip(documents["doc_id"].astype(str), documents["date"], strict=False))
    if "date" in sentences.columns:
        return dict(zip(sentences["doc_id"].astype(str), sentences["date"], strict=False))
    return {}


def _cache_key(sentences, mentions, documents, rules, cues) -> str:
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    for df, cols in ((sentences, ["doc_id", "sent_id", "text"]),
                     (mentions, ["doc_id", "sent_id", "actor", "kind", "start", "end"]),
                     (documents, ["doc_id", "date"])):
        if df is None or len(df) == 0:
            h.update(b"-")
            continue
        sub = df[[c for c in cols if c in df.columns]].astype(str)
        h.update(pd.util.hash_pandas_object(sub, index=False).to_numpy().tobytes())
    h.update(repr((sorted(rules) if rules is not None else None, str(cues))).encode())
    return h.hexdigest()


def analyse_sentences(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    cues: str | Path | None = None,
    rules: Iterable[str] | None = None,
    batch_size: int = 128,
    n_process: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Stance and relation tables for a sentences table, parsing only what needs it.

    A sentence is parsed (``presse.nlp.get_nlp(parse=True)``, NER off) when it mentions an
    actor and contains a cue form, or when it has no mention but a subject pronoun or a
    possessive, a cue form, and an actor in one of the two sentences before (pronoun
    carry-over). Other sentences that mention actors get NONE rows without parsing.

    Returns ``(stance, relations, info)``; ``info`` has n_sentences, n_parsed,
    n_with_mentions. The result is memoised for the last inputs, so ``stance_table`` and
    ``relations_table`` called on the same tables parse once.
    """
    key = _cache_key(sentences, mentions, documents, rules, cues)
    if key in _CACHE:
        st, rel, info = _CACHE[key]
        return st.copy(), rel.copy(), dict(info)
    lexicon = get_lexicon(str(cues) if cues is not None else None)
    sents = sentences[["doc_id", "sent_id", "text"]].copy()
    sents["doc_id"] = sents["doc_id"].astype(str)
    sents = sents.sort_values(["doc_id", "sent_id"], kind="stable").reset_index(drop=True)
    by_sent: dict[tuple[str, int], list[MentionRef]] = {}
    if mentions is not None and len(mentions):
        m = mentions[mentions["actor"].notna() & (mentions["actor"].astype(str) != "")]
        kinds = m["kind"] if "kind" in m.columns else pd.Series("person", index=m.index)
        for d, s, a, k, st_, en in zip(m["doc_id"].astype(str), m["sent_id"].astype(int),
                                       m["actor"].astype(str), kinds.astype(str),
                                       m["start"].astype(int), m["end"].astype(int),
                                       strict=True):
            by_sent.setdefault((d, s), []).append(MentionRef(a, k, st_, en))
    texts = sents["text"].astype(str).tolist()
    doc_ids = sents["doc_id"].tolist()
    sent_ids = sents["sent_id"].astype(int).tolist()
    trig = [lexicon.has_trigger(t) for t in texts]
    parse_idx = []
    for i, (d, s) in enumerate(zip(doc_ids, sent_ids, strict=True)):
        if not trig[i]:
            continue
        if (d, s) in by_sent or (_PRONOUN_RE.search(texts[i]) and
              ((d, s - 1) in by_sent or (d, s - 2) in by_sent)):
            parse_idx.append(i)
    parsed: dict[int, object] = {}
    if parse_idx:
        from presse.nlp import get_nlp

        nlp = get_nlp(parse=True)
        # NER is not needed (mentions come from the actor matcher); each input is one
        # sentence already, so the sentence-repair component is skipped too
        disable = [p for p in ("ner", "presse_sentence_fixes") if p in nlp.pipe_names]
        docs = nlp.pipe((normalise_for_parse(texts[i]) for i in parse_idx),
                        batch_size=batch_size, n_process=n_process, disable=disable)
        for i, doc in zip(parse_idx, docs, strict=True):
            parsed[i] = doc
    dates = _doc_dates(sentences, documents)
    st_rows: list[tuple] = []
    rel_rows: list[tuple] = []
    ctx = Context()
    prev_doc = None
    for i, (d, s) in enumerate(zip(doc_ids, sent_ids, strict=True)):
        if d != prev_doc:
            ctx, prev_doc = Context(), d
        refs = by_sent.get((d, s), [])
        if i not in parsed:
            if refs:
                seen = []
                for r in sorted(refs, key=lambda r: r.start):
                    if r.actor not in seen:
                        seen.append(r.actor)
                        st_rows.append((d, s, r.actor, "NONE", 0.0, "", "writer", "no-cue", 0))
                first = min(refs, key=lambda r: r.start)
                subject = (first.actor, first.kind, "") if first.start < 30 else None
                persons = [r.actor for r in sorted(refs, key=lambda r: r.start)
                           if r.kind == "person"]
                ctx.update(subject, persons, [r.actor for r in refs])
            continue
        an = analyse_sentence(parsed[i], refs, ctx, lexicon, rules)
        items = an.items
        targets = list(dict.fromkeys(an.mentioned() + [it.target for it in items]))
        for t in targets:
            its = [it for it in items if it.target == t]
            if not its:
                st_rows.append((d, s, t, "NONE", 0.0, "", an.mention_speaker(t), "no-cue", 0))
                continue
            score = float(sum(it.polarity * it.weight for it in its))
            score = max(-1.0, min(1.0, score))
            label = _label(score)
            sign = 1 if score > 0 else -1 if score < 0 else 0
            best = [it for it in its if (it.polarity > 0) - (it.polarity < 0) == sign] or its
            best.sort(key=lambda it: (-(it.kind == "relation"), -it.weight))
            cue = "; ".join(dict.fromkeys(it.cue for it in its))
            st_rows.append((d, s, t, label, round(score, 3), cue, best[0].holder,
                            best[0].rule, len(its)))
        for it in items:
            if it.polarity == 0 or it.holder in ("writer", "other"):
                continue
            if it.kind in ("relation", "eval"):
                rel_rows.append((d, s, dates.get(d), it.holder, it.target, int(it.polarity),
                                 it.cue, texts[i], it.rule))
        ctx.update(*an.context_update())
    stance = pd.DataFrame(st_rows, columns=STANCE_COLUMNS)
    stance = stance.astype({"doc_id": "string", "sent_id": "int64", "target": "string",
                            "label": "string", "score": "float64", "cue": "string",
                            "speaker": "string", "rule": "string", "n_cues": "int64"})
    rel = pd.DataFrame(rel_rows, columns=RELATION_COLUMNS)
    rel["date"] = pd.to_datetime(rel["date"], errors="coerce")
    rel = rel.astype({"doc_id": "string", "sent_id": "int64", "source": "string",
                      "target": "string", "polarity": "int64", "cue": "string",
                      "evidence": "string", "rule": "string"})
    rel = rel.drop_duplicates(["doc_id", "sent_id", "source", "target", "polarity"])
    stance = stance.sort_values(["doc_id", "sent_id", "target"], kind="stable",
                                ignore_index=True)
    rel = rel.sort_values(["doc_id", "sent_id", "source", "target"], kind="stable",
                          ignore_index=True)
    info = {"n_sentences": len(sents), "n_parsed": len(parsed),
            "n_with_mentions": len({k for k in by_sent})}
    _CACHE.clear()
    _CACHE[key] = (stance, rel, info)
    return stance.copy(), rel.copy(), dict(info)


def stance_table(sentences: pd.DataFrame, mentions: pd.DataFrame,
                 documents: pd.DataFrame | None = None, **kwargs) -> pd.DataFrame:
    """Sentence-level stance toward every actor a sentence mentions (or a rule reaches).

    Input: sentences (doc_id, sent_id, text), mentions (doc_id, sent_id, actor, kind, start,
    end), optionally documents (doc_id, date: resolves nothing here, kept for symmetry).
    Output columns: doc_id, sent_id, target (actor id), label (FAVOR / AGAINST / NONE), score
    (float in [-1, 1]: signed sum of cue weights), cue (the cue lemmas, "; "-joined),
    speaker (who holds the stance: ``writer``, ``other`` for unnamed sources, or an actor
    id), rule (svo, passive, nominal, frame, eval, linear, negation, no-cue), n_cues.
    Sorted by doc_id, sent_id, target. A holder is never its own target.
    """
    return analyse_sentences(sentences, mentions, documents, **kwargs)[0]


def relations_table(sentences: pd.DataFrame, mentions: pd.DataFrame,
                    documents: pd.DataFrame | None = None, **kwargs) -> pd.DataFrame:
    """Actor-to-actor relations, one row per (sentence, source, target, polarity).

    Output columns: doc_id, sent_id, date (the article's date, NaT when unknown), source,
    target (actor ids), polarity (+1 / -1), cue (lemma of the cue, or "qualifier de
    hostile" for frames), evidence (the sentence text), rule. Negated cues produce no
    relation (they show in the stance table's cue as « ne ... pas »). Sorted by doc_id,
    sent_id, source, target.
    """
    return analyse_sentences(sentences, mentions, documents, **kwargs)[1]
