"""The computed "what we see" of notebook 30 (presse.stance.describe_*): true on any table,
plain about empty tables, a single period and undated articles (DESIGN.md §16)."""

from __future__ import annotations

import pandas as pd
import pytest
from presse import stance as S

LABELS = {"trump": "Donald Trump", "putin": "Vladimir Poutine", "russia": "Russie"}


def stance_rows(rows):
    """(doc_id, sent_id, target, label, speaker) -> a stance table."""
    df = pd.DataFrame(rows, columns=["doc_id", "sent_id", "target", "label", "speaker"])
    return df.assign(score=df["label"].map({"FAVOR": 1.0, "AGAINST": -1.0, "NONE": 0.0}),
                     cue="")


def relations(rows):
    """(doc_id, date, source, target, polarity, cue) -> a relations table."""
    df = pd.DataFrame(rows, columns=["doc_id", "date", "source", "target", "polarity", "cue"])
    return df.assign(date=pd.to_datetime(df["date"]), sent_id=range(len(df)), evidence="")


ST = stance_rows([
    ("a", 0, "trump", "FAVOR", "putin"), ("a", 1, "trump", "FAVOR", "putin"),
    ("a", 2, "trump", "NONE", "writer"),
    ("b", 0, "trump", "AGAINST", "writer"), ("b", 1, "trump", "AGAINST", "other"),
    ("c", 0, "trump", "FAVOR", "writer"), ("c", 1, "trump", "NONE", "writer"),
    ("c", 2, "trump", "NONE", "writer"),
    ("a", 3, "russia", "NONE", "writer"),
])

REL = relations([
    ("a", "2024-11-08", "putin", "trump", 1, "féliciter"),
    ("a", "2024-11-08", "putin", "trump", 1, "féliciter"),
    ("a", "2024-11-08", "trump", "putin", 1, "contact"),
    ("b", "2025-07-10", "trump", "putin", -1, "absurdité"),
    ("b", "2025-07-10", "trump", "putin", -1, "colère"),
    ("c", "2025-09-25", "trump", "russia", -1, "railler"),
    ("d", None, "trump", "putin", 1, "saluer"),
])


def test_article_stance_names_extremes_and_holders():
    art = S.article_stance(ST)
    text = S.describe_article_stance(art, ST, ["trump", "russia"], {"a": "A", "b": "B"},
                                     LABELS, {"a": pd.Timestamp("2024-11-08")})
    assert "**Donald Trump**, mentioned in 3 articles: 2 lean favourable, 1 hostile" in text
    assert "most favourable: A, 2024-11-08, net +0.67" in text
    assert "FAVOR held by Vladimir Poutine (2)" in text
    assert "most hostile: B, net \u22121.00" in text
    assert "AGAINST held by unnamed sources (1) and the writer (1)" in text
    assert "**Russie**, mentioned in 1 article: 0 lean favourable, 0 hostile, 1 neither" in text
    assert text.endswith("**Russie**, mentioned in 1 article: 0 lean favourable, 0 hostile, "
                         "1 neither.")  # no side to name: no empty "none" lines


def test_article_stance_ties_and_empty():
    st = stance_rows([(d, 0, "trump", "FAVOR", "writer") for d in "xyz"])
    text = S.describe_article_stance(S.article_stance(st), st, ["trump"])
    assert "most favourable: x, net +1.00" in text and "2 other articles at the same net" in text
    empty = stance_rows([])
    for art in (S.article_stance(empty), S.article_stance(stance_rows(
            [("a", 0, "trump", "NONE", "writer")]))):
        assert "No sentence takes a position" in S.describe_article_stance(art, empty, ["trump"])


def test_edge_changes_and_network():
    edges = S.relation_edges(REL, period_freq="Q")
    ch = S.edge_changes(edges)
    assert ch[["before", "after", "source", "target", "flipped"]].values.tolist() == [
        ["2024Q4", "2025Q3", "trump", "putin", True]]
    text = S.describe_network(edges, labels=LABELS)
    assert "7 relations in 3 periods" in text
    assert ("strongest positive Vladimir Poutine → Donald Trump (2 relations, all positive; "
            "main cue « féliciter »)") in text
    assert "1 edge recurs; 1 flips sign" in text
    assert ("Donald Trump → Vladimir Poutine: positive in 2024Q4 (1 relation, « contact »), "
            "then negative in 2025Q3 (2 relations, « absurdité »)") in text
    assert "1 relation from undated articles is left out" in text
    assert "the 2 periods drawn" in S.describe_network(edges, ["2024Q4", "2025Q3"])


@pytest.mark.parametrize(("rows", "expected"), [
    ([], "No actor-to-actor relation"),
    ([("a", "2025-01-02", "trump", "putin", 1, "saluer")], "Only one dated period"),
    ([("a", None, "trump", "putin", 1, "saluer")], "No dated period"),
    ([("a", "2024-01-02", "trump", "putin", 1, "saluer"),
      ("b", "2025-01-02", "putin", "trump", 1, "saluer")], "No edge appears in two"),
])
def test_network_without_changes_says_why(rows, expected):
    edges = S.relation_edges(relations(rows), period_freq="Q")
    assert expected in S.describe_network(edges)


def test_timeline_signs_changes_and_too_few_points():
    pairs = [("trump", "putin"), ("putin", "trump"), ("putin", "russia")]
    tl = S.relation_timeline(REL, pairs=pairs, freq="M")
    text = S.describe_timeline(tl, pairs, relations=REL, labels=LABELS)
    assert ("**Donald Trump → Vladimir Poutine**: 2024-11 positive (1 relation); 2025-07 "
            "negative (2 relations) — the sign changes once (positive to negative in 2025-07); "
            "2 points are too few to read a trend; from 2 articles; 1 relation from undated "
            "articles is left out.") in text
    assert "**Vladimir Poutine → Donald Trump**: 2024-11 positive (2 relations) — a single " in text
    assert "**Vladimir Poutine → Russie**: no dated relation." in text


def test_timeline_empty_and_mixed_month():
    empty = relations([])
    pairs = [("trump", "putin")]
    text = S.describe_timeline(S.relation_timeline(empty, pairs=pairs), pairs, relations=empty)
    assert text == "**What we see.**\n- **trump → putin**: no dated relation."
    mixed = relations([("a", f"2025-0{m}-01", "trump", "putin", p, "x")
                       for m, p in [(1, 1), (1, -1), (2, 1), (3, 1)]])
    text = S.describe_timeline(S.relation_timeline(mixed, pairs=pairs), pairs)
    assert "2025-01 balanced (2 relations: 1 positive, 1 negative)" in text
    assert "the sign stays positive throughout" in text and "too few" not in text
