"""Stance and relations: who stands for or against whom, with evidence, over time.

What it measures
    For each sentence that mentions an actor (from the actor file, metonyms included), the
    position expressed toward that actor — ``FAVOR``, ``AGAINST`` or ``NONE`` — and whose
    position it is: the writer's, or the actor who is quoted or reported (« ... », a déclaré
    X, selon X, X a qualifié Y de « ... »). Actor-to-actor relations (source -> target,
    +1 / -1) come from the dependency parse with a lexicon of French relation verbs and
    nouns (``presse/data/relation_cues.csv``); see ``presse.relations`` for the rules.

What it cannot do
    Irony, implicit targets (« ces attaques »), long-range coreference, stance spread over
    several sentences; a writer's stance is only seen through explicit judgement words. The
    small spaCy model misparses long sentences. Validate on your own data before trusting
    a figure: ``evaluate_stance`` and ``evaluate_relations`` compare with hand labels.

Tables (the contract of DESIGN.md)
    * stance: doc_id, sent_id, target, label, score, cue, speaker (+ rule, n_cues)
    * relations: doc_id, sent_id, date, source, target, polarity, cue, evidence (+ rule)

This module adds: article-level stance, relation timelines and network edges, plots
(heatmap, network, timeline), evaluation against the annotations of ``data/annotations``,
and a trainable scikit-learn option with grouped cross-validation.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from presse import config
from presse.display import fmt_int, join_words, natural_key, plural, signed
from presse.evaluate import (  # noqa: F401  (re-exported: moved to presse.evaluate)
    RELATIONS_GOLD_CSV,
    STANCE_GOLD_CSV,
    STANCE_LABELS,
    align_stance,
    class_prf,
    evaluate_relations,
    evaluate_stance,
    load_relations_gold,
    load_stance_gold,
)
from presse.plots import (
    plot_actor_network,
    plot_relation_timeline,
    plot_stance_heatmap,
)
from presse.relations import (  # noqa: F401  (re-exported public API)
    RELATION_COLUMNS,
    STANCE_COLUMNS,
    analyse_sentence,
    analyse_sentences,
    load_cues,
    normalise_for_parse,
    relations_table,
    stance_table,
)

LABELS = STANCE_LABELS

__all__ = [
    "LABELS",
    "RELATION_COLUMNS",
    "STANCE_COLUMNS",
    "align_stance",
    "analyse_sentences",
    "article_stance",
    "cross_validate_stance",
    "evaluate_relations",
    "evaluate_stance",
    "evidence_table",
    "load_relations_gold",
    "load_stance_gold",
    "make_stance_model",
    "period_of",
    "plot_actor_network",
    "plot_relation_timeline",
    "plot_stance_heatmap",
    "relation_edges",
    "relation_timeline",
    "relations_table",
    "stance_table",
]


# ----------------------------------------------------------------------------- aggregation
def article_stance(stance: pd.DataFrame, by_speaker: bool = False) -> pd.DataFrame:
    """Aggregate sentence stance per article and target.

    Output columns: doc_id, target, [speaker,] n_sentences (sentences with a row for the
    target), n_favor, n_against, n_none, score (mean sentence score, in [-1, 1]), net
    ((n_favor - n_against) / n_sentences), label (FAVOR / AGAINST when one side has more
    supporting sentences, NONE on a tie). Sorted by doc_id, target.
    """
    keys = ["doc_id", "target"] + (["speaker"] if by_speaker else [])
    cols = keys + ["n_sentences", "n_favor", "n_against", "n_none", "score", "net", "label"]
    if stance is None or len(stance) == 0:
        return pd.DataFrame(columns=cols)
    df = stance.assign(
        _f=(stance["label"] == "FAVOR").astype(int),
        _a=(stance["label"] == "AGAINST").astype(int),
        _n=(stance["label"] == "NONE").astype(int),
    )
    g = df.groupby(keys, sort=True, observed=True)
    out = pd.DataFrame({
        "n_sentences": g["sent_id"].nunique(),
        "n_favor": g["_f"].sum(), "n_against": g["_a"].sum(), "n_none": g["_n"].sum(),
        "score": g["score"].mean().round(3),
    }).reset_index()
    out["net"] = ((out["n_favor"] - out["n_against"]) / out["n_sentences"]).round(3)
    out["label"] = np.where(out["n_favor"] > out["n_against"], "FAVOR",
                            np.where(out["n_against"] > out["n_favor"], "AGAINST", "NONE"))
    return out[cols].sort_values(keys, ignore_index=True)


def period_of(dates: pd.Series, freq: str = "Q") -> pd.Series:
    """Period label ("2025Q3", "2025-08") of each date; "undated" when the date is missing."""
    d = pd.to_datetime(dates, errors="coerce")
    lab = d.dt.to_period(freq).astype(str)
    return lab.where(d.notna(), "undated")


def relation_edges(relations: pd.DataFrame, period_freq: str | None = None,
                   max_cues: int = 3) -> pd.DataFrame:
    """Network edges: one row per (period,) source, target.

    Output columns: [period,] source, target, n (relations), n_pos, n_neg, polarity (net
    sign: +1, -1, or 0 when balanced), cues (most frequent cue lemmas, ", "-joined),
    n_docs. Sorted by period, -n, source, target.
    """
    keys = (["period"] if period_freq else []) + ["source", "target"]
    cols = keys + ["n", "n_pos", "n_neg", "polarity", "cues", "n_docs"]
    if relations is None or len(relations) == 0:
        return pd.DataFrame(columns=cols)
    df = relations.copy()
    if period_freq:
        df["period"] = period_of(df["date"], period_freq)
    rows = []
    for key, g in df.groupby(keys, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        n_pos = int((g["polarity"] > 0).sum())
        n_neg = int((g["polarity"] < 0).sum())
        top = g["cue"].value_counts().sort_index().sort_values(ascending=False, kind="stable")
        rows.append((*key, len(g), n_pos, n_neg, int(np.sign(n_pos - n_neg)),
                     ", ".join(top.index[:max_cues]), g["doc_id"].nunique()))
    out = pd.DataFrame(rows, columns=cols)
    sort = keys[:-2] + ["n", "source", "target"]
    asc = [True] * (len(keys) - 2) + [False, True, True]
    return out.sort_values(sort, ascending=asc, ignore_index=True)


def relation_timeline(relations: pd.DataFrame, pairs: Sequence[tuple[str, str]] | None = None,
                      freq: str = "M") -> pd.DataFrame:
    """Relation polarity over time for chosen (source, target) pairs.

    Output columns: source, target, period (str), date (period start), n, n_pos, n_neg,
    net (mean polarity in [-1, 1]). Undated relations are left out (they cannot be placed
    in time). Sorted by source, target, date.
    """
    cols = ["source", "target", "period", "date", "n", "n_pos", "n_neg", "net"]
    if relations is None or len(relations) == 0:
        return pd.DataFrame(columns=cols)
    df = relations[relations["date"].notna()].copy()
    if pairs is not None:
        keep = {tuple(p) for p in pairs}
        df = df[[(s, t) in keep for s, t in zip(df["source"], df["target"], strict=True)]]
    if len(df) == 0:
        return pd.DataFrame(columns=cols)
    per = pd.to_datetime(df["date"]).dt.to_period(freq)
    df = df.assign(period=per.astype(str), date=per.dt.start_time)
    g = df.groupby(["source", "target", "period", "date"], sort=True)
    out = pd.DataFrame({
        "n": g["polarity"].size(),
        "n_pos": g["polarity"].apply(lambda s: int((s > 0).sum())),
        "n_neg": g["polarity"].apply(lambda s: int((s < 0).sum())),
        "net": g["polarity"].mean().round(3),
    }).reset_index()
    return out[cols].sort_values(["source", "target", "date"], ignore_index=True)


def evidence_table(relations: pd.DataFrame, documents: pd.DataFrame | None = None,
                   max_chars: int = 160) -> pd.DataFrame:
    """A table a reader can check: date, article, source -> target, polarity, cue, sentence.

    Output columns: date, doc_id, sent_id, [title,] relation ("putin -> trump"), polarity,
    cue, evidence (shortened to ``max_chars``). Sorted by date, doc_id, sent_id.
    """
    cols = ["date", "doc_id", "sent_id", "relation", "polarity", "cue", "evidence"]
    if relations is None or len(relations) == 0:
        return pd.DataFrame(columns=cols)
    df = relations.copy()
    df["relation"] = df["source"].astype(str) + " -> " + df["target"].astype(str)
    df["evidence"] = df["evidence"].astype(str).map(
        lambda t: t if len(t) <= max_chars else t[: max_chars - 1].rstrip() + "…")
    if documents is not None and "title" in documents.columns:
        titles = dict(zip(documents["doc_id"].astype(str), documents["title"], strict=False))
        df["title"] = df["doc_id"].astype(str).map(titles)
        cols = cols[:3] + ["title"] + cols[3:]
    df["date"] = pd.to_datetime(df["date"], errors="coerce").dt.date
    return df[cols].sort_values(["date", "doc_id", "sent_id"], na_position="last",
                                ignore_index=True)


# ----------------------------------------------------------------------------- plots


# ----------------------------------------------------------------------------- evaluation
# gold loaders, alignment and scores live in presse.evaluate (re-exported above)


# ----------------------------------------------------------------------------- trainable
def _target_aware(X) -> list[str]:
    """Text features that know the target: a target token, the sentence with the target's
    name kept, and the words near the target prefixed with its id."""
    import re

    out = []
    for text, target in zip(X["text"], X["target"], strict=True):
        words = re.findall(r"\w+", str(text).lower())
        out.append(f"TGT_{target} " + " ".join(words) + " " +
                   " ".join(f"{target}__{w}" for w in words))
    return out


def make_stance_model(C: float = 2.0):
    """A scikit-learn pipeline for users with labelled stance data.

    Input: a DataFrame with columns ``text`` and ``target``; labels FAVOR/AGAINST/NONE.
    Features: TF-IDF (words and bigrams) of target-aware strings (``_target_aware``), so
    the same word can weigh differently for different targets; model: logistic regression
    with balanced class weights and ``RANDOM_STATE``.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    return make_pipeline(
        FunctionTransformer(_target_aware),
        TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True),
        LogisticRegression(C=C, class_weight="balanced", max_iter=2000,
                           random_state=config.RANDOM_STATE),
    )


def cross_validate_stance(data: pd.DataFrame, group: str = "doc_id", n_splits: int = 5,
                          C: float = 2.0) -> pd.DataFrame:
    """Grouped cross-validation of ``make_stance_model`` (folds by article or by target).

    ``data``: columns text, target, label and the ``group`` column. Uses ``GroupKFold`` so
    no article (or target) is in both train and test. Returns one row per fold: fold,
    n_test, groups (held-out values), macro_f1 (FAVOR/AGAINST), accuracy. Raises
    ``ValueError`` when there are fewer than two groups or one label only.
    """
    from sklearn.model_selection import GroupKFold

    from presse.config import pinned_threads

    groups = data[group].astype(str).to_numpy()
    n_groups = len(set(groups))
    if n_groups < 2:
        raise ValueError(f"cross_validate_stance: need at least 2 distinct {group!r} values")
    if data["label"].nunique() < 2:
        raise ValueError("cross_validate_stance: need at least two labels")
    rows = []
    splitter = GroupKFold(n_splits=min(n_splits, n_groups))
    X = data[["text", "target"]].reset_index(drop=True)
    y = data["label"].to_numpy()
    with pinned_threads():
        for k, (tr, te) in enumerate(splitter.split(X, y, groups)):
            if len(set(y[tr])) < 2:
                continue
            model = make_stance_model(C).fit(X.iloc[tr], y[tr])
            pred = model.predict(X.iloc[te])
            f1s = [class_prf(y[te], pred, lab)[2] for lab in ("FAVOR", "AGAINST")]
            f1s = [x for x in f1s if not math.isnan(x)]
            rows.append({"fold": k, "n_test": len(te),
                         "groups": ", ".join(sorted(set(groups[te]))),
                         "macro_f1": round(float(np.mean(f1s)), 3) if f1s else float("nan"),
                         "accuracy": round(float((pred == y[te]).mean()), 3)})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- commentary
# "What we see" sentences computed from the tables (DESIGN.md §16): true on any corpus,
# plain about empty tables, a single period and undated articles. Each returns Markdown.

#: How the holders that are not actors are named in the commentary.
HOLDER_NAMES = {"writer": "the writer", "other": "unnamed sources"}


def _name(actor: object, labels: dict | None) -> str:
    actor = str(actor)
    return HOLDER_NAMES.get(actor) or (labels or {}).get(actor, actor)


def _main_cue(cues: object) -> str:
    first = str(cues or "").split(", ")[0].strip()
    return f"« {first} »" if first else "no cue"


def _counts(n: int, n_pos: int, n_neg: int, word: str = "relation") -> str:
    """``"7 relations, all positive"``, ``"5 relations: 2 positive, 3 negative"``."""
    head = plural(n, word)
    if n_pos == n and n:
        return head + (", positive" if n == 1 else ", all positive")
    if n_neg == n and n:
        return head + (", negative" if n == 1 else ", all negative")
    return f"{head}: {fmt_int(n_pos)} positive, {fmt_int(n_neg)} negative"


def _sign_word(x: float) -> str:
    return "positive" if x > 0 else "negative" if x < 0 else "balanced"


def stance_holders(stance: pd.DataFrame, doc_id: object, target: object,
                   label: str) -> pd.Series:
    """Who holds an article's ``label`` (FAVOR / AGAINST) sentences toward ``target``:
    sentence count per speaker, most frequent first (ties by speaker)."""
    rows = stance[(stance["doc_id"] == doc_id) & (stance["target"] == target)
                  & (stance["label"] == label)]
    counts = rows["speaker"].astype(str).value_counts()
    order = sorted(counts.index, key=lambda s: (-counts[s], s))
    return counts.reindex(order)


def describe_article_stance(art: pd.DataFrame, stance: pd.DataFrame,
                            targets: Sequence[str], doc_names: dict | None = None,
                            labels: dict | None = None, dates: dict | None = None) -> str:
    """Markdown: for each of ``targets``, how many articles lean favourable or hostile,
    and the article with the most favourable and the most hostile net stance
    (``article_stance``; ties broken by the number of positioned sentences, then by
    ``doc_id``), with who held that side (the writer, a quoted actor, unnamed sources).
    """
    if art is None or len(art) == 0 or not (art["n_favor"] + art["n_against"]).any():
        return ("**What we see.** No sentence takes a position (FAVOR or AGAINST) toward an "
                "actor: there is no favourable or hostile article to point to.")
    doc_names, dates = doc_names or {}, dates or {}

    def doc(d) -> str:
        when = dates.get(d)
        when = "" if when is None or pd.isna(when) else f", {pd.Timestamp(when):%Y-%m-%d}"
        return f"{doc_names.get(d, d)}{when}"

    def side(a: pd.DataFrame, label: str) -> str:
        sign = 1 if label == "FAVOR" else -1
        cand = a[sign * a["net"] > 0]
        word = "favourable" if label == "FAVOR" else "hostile"
        if cand.empty:
            return f"most {word}: none"
        cand = cand.assign(_k=cand["n_favor"] + cand["n_against"],
                           _id=cand["doc_id"].map(natural_key))
        cand = cand.sort_values(["net", "_k", "_id"], ascending=[sign < 0, False, True],
                                kind="stable")
        best = cand.iloc[0]
        ties = int((cand["net"] == best["net"]).sum()) - 1
        who = stance_holders(stance, best["doc_id"], best["target"], label)
        held = join_words([f"{_name(s, labels)} ({fmt_int(n)})" for s, n in who.items()], 4)
        return (f"most {word}: {doc(best['doc_id'])}, net {signed(best['net'])} "
                f"({fmt_int(best['n_favor'])} FAVOR / {fmt_int(best['n_against'])} AGAINST "
                f"of {plural(best['n_sentences'], 'sentence')}), {label} held by {held}"
                + (f"; {plural(ties, 'other article')} at the same net" if ties else ""))

    n_docs = art.loc[art["n_favor"] + art["n_against"] > 0, "doc_id"].nunique()
    lines = [(f"**What we see.** Net stance toward the "
              f"{plural(len(targets), 'most-mentioned target')}, over the "
              f"{plural(n_docs, 'article')} with at least one position (every holder counts; "
              "the holders of the deciding side are named):")]
    for t in targets:
        a = art[art["target"] == t]
        n_f, n_a = int((a["net"] > 0).sum()), int((a["net"] < 0).sum())
        n_0 = len(a) - n_f - n_a
        lines.append(f"- **{_name(t, labels)}**, mentioned in {plural(len(a), 'article')}: "
                     f"{fmt_int(n_f)} {'leans' if n_f == 1 else 'lean'} favourable, "
                     f"{fmt_int(n_a)} hostile, {fmt_int(n_0)} neither.")
        if n_f or n_a:
            lines += [f"    - {side(a, 'FAVOR')}.", f"    - {side(a, 'AGAINST')}."]
    return "\n".join(lines)


def edge_changes(edges: pd.DataFrame) -> pd.DataFrame:
    """Edges (``relation_edges`` with periods) present in two consecutive dated periods
    that have relations ("undated" is left out).

    Output columns: before, after, source, target, polarity_before, polarity_after,
    n_before, n_after, cue_before, cue_after, flipped (the net sign goes from +1 to -1 or
    from -1 to +1). Sorted by before, source, target.
    """
    cols = ["before", "after", "source", "target", "polarity_before", "polarity_after",
            "n_before", "n_after", "cue_before", "cue_after", "flipped"]
    if edges is None or len(edges) == 0 or "period" not in edges:
        return pd.DataFrame(columns=cols)
    dated = edges[edges["period"] != "undated"]
    periods = sorted(dated["period"].unique())
    keep = ["source", "target", "polarity", "n", "cues"]
    rows = []
    for p, q in itertools.pairwise(periods):
        m = dated.loc[dated["period"] == p, keep].merge(
            dated.loc[dated["period"] == q, keep], on=["source", "target"],
            suffixes=("_before", "_after"))
        if len(m):
            rows.append(m.assign(before=p, after=q))
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.concat(rows, ignore_index=True).rename(
        columns={"cues_before": "cue_before", "cues_after": "cue_after"})
    for c in ("cue_before", "cue_after"):
        out[c] = out[c].astype(str).str.split(", ").str[0]
    out["flipped"] = out["polarity_before"] * out["polarity_after"] < 0
    return out[cols].sort_values(["before", "source", "target"], ignore_index=True)


def describe_network(edges: pd.DataFrame, periods: Sequence[str] | None = None,
                     labels: dict | None = None, max_flips: int = 10) -> str:
    """Markdown: per period (``periods``, default all), the strongest positive and the
    strongest negative edge (most relations of that sign), with its main cue; then the
    edges that flip sign between consecutive periods with relations (``edge_changes``).
    """
    if edges is None or len(edges) == 0:
        return "**What we see.** No actor-to-actor relation: there is no network to read."
    all_periods = sorted(edges["period"].unique(), key=lambda p: (p == "undated", p))
    periods = list(periods) if periods is not None else all_periods

    def edge(r) -> str:
        return (f"{_name(r['source'], labels)} → {_name(r['target'], labels)} "
                f"({_counts(r['n'], r['n_pos'], r['n_neg'])}; main cue {_main_cue(r['cues'])})")

    def strongest(e: pd.DataFrame, sign: int) -> str:
        col = "n_pos" if sign > 0 else "n_neg"
        c = e[e["polarity"] == sign]
        if c.empty:
            return f"no {'positive' if sign > 0 else 'negative'} edge"
        top = c.sort_values([col, "n", "source", "target"],
                            ascending=[False, False, True, True], kind="stable").iloc[0]
        return f"strongest {'positive' if sign > 0 else 'negative'} {edge(top)}"

    n_rel = int(edges["n"].sum())
    head = (f"**What we see.** {plural(n_rel, 'relation')} in "
            f"{plural(len(all_periods), 'period')}")
    head += (":" if len(periods) == len(all_periods) else
             f"; the {plural(len(periods), 'period')} drawn:")
    lines = [head]
    for p in periods:
        e = edges[edges["period"] == p]
        lines.append(f"- **{p}** ({plural(int(e['n'].sum()), 'relation')}, "
                     f"{plural(len(e), 'edge')}): {strongest(e, 1)}; {strongest(e, -1)}.")
    dated = [p for p in all_periods if p != "undated"]
    ch = edge_changes(edges)
    if len(dated) < 2:
        lines.append(f"\n{'Only one dated period' if dated else 'No dated period'} has "
                     "relations: no change between periods can be read.")
    elif ch.empty:
        lines.append("\nNo edge appears in two consecutive periods with relations: the "
                     "periods share no source → target pair to compare.")
    else:
        flips = ch[ch["flipped"]]
        sign = {1: "positive", -1: "negative", 0: "balanced"}
        txt = (f"\nBetween consecutive periods with relations, {plural(len(ch), 'edge')} "
               f"{'recurs' if len(ch) == 1 else 'recur'}; {fmt_int(len(flips))} "
               f"{'flips' if len(flips) == 1 else 'flip'} sign")
        lines.append(txt + (":" if len(flips) else "."))
        for _, r in flips.head(max_flips).iterrows():
            lines.append(
                f"- {_name(r['source'], labels)} → {_name(r['target'], labels)}: "
                f"{sign[r['polarity_before']]} in {r['before']} "
                f"({plural(r['n_before'], 'relation')}, « {r['cue_before']} »), then "
                f"{sign[r['polarity_after']]} in {r['after']} "
                f"({plural(r['n_after'], 'relation')}, « {r['cue_after']} »).")
        if len(flips) > max_flips:
            lines.append(f"- and {fmt_int(len(flips) - max_flips)} more (compare the periods "
                         "in the table above).")
    if "undated" in all_periods:
        n_u = int(edges.loc[edges["period"] == "undated", "n"].sum())
        lines.append(f"\n{plural(n_u, 'relation')} from undated articles "
                     f"{'is' if n_u == 1 else 'are'} left out of the comparison between periods.")
    return "\n".join(lines)


def describe_timeline(timeline: pd.DataFrame, pairs: Sequence[tuple[str, str]],
                      relations: pd.DataFrame | None = None, labels: dict | None = None,
                      min_points: int = 3) -> str:
    """Markdown: for each (source, target) of ``pairs``, the periods of ``timeline``
    (``relation_timeline``) with relations, the sign of each, whether and where it
    changes, and how many articles (and undated relations, from ``relations``) lie behind
    it. Fewer than ``min_points`` periods is said to be too few to read a trend.
    """
    lines = ["**What we see.**"]
    tl = timeline if timeline is not None else pd.DataFrame(columns=["source", "target"])
    for s, t in pairs:
        name = f"{_name(s, labels)} → {_name(t, labels)}"
        rows = tl[(tl["source"] == s) & (tl["target"] == t)].sort_values("date")
        extra = ""
        if relations is not None and len(relations):
            r = relations[(relations["source"] == s) & (relations["target"] == t)]
            n_u = int(r["date"].isna().sum())
            n_docs = r.loc[r["date"].notna(), "doc_id"].nunique()
            extra = f"; from {plural(n_docs, 'article')}" if len(rows) else ""
            if n_u:
                extra += (f"; {plural(n_u, 'relation')} from undated articles "
                          f"{'is' if n_u == 1 else 'are'} left out")
        if rows.empty:
            lines.append(f"- **{name}**: no dated relation{extra}.")
            continue
        months = [f"{r['period']} {_sign_word(r['net'])} ("
                  + (plural(r["n"], "relation") if max(r["n_pos"], r["n_neg"]) == r["n"]
                     else _counts(r["n"], r["n_pos"], r["n_neg"])) + ")"
                  for _, r in rows.iterrows()]
        signs = [(r["period"], int(np.sign(r["net"]))) for _, r in rows.iterrows()]
        nonzero = [x for x in signs if x[1] != 0]
        changes = [(a, b) for a, b in itertools.pairwise(nonzero) if a[1] != b[1]]
        if len(rows) == 1:
            trend = "a single period: no change can be read"
        elif changes:
            trend = (f"the sign changes {'once' if len(changes) == 1 else f'{len(changes)} times'} ("
                     + join_words(f"{_sign_word(a[1])} to {_sign_word(b[1])} in {b[0]}"
                                  for a, b in changes) + ")")
        elif nonzero:
            trend = f"the sign stays {_sign_word(nonzero[0][1])} throughout"
        else:
            trend = "balanced in every period"
        if 1 < len(rows) < min_points:
            trend += f"; {len(rows)} points are too few to read a trend"
        lines.append(f"- **{name}**: {'; '.join(months)} — {trend}{extra}.")
    return "\n".join(lines) if len(lines) > 1 else "**What we see.** No pair to follow."
