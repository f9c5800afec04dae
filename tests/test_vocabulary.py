"""Textometry (presse.vocabulary): every method on tiny hand-computed examples."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from presse.vocabulary import kwic as K
from presse.vocabulary import specificities as S
from scipy.stats import hypergeom

TEXTS = pd.DataFrame({
    "doc_id": ["a", "b"],
    "date": pd.to_datetime(["2025-01-02", "2025-02-03"]),
    "text": ["L’Ukraine négocie. Les Européens négocient avec l'Ukraine\u00a0; Kiev a négocié.",
             "Rien à voir avec l'ukrainien, aujourd'hui."],
})


# --------------------------------------------------------------------------- kwic
def test_kwic_word_is_exact_and_case_insensitive():
    c = K.kwic(TEXTS, "ukraine", window=2)
    assert c["keyword"].tolist() == ["L'Ukraine", "l'Ukraine"]  # elision kept in the span
    assert c["doc_id"].tolist() == ["a", "a"]
    assert c.loc[1, "left"] == "négocient avec" and c.loc[1, "right"] == "; Kiev"
    assert "date" in c.columns and list(c.columns[:7]) == K.KWIC_COLUMNS


def test_kwic_lemma_finds_inflected_forms_and_wildcards():
    c = K.kwic(TEXTS, "négocier", match="lemma", window=1)
    assert c["keyword"].tolist() == ["négocie", "négocient", "négocié"]
    assert K.kwic(TEXTS, "ukrain*")["keyword"].str.lower().tolist() == [
        "l'ukraine", "l'ukraine", "l'ukrainien"]
    assert K.kwic(TEXTS, ["kiev", "rien"])["keyword"].tolist() == ["Kiev", "Rien"]


def test_kwic_regex_spans_words_and_offsets_point_into_normalised_text():
    c = K.kwic(TEXTS, r"a négocié|avec l'\w+", match="regex", window=1)
    assert c["keyword"].tolist() == ["avec l'Ukraine", "a négocié", "avec l'ukrainien"]
    text = TEXTS.loc[0, "text"].replace("\u00a0", " ").replace("’", "'")
    r = c.iloc[0]
    assert text[r["start"]:r["end"]] == r["keyword"]


def test_kwic_on_plain_strings_and_empty_result():
    c = K.kwic(["pas de paix", "la paix"], "paix", window=5)
    assert c["doc_id"].tolist() == [0, 1] and c["left"].tolist() == ["pas de", "la"]
    empty = K.kwic(TEXTS, "introuvable")
    assert empty.empty and list(empty.columns[:7]) == K.KWIC_COLUMNS
    with pytest.raises(ValueError, match="match must be"):
        K.kwic(TEXTS, "x", match="pos")


def test_sort_kwic_left_reads_from_the_keyword_outwards():
    c = pd.DataFrame({"left": ["b a", "a z", "c a"], "keyword": ["k"] * 3,
                      "right": ["y", "x", "z"]})
    assert K.sort_kwic(c, "left")["left"].tolist() == ["b a", "c a", "a z"]
    assert K.sort_kwic(c, "right")["right"].tolist() == ["x", "y", "z"]


def test_actor_kwic_uses_mentions_and_html_escapes():
    sentences = pd.DataFrame({"doc_id": ["a"], "sent_id": [0],
                              "text": ["Le chef du Kremlin a salué <Trump>."]})
    mentions = pd.DataFrame({"doc_id": ["a"], "sent_id": [0], "actor": ["putin"],
                             "surface": ["chef du Kremlin"], "start": [3], "end": [18]})
    c = K.actor_kwic(sentences, mentions, "putin", window=2,
                     documents=TEXTS[["doc_id", "date"]])
    assert c.loc[0, "keyword"] == "chef du Kremlin" and c.loc[0, "right"] == "a salué"
    assert c.loc[0, "left"] == "Le" and c.loc[0, "date"] == pd.Timestamp("2025-01-02")
    page = K.kwic_html(c)
    assert "&lt;Trump&gt;" not in page  # outside the window
    assert "<b>chef du Kremlin</b>" in page and "2025-01-02" in page
    c2 = K.kwic(pd.DataFrame({"doc_id": ["x"], "text": ["a <b> paix & co"]}), "paix")
    assert "&lt;b&gt;" in K.kwic_html(c2) and "&amp;" in K.kwic_html(c2)


# --------------------------------------------------------------------------- specificities
@pytest.mark.parametrize("k,f,t,T", [(10, 20, 50, 200), (0, 20, 50, 200), (3, 3, 10, 1000),
                                     (1, 40, 100, 1000), (5, 20, 50, 200), (50, 60, 70, 100)])
def test_lafon_score_matches_scipy_and_exact_combinatorics(k, f, t, T):
    score = float(S.lafon_score(k, f, t, T))
    # exact hypergeometric probabilities from binomial coefficients (independent of scipy)
    p = [math.comb(f, x) * math.comb(T - f, t - x) / math.comb(T, t)
         for x in range(min(f, t) + 1)]
    up, down = sum(p[k:]), sum(p[:k + 1])
    if k >= f * t / T:
        assert score == pytest.approx(-math.log10(up), rel=1e-9, abs=1e-12)
        assert score == pytest.approx(-math.log10(hypergeom.sf(k - 1, T, f, t)), rel=1e-9)
    else:
        assert score == pytest.approx(math.log10(down), rel=1e-9)
        assert score < 0


def test_lafon_textbook_counts():
    # A word of frequency 20 in a 200-word corpus, 10 times in a part of 50 words (5 expected):
    # P(X >= 10) = 0.00983 -> +2.01, specific at the 2.0 banality threshold; absent from
    # that part: P(X = 0) = 0.00225 -> -2.65.
    assert float(S.lafon_score(10, 20, 50, 200)) == pytest.approx(2.0072, abs=1e-4)
    assert float(S.lafon_score(0, 20, 50, 200)) == pytest.approx(-2.6477, abs=1e-4)
    assert abs(float(S.lafon_score(5, 20, 50, 200))) < 1  # the expected count is banal
    assert float(S.lafon_score(1000, 5000, 2000, 10**7)) == 1000.0  # capped, not inf
    with pytest.raises(ValueError):
        S.lafon_score(5, 3, 10, 100)


def test_specificities_from_table_signs_threshold_and_sort():
    table = pd.DataFrame({"A": [10, 0, 40], "B": [10, 20, 120]},
                         index=pd.Index(["paix", "guerre", "autre"], name="term"))
    out = S.specificities_from_table(table)
    a = out[out["part"] == "A"].set_index("term")
    assert a.loc["paix", "T"] == 200 and a.loc["paix", "t"] == 50 and a.loc["paix", "f"] == 20
    assert a.loc["paix", "score"] == pytest.approx(2.0072, abs=1e-4)
    assert a.loc["paix", "specificity"] == "+" and a.loc["guerre", "specificity"] == "-"
    assert a.loc["paix", "expected"] == pytest.approx(5.0)
    assert out["part"].tolist()[:3] == ["A"] * 3 and out["score"].iloc[0] == a["score"].max()


def test_specificities_on_texts_with_lemmas_and_log_odds():
    texts = ["Les sanctions frappent Moscou. Sanction après sanction.",
             "Les sanctions visent la Russie.",
             "Le sommet de paix, un sommet pour la paix, encore la paix.",
             "Paix et sommet."]
    parts = ["eco", "eco", "diplo", "diplo"]
    out = S.specificities(texts, parts, min_freq=2)
    eco = out[out["part"] == "eco"].set_index("term")
    assert eco.loc["sanction", "k"] == 4 and eco.loc["sanction", "f"] == 4
    assert eco.loc["sanction", "score"] > 0 > eco.loc["paix", "score"]
    assert eco.loc["sanction", "log_odds_z"] > 0  # the two measures agree in sign
    table = S.lexical_table(texts, parts)
    assert table.attrs["total"] == table.to_numpy().sum()
    assert set(out["term"]) == {"sanction", "paix", "sommet"}  # min_freq=2
