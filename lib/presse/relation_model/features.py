"""Features of a candidate pair (source -> target mentions in one sentence) from the sentence
and its spaCy parse: words, dependency path, cue lexicon hits, reported speech, negation,
mood, the tone near the target and the rule engine's decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from presse import relations as R
from presse.actors.entities import entity_id
from presse.relation_model.settings import _CLOSE_Q, _OPEN_Q, NEG_WORDS, REPORT_LEMMAS, Span
from presse.text import nfc


# ----------------------------------------------------------------------------- features
@lru_cache(maxsize=1)
def media_names() -> frozenset[str]:
    """Ids (``presse.actors.entity_id``) of news media and agencies (``data/media_fr.txt``)."""
    from presse import config

    path = config.PACKAGE_DATA / "media_fr.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(entity_id(ln) for ln in lines if ln.strip() and not ln.startswith("#"))


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
    s_id, t_id = entity_id(text[s.start:s.end]), entity_id(text[t.start:t.end])
    media = media_names()
    if s_id in media:
        f["src_media"] = 1.0
    if t_id in media:
        f["tgt_media"] = 1.0
    s_last, t_last = s_id.split("_")[-1:], t_id.split("_")[-1:]
    if s_last and s_last == t_last:
        f["same_last_word"] = 1.0  # « Lara Trump » / « Donald Trump »: kin, or one person
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


def _tone_windows(texts: Sequence[str], spans: Sequence[Span], width: int = 60
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tone around each target: the lexicon score of a window of ``width`` characters on
    each side, and the learned tone model's P(neg), P(pos) of the window and of the whole
    sentence (columns neg_window, pos_window, neg_sentence, pos_sentence)."""
    from presse import tone
    from presse.sentiment import score_texts

    if not texts:
        return np.zeros(0), np.zeros((0, 2)), np.zeros((0, 2))
    windows = [t[max(0, s.start - width): s.end + width] for t, s in zip(texts, spans,
                                                                        strict=True)]
    lex_frame = tone.lexicon_scores(windows)
    lex = lex_frame["score"].fillna(0.0).to_numpy()
    # the learned model reuses the lexicon scores of the same windows (one lexicon pass)
    model = tone.load_model()
    proba = model.predict_proba(windows, lex=lex_frame)
    cols = [list(model.classes_).index(c) for c in ("neg", "pos")]
    learned = proba[:, cols].astype(float)
    uniq = list(dict.fromkeys(texts))
    whole = score_texts(uniq)[["p_neg", "p_pos"]].to_numpy(dtype=float)
    row = {t: i for i, t in enumerate(uniq)}
    return lex, learned, whole[[row[t] for t in texts]]


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
    tones, window_p, sentence_p = _tone_windows(flat_t, flat_s)
    feats, items, k = [], [], 0
    for doc, text, sp, pr in zip(docs, texts, spans, pairs, strict=True):
        sent = _Sentence(doc, text, sp, lexicon)
        items.append(sent.an.items)
        for si, ti in pr:
            f = pair_features(sent, si, ti, float(tones[k]))
            # the learned tone model (presse.tone), trained on far more labelled news than
            # the relation set: P(neg), P(pos) near the target and of the whole sentence
            f["tone_win_pneg"], f["tone_win_ppos"] = (float(v) for v in window_p[k])
            f["tone_sent_pneg"], f["tone_sent_ppos"] = (float(v) for v in sentence_p[k])
            feats.append(f)
            k += 1
    return feats, items
