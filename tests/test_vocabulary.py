"""Textometry (presse.vocabulary): every method on tiny hand-computed examples."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from presse.vocabulary import kwic as K
from presse.vocabulary import reinert as R
from presse.vocabulary import specificities as S
from scipy import sparse
from scipy.stats import chi2_contingency, hypergeom

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
    # two words each side: punctuation is shown where it stands but is no word
    assert c.loc[1, "left"] == "négocient avec" and c.loc[1, "right"] == "; Kiev a"
    assert c.loc[0, "right"] == "négocie. Les"
    assert "date" in c.columns and list(c.columns[:7]) == K.KWIC_COLUMNS


def test_kwic_window_counts_words_not_punctuation():
    text = "« Non », dit-il : la paix , ici — maintenant ; « jamais » !"
    c = K.kwic([text], "paix", window=2)
    assert c.loc[0, "left"] == "dit-il : la"          # 2 words: "dit-il", "la"
    assert c.loc[0, "right"] == ", ici — maintenant"  # 2 words: "ici", "maintenant"
    c = K.kwic([text], "paix", window=4)
    # punctuation between the words is shown; beyond the outermost word only when glued
    assert c.loc[0, "left"] == "Non », dit-il : la"
    assert c.loc[0, "right"] == ", ici — maintenant ; « jamais"
    assert K.kwic(["(la paix)."], "la", window=1).loc[0, "right"] == "paix)."
    c = K.kwic([text], "non", window=1)
    assert c.loc[0, "left"] == "" and c.loc[0, "right"] == "», dit-il"


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


def test_sort_kwic_puts_empty_contexts_last():
    # a mention that ends its sentence has no right context: sorted first, the head of the
    # concordance showed only such rows (notebook 40 at 2,000 articles)
    c = pd.DataFrame({"left": ["a", "", "c", "d"], "keyword": ["k"] * 4,
                      "right": ["", "y", "", "x"]})
    assert K.sort_kwic(c, "right")["right"].tolist() == ["x", "y", "", ""]
    assert K.sort_kwic(c, "right")["left"].tolist() == ["d", "", "a", "c"]  # ties: order kept
    assert K.sort_kwic(c, "left")["left"].tolist() == ["a", "c", "d", ""]


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


# --------------------------------------------------------------------------- Reinert CHD


def _blocks(n_per=(8, 8, 8), terms_per=4, noise=0, seed=0):
    """Segments x terms with one block of terms per class (+ one shared term)."""
    rng = np.random.default_rng(seed)
    rows = []
    for b, n in enumerate(n_per):
        for _ in range(n):
            row = np.zeros(terms_per * len(n_per) + 1, dtype=int)
            own = rng.choice(terms_per, size=3, replace=False) + b * terms_per
            row[own] = 1
            row[-1] = 1
            rows.append(row)
    X = np.array(rows)
    if noise:
        flip = rng.random(X.shape) < noise
        X = np.where(flip, 1 - X, X)
    return sparse.csr_matrix(X)


def test_best_cut_equals_brute_force_chi2():
    rng = np.random.default_rng(3)
    X = sparse.csr_matrix((rng.random((15, 9)) < 0.45).astype(int))
    X = X[np.asarray(X.sum(axis=1)).ravel() > 0]
    order = np.arange(X.shape[0])[::-1]
    cut, chi2 = R._best_cut(X, order)
    brute = []
    for i in range(1, X.shape[0]):
        table = np.vstack([X[order[:i]].sum(axis=0), X[order[i:]].sum(axis=0)])
        table = np.asarray(table)[:, np.asarray(table).sum(axis=0) > 0]
        brute.append(chi2_contingency(table, correction=False)[0])
    assert chi2 == pytest.approx(max(brute), rel=1e-10)
    assert cut == int(np.argmax(brute)) + 1


def test_bipartition_separates_two_vocabularies():
    X = _blocks((6, 5))
    in1, chi2 = R._bipartition(X)
    assert chi2 > 0
    truth = np.array([True] * 6 + [False] * 5)
    assert (in1 == truth).all() or (in1 == ~truth).all()


def test_switch_moves_a_misplaced_unit():
    X = _blocks((6, 5))
    truth = np.array([True] * 6 + [False] * 5)
    start = truth.copy()
    start[0] = False  # one unit on the wrong side
    moved, chi2 = R._switch(X, start, np.arange(11))
    assert (moved == truth).all()
    table = np.vstack([X[truth].sum(axis=0), X[~truth].sum(axis=0)])
    assert chi2 == pytest.approx(chi2_contingency(np.asarray(table), correction=False)[0])


def test_select_terms_hand_example():
    # 4 units: term 0 only in half 1 (3 units), term 1 everywhere, term 2 in one unit
    X = sparse.csr_matrix(np.array([[1, 1, 0], [1, 1, 1], [1, 1, 0], [0, 1, 0]]))
    in1 = np.array([True, True, True, False])
    act1, act2 = R._select_terms(X, in1, np.ones(3, dtype=bool), tsj=1, cc_test=0.3)
    # term 0: cc = sqrt(4 / 8) = 0.71 > 0.3 and over-used in half 1 -> half 1 only
    assert act1.tolist() == [True, True, True] and act2.tolist() == [False, True, False]
    act1, _ = R._select_terms(X, in1, np.ones(3, dtype=bool), tsj=3, cc_test=0.3)
    assert act1.tolist() == [True, True, False]  # term 2: 1 unit < tsj


def test_chd_finds_three_blocks_deterministically():
    X = _blocks((8, 7, 6))
    res = R.chd(X, k=3, min_split_members=2, tsj=1)
    g = res.classes(3)
    truth = np.repeat([0, 1, 2], [8, 7, 6])
    assert len(set(zip(g, truth))) == 3  # each class is exactly one block
    assert sorted(np.unique(res.classes(2))) == [1, 2]
    assert res.splits["chi2"].iloc[0] >= res.splits["chi2"].iloc[1] > 0
    again = R.chd(X, k=3, min_split_members=2, tsj=1)
    assert (again.classes(3) == g).all()
    assert R.chd(X, k=50, min_split_members=2, tsj=1).k < 50  # stops when nothing splits


def test_context_units_merge_short_segments_within_a_text():
    X = sparse.csr_matrix(np.array([[3], [4], [2], [10], [1]]))
    uc = R.context_units(X, ["a", "a", "a", "b", "b"], min_size=5)
    # a: 3+4 -> unit 0, then 2 (short tail) joins it; b: 10 -> unit 1, 1 joins it
    assert uc.tolist() == [0, 0, 0, 1, 1]
    assert R.context_units(X, list("aaabb"), 0).tolist() == [0, 1, 2, 3, 4]


def test_double_classification_keeps_the_stable_classes():
    X = _blocks((12, 12, 12), noise=0.03, seed=1)
    docs = np.repeat(np.arange(18), 2).tolist()  # two segments per text
    res = R.double_classification(X, docs, k=4, max_k=3, min_segment_size1=0,
                                  min_segment_size2=4, min_members=5, tsj=1)
    assert res.partitions["k"].tolist()[:2] == [2, 3]
    g = res.groups[3]
    truth = np.repeat([0, 1, 2], 12)
    classified = g > 0
    assert classified.mean() >= 0.8
    assert len(set(zip(g[classified], truth[classified]))) == 3
    assert (res.crossed["chi2"] >= 3.84).all() and (res.crossed["size"] >= 5).all()


def test_best_partition_is_exact_on_a_small_case():
    masks = [0b0011, 0b1100, 0b0110, 0b1000, 0b0001]
    w = np.array([5.0, 4.0, 8.0, 1.0, 2.0])
    total, chosen, exact = R._best_partition(masks, w, 2)
    assert exact and total == 10.0 and sorted(chosen) == [2, 4]  # 8 + 2
    total3, chosen3, _ = R._best_partition(masks, w, 3)
    assert total3 == 11.0 and sorted(chosen3) == [2, 3, 4]
    assert R._best_partition(masks, w, 4) is None


def test_best_partition_prefers_coverage_on_equal_chi2():
    # {0, 1} and {2, 3} both total 10; the second covers 5 segments, the first 3
    masks = [0b000001, 0b000110, 0b001000, 0b110110]
    total, chosen, exact = R._best_partition(masks, np.array([5.0, 5.0, 5.0, 5.0]), 2,
                                             sizes=[1, 2, 1, 4])
    assert exact and total == 10.0 and sorted(chosen) == [0, 3]


def _planted(k=4, per_class=150, seg_per_doc=5, n_spec=40, n_shared=60, n_boiler=30, seed=0):
    """Segments x terms presence table with ``k`` planted classes of equal size (each
    segment: 8 of its class's 40 words and 4 of 60 shared words; texts of 5 segments of
    one class) plus ``n_boiler`` identical boilerplate segments (the same 6 words, e.g. a
    repeated sign-off) appended to random texts."""
    rng = np.random.default_rng(seed)
    rows, docs, truth = [], [], []
    for c in range(k):
        for s in range(per_class):
            rows.append(np.concatenate([rng.choice(n_spec, 8, replace=False) + c * n_spec,
                                        rng.choice(n_shared, 4, replace=False) + k * n_spec]))
            docs.append(f"{c}-{s // seg_per_doc:03d}")
            truth.append(c + 1)
    for i in sorted(rng.choice(len(rows), n_boiler, replace=False)):
        rows.append(np.arange(6) + k * n_spec + n_shared)
        docs.append(docs[i])
        truth.append(0)
    order = np.lexsort((np.arange(len(docs)), np.array(docs)))
    indptr = np.cumsum([0] + [len(rows[i]) for i in order])
    X = sparse.csr_matrix((np.ones(indptr[-1], dtype=np.int64),
                           np.concatenate([rows[i] for i in order]), indptr),
                          shape=(len(rows), k * n_spec + n_shared + 6))
    return X, [docs[i] for i in order], np.array(truth)[order]


def test_double_classification_gives_back_balanced_planted_classes():
    """Four planted classes of 150 segments (+30 boilerplate segments) must come back as
    four classes of about 150, not as one class of 450 beside pieces of the fourth (what the
    former choice gave: [450, 69, 44, 37]) nor with the boilerplate as a class of its own."""
    from sklearn.metrics import adjusted_rand_score

    X, docs, truth = _planted()
    res = R.double_classification(X, docs, k=10, max_k=6)
    g = res.groups[4]
    sizes = np.bincount(g)[1:]
    assert sizes.min() >= 140 and sizes.max() <= 170, sizes
    assert R.choose_k(res.partitions) == 4
    assert res.partitions["exact"].all()
    planted = truth > 0
    assert adjusted_rand_score(truth[planted], g[planted]) > 0.95
    # the size floor: 30 boilerplate segments (4.8%) are no class with the automatic
    # minimum (630 / 22 = 29 segments)...
    assert R.auto_min_members(len(truth), 10) == 29
    assert all(s >= 29 for p in res.partitions["sizes"] for s in p)
    # ... and each crossed class keeps the chi2 of the two classes that really match: both
    # classifications find the four classes exactly, so each adds N (phi = 1)
    k4 = res.partitions.set_index("k").loc[4]
    assert k4["chi2"] == pytest.approx(4 * len(truth)) and k4["share"] == 1.0


def test_choose_k_rule():
    p = pd.DataFrame({"k": [2, 3, 4], "share": [0.9, 0.8, 0.6], "chi2": [10.0, 30.0, 40.0]})
    assert R.choose_k(p) == 3                       # 4 classifies too little
    assert R.choose_k(p.assign(chi2=[50.0, 30.0, 40.0])) == 2  # the largest total chi2
    assert R.choose_k(p.assign(share=[0.5, 0.7, 0.6])) == 3
    assert R.choose_k(p.head(0)) is None


def test_class_terms_chi2_by_hand():
    # 6 segments, class 1 = first 3; term present in segments 0, 1, 2, 3
    X = sparse.csr_matrix(np.array([[1], [1], [1], [1], [0], [0]]))
    prof = R.class_terms(X, ["paix"], np.array([1, 1, 1, 2, 2, 2]))
    # table [[3, 0], [1, 2]]: chi2 = 6 (3*2 - 0*1)^2 / (3*3*4*2) = 3.0
    row = prof[prof["class"] == 1].iloc[0]
    assert row["chi2"] == pytest.approx(3.0) and row["n_class"] == 3 and row["n_total"] == 4
    assert row["pct"] == pytest.approx(75.0)
    assert prof[prof["class"] == 2].iloc[0]["chi2"] == pytest.approx(-3.0)


def test_segments_cut_at_punctuation_near_the_size():
    text = ("Un deux trois quatre cinq six sept. Huit neuf dix onze douze, treize quatorze "
            "quinze seize dix-sept. Dix-huit dix-neuf vingt vingt-et-un.")
    segs = R.segments(pd.DataFrame({"doc_id": ["d"], "text": [text]}), size=8)
    assert segs["text"].iloc[0] == "Un deux trois quatre cinq six sept."
    assert segs["segment_id"].tolist()[0] == "d:0000"
    assert segs["n_words"].sum() == len(R._tokens.words(text))
    assert all(t.endswith(".") for t in segs["text"])
    one = R.segments(pd.DataFrame({"doc_id": ["e", "f"], "text": ["Court texte.", ""]}))
    assert one["segment_id"].tolist() == ["e:0000"]


def test_reinert_end_to_end_on_toy_french():
    war = "Les frappes de drones visent Kiev ; l'armée ukrainienne réclame des missiles au front."
    eco = "Les sanctions frappent le pétrole russe ; la banque centrale combat l'inflation."
    dip = "Trump et Poutine préparent un sommet ; un accord de paix reste incertain."
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(9)],
                         "text": [war] * 3 + [eco] * 3 + [dip] * 3})
    c = R.reinert(docs, segment_size=20, double=False, max_k=3, min_df=2)
    assert c.k == 3 and c.classes["n_segments"].sum() == 9
    by_doc = c.segments.groupby("doc_id")["class"].first()
    assert by_doc.iloc[:3].nunique() == by_doc.iloc[3:6].nunique() == 1
    assert by_doc.nunique() == 3
    assert set(c.typical["class"]) == {1, 2, 3}
    top = c.terms[c.terms["class"] == by_doc["d3"]].iloc[0]["term"]
    assert top in {"sanction", "pétrole", "banque", "central", "centrale", "combattre",
                   "inflation", "russe", "frapper"}


# --------------------------------------------------------------------------- CA
def test_ca_reproduces_textbook_identities():
    from presse.vocabulary.ca import correspondence_analysis

    # Greenacre's smoking data (staff groups x smoking categories)
    t = pd.DataFrame([[4, 2, 3, 2], [4, 3, 7, 4], [25, 10, 12, 4], [18, 24, 33, 13],
                      [10, 6, 7, 2]], index=["SM", "JM", "SE", "JE", "SC"],
                     columns=["none", "light", "medium", "heavy"])
    res = correspondence_analysis(t, n_components=3)
    chi2 = chi2_contingency(t.to_numpy(), correction=False)[0]
    assert res.total_inertia == pytest.approx(chi2 / t.to_numpy().sum())
    assert res.eigenvalues.sum() == pytest.approx(res.total_inertia)  # 3 axes = all
    assert res.eigenvalues[0] == pytest.approx(0.07476, abs=1e-5)  # Greenacre: 0.0748
    assert res.explained[0] == pytest.approx(0.8776, abs=1e-4)      # 87.8%
    for frame in (res.rows, res.columns):
        assert frame["ctr1"].sum() == pytest.approx(1.0)
        cos = frame[["cos2_1", "cos2_2", "cos2_3"]].sum(axis=1)
        assert np.allclose(cos, 1.0)
    # barycentric relation: row coordinates = column profile average / sqrt(eigenvalue)
    prof = t.to_numpy() / t.to_numpy().sum(axis=1, keepdims=True)
    bary = prof @ res.columns["dim1"].to_numpy() / np.sqrt(res.eigenvalues[0])
    assert np.allclose(bary, res.rows["dim1"].to_numpy())
    again = correspondence_analysis(t)
    assert again.rows["dim1"].equals(correspondence_analysis(t).rows["dim1"])


def test_ca_map_draws_without_overlapping_labels():
    import matplotlib

    matplotlib.use("Agg")
    from presse.vocabulary.ca import correspondence_analysis, plot_ca

    t = pd.DataFrame(np.random.default_rng(0).integers(1, 20, size=(4, 30)),
                     index=list("ABCD"), columns=[f"mot{i}" for i in range(30)])
    ax = plot_ca(correspondence_analysis(t), n_columns=20)
    assert len(ax.texts) == 24
    with pytest.raises(ValueError):
        correspondence_analysis(t.iloc[:1])


# --------------------------------------------------------------------------- co-occurrence
def test_cooccurrence_scores_by_hand():
    from presse.vocabulary.cooccurrence import cooccurrence_graph, cooccurrences

    units = ["sanctions pétrole"] * 3 + ["sommet paix"] * 3 + ["pétrole sommet"] + ["paix"] * 3
    e = cooccurrences(units, min_count=2, min_score=0.0)
    row = e[(e["source"] == "pétrole") & (e["target"] == "sanction")].iloc[0]
    # N = 10 units, pétrole in 4, sanction in 3, together in 3: P(X >= 3) = C(4,3)/C(10,3)
    assert row["n"] == 3 and row["n_source"] == 4 and row["n_target"] == 3
    assert row["score"] == pytest.approx(-math.log10(4 / 120))
    assert (e["source"] < e["target"]).all()
    assert e["score"].is_monotonic_decreasing
    G = cooccurrence_graph(e)
    assert G.has_edge("paix", "sommet") and G.nodes["paix"]["n_units"] == 6
    assert cooccurrences(["un"], min_count=1).empty


# --------------------------------------------------------------------------- progression
def test_wilson_interval_known_values():
    from presse.vocabulary.progression import wilson_interval

    lo, hi = wilson_interval(np.array([5, 0]), np.array([10, 0]))
    assert lo[0] == pytest.approx(0.2366, abs=1e-4) and hi[0] == pytest.approx(0.7634, abs=1e-4)
    assert lo[1] == hi[1] == 0.0


def test_progression_counts_lemmas_per_period():
    from presse.vocabulary.progression import period_of, progression

    docs = pd.DataFrame({"text": ["Les sanctions, encore des sanctions.", "Une sanction.",
                                  "La paix.", "Sanctions ?"],
                         "date": ["2025-01-03", "2025-01-20", "2025-03-01", None]})
    per = period_of(docs["date"])
    assert per.tolist()[:3] == ["2025-01", "2025-01", "2025-03"] and pd.isna(per.iloc[3])
    p = progression(docs["text"], per, ["sanction", "paix"])
    s = p[p["term"] == "sanction"].set_index("period")
    assert s.loc["2025-01", "count"] == 3 and s.loc["2025-01", "total"] == 3
    assert s.loc["2025-03", "count"] == 0 and s.loc["2025-01", "per_10k"] == 10_000
    assert (p["low"] <= p["per_10k"]).all() and (p["per_10k"] <= p["high"]).all()
    assert len(p) == 4  # every term x period


def test_actor_progression_and_cumulative():
    from presse.vocabulary.progression import actor_progression, cumulative_progression

    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Poutine parle.", "Trump répond."],
                         "period": ["2025-01", "2025-02"]})
    mentions = pd.DataFrame({"doc_id": ["a", "b", "b"], "actor": ["putin", "trump", "putin"]})
    p = actor_progression(mentions, docs["text"], docs["period"], docs["doc_id"])
    assert p.set_index(["actor", "period"]).loc[("putin", "2025-02"), "count"] == 1
    assert set(p["actor"]) == {"putin", "trump"}
    c = cumulative_progression(["paix et paix", "guerre puis paix"], ["paix"])
    assert c["count"].tolist() == [1, 2, 3]


# --------------------------------------------------------------------------- scale and figures
def _synthetic_texts(n: int, seed: int = 0) -> list[str]:
    """n texts of 30 random letter words from a vocabulary of 5 n words (it grows with n,
    as a real vocabulary grows with the corpus)."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("bcdfghjklmnpqrstvz"))
    vocab = ["".join(rng.choice(letters, 7)) for _ in range(5 * n)]
    return [" ".join(rng.choice(vocab, 30)) for _ in range(n)]


def _peak_bytes(fn) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_sparse_specificities_memory_grows_linearly_with_parts():
    # one part per text (specificities per article): the terms x parts table is quadratic
    # (12k articles x 60k lemmas = 6 GB dense); banal=False must stay near-linear
    from presse.vocabulary.specificities import specificities

    small, big = _synthetic_texts(150), _synthetic_texts(600)
    run = lambda texts: specificities(texts, [f"p{i:04d}" for i in range(len(texts))],
                                      min_freq=1, banal=False)
    run(small)  # warm caches (lemma tables, imports)
    ratio = _peak_bytes(lambda: run(big)) / _peak_bytes(lambda: run(small))
    assert ratio < 8, f"peak memory x{ratio:.1f} for 4x the parts: quadratic allocation"


def test_sparse_specificities_equal_the_non_banal_rows():
    from presse.vocabulary.specificities import specificities

    texts = ["sanctions pétrole sanctions banque", "sommet paix sommet accord", "pétrole banque",
             "paix accord sommet", "sanctions banque inflation", "drones front missiles"] * 3
    parts = list("ABCDEF") * 3
    for thr in (2.0, 0.5, 0.1):
        dense = specificities(texts, parts, threshold=thr, min_freq=1)
        dense = dense[dense["specificity"] != "banal"].reset_index(drop=True)
        sparse_ = specificities(texts, parts, threshold=thr, min_freq=1, banal=False)
        assert (sparse_["specificity"] == "-").any() or thr == 2.0
        pd.testing.assert_frame_equal(dense, sparse_, check_dtype=False)
        assert sparse_.attrs["n_terms"] == dense["term"].nunique() or thr == 2.0


def _overlapping_labels(ax) -> list[tuple[str, str]]:
    fig = ax.figure
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(r)) for t in ax.texts if t.get_visible()]
    return [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1:]
            if ba.overlaps(bb)]


def test_ca_map_labels_do_not_overlap():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from presse.vocabulary.ca import correspondence_analysis, plot_ca

    rng = np.random.default_rng(1)
    # a crowded map: many words with near-identical profiles pile up near the origin
    t = pd.DataFrame(rng.integers(20, 24, size=(5, 60)), index=[f"2025-0{i}" for i in range(1, 6)],
                     columns=[f"lemme_{i}" for i in range(60)])
    t.iloc[0, :5] += 60
    ax = plot_ca(correspondence_analysis(t), n_columns=45)
    assert _overlapping_labels(ax) == []
    shown = {x.get_text() for x in ax.texts}
    assert set(t.index) <= shown  # the parts are always labelled
    assert len(shown) >= 30
    plt.close(ax.figure)


def test_ca_map_names_only_the_parts_that_shape_the_axes_past_a_size():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from presse.vocabulary.ca import correspondence_analysis, plot_ca

    rng = np.random.default_rng(2)
    months = [f"{y}-{m:02d}" for y in (2016, 2017, 2018, 2019) for m in range(1, 13)]
    t = pd.DataFrame(rng.integers(5, 40, size=(len(months), 50)), index=months,
                     columns=[f"lemme_{i}" for i in range(50)])
    res = correspondence_analysis(t)
    ax = plot_ca(res, n_columns=10, max_row_labels=12)
    shown = {x.get_text() for x in ax.texts}
    ctr = (res.rows["ctr1"] + res.rows["ctr2"]).sort_values(ascending=False, kind="mergesort")
    assert set(ctr.index[:12]) <= shown  # the parts that make the axes are named
    assert len(shown & set(months)) == 12
    assert sorted(ax.presse_unlabelled_rows) == sorted(ctr.index[12:])
    assert _overlapping_labels(ax) == []
    plt.close(ax.figure)
    ax = plot_ca(res, n_columns=10)  # by default 30 of the 48 parts are named
    assert len({x.get_text() for x in ax.texts} & set(months)) == 30
    plt.close(ax.figure)


def test_cooccurrence_graph_labels_do_not_overlap():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx
    from presse.vocabulary.cooccurrence import plot_cooccurrence

    G = nx.Graph()
    rng = np.random.default_rng(2)
    words = [f"mot_{i}_{'x' * (i % 7)}" for i in range(70)]
    for i, w in enumerate(words):
        G.add_node(w, n_units=int(rng.integers(5, 200)))
    for _ in range(150):
        a, b = rng.choice(len(words), 2, replace=False)
        G.add_edge(words[a], words[b], n=5, score=float(rng.uniform(2, 30)),
                   weight=1.0)
    ax = plot_cooccurrence(G, max_labels=45)
    assert _overlapping_labels(ax) == []
    assert len(ax.texts) >= 30
    plt.close(ax.figure)


def test_sparse_specificities_with_no_specific_cell_is_an_empty_table():
    """A tiny corpus where nothing is specific (two identical parts) gives an empty table
    with the usual columns, not an error (it crashed notebook 40 on a six-article corpus)."""
    from presse.vocabulary import specificities as S

    texts = ["la guerre et la paix", "la guerre et la paix"]
    out = S.specificities(texts, ["a", "b"], threshold=2.0, banal=False)
    assert len(out) == 0
    assert {"part", "term", "k", "f", "score", "specificity"} <= set(out.columns)
