"""Tests of presse.topics: French vectorising, determinism, sweep, log-odds, errors."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from presse import topics as T

# Three themes, six short French texts each: enough for 3 topics on a handful of units.
THEMES = {
    "guerre": [
        "Les frappes russes sur Kiev ont visé des centrales électriques ukrainiennes.",
        "L’armée ukrainienne a repoussé une offensive russe près de Kharkiv, frappes de drones.",
        "Kiev réclame des missiles et des drones pour contrer les frappes russes.",
        "Des drones russes ont frappé Odessa ; l’armée ukrainienne riposte sur le front.",
        "Sur le front, l’offensive russe piétine malgré les frappes de missiles sur Kiev.",
        "L’armée ukrainienne manque de missiles face aux drones et à l’offensive russe.",
    ],
    "economie": [
        "Les sanctions visent le pétrole russe et les banques de Moscou.",
        "Le prix du pétrole recule ; les sanctions pèsent sur l’économie russe.",
        "La banque centrale russe relève son taux face à l’inflation et aux sanctions.",
        "L’économie russe ralentit : inflation, taux élevés et recettes du pétrole en baisse.",
        "Les exportations de pétrole et de gaz financent l’économie malgré les sanctions.",
        "Inflation et sanctions : la banque centrale défend le rouble et l’économie.",
    ],
    "diplomatie": [
        "Trump et Poutine se retrouvent à Anchorage pour un sommet sur la paix.",
        "Le sommet d’Anchorage n’a pas produit d’accord de paix entre Trump et Poutine.",
        "Les diplomates préparent un nouveau sommet ; Trump veut un accord avec Poutine.",
        "Poutine félicite Trump ; un sommet pour la paix est évoqué par les diplomates.",
        "Accord de paix : Trump appelle Poutine avant le sommet, disent les diplomates.",
        "Les diplomates de Trump et de Poutine discutent d’un accord et d’un sommet.",
    ],
}
TEXTS = [t for v in THEMES.values() for t in v]
GROUPS = [k for k, v in THEMES.items() for _ in v]


def terms(text, **kw):
    return T.FrenchVectorizer(**kw).analyze(text)


# --------------------------------------------------------------------------- vectoriser
@pytest.mark.parametrize(
    "text, expected",
    [
        ("l'Ukraine", ["ukraine"]),
        ("l\u2019Ukraine", ["ukraine"]),  # typographic apostrophe
        ("d'Anchorage et d\u2019Alaska", ["anchorage", "alaska"]),
        ("qu'il négocie", ["négocier"]),
        ("jusqu'à Kiev, lorsqu\u2019elle arrive", ["kiev", "arriver"]),
        ("c'est l'été ; j'ai n'importe s'il", []),  # elided function words vanish entirely
        ("aujourd'hui", []),  # not an elision: the stop list holds its parts
    ],
)
def test_elisions_both_apostrophes(text, expected):
    assert terms(text) == expected


def test_accents_kept_and_nfc():
    decomposed = "e\u0301lection pre\u0301sidentielle"  # NFD input
    assert terms(decomposed) == ["élection", "présidentielle"]
    assert "etats-unis" not in terms("Les États-Unis")
    assert terms("Les États-Unis") == ["états-unis"]


def test_stop_words_and_news_function_words():
    got = terms("Selon lui, il a déclaré mardi que les sanctions étaient aussi très dures.")
    assert got == ["sanction", "dur"]
    stop = T.load_stopwords()
    assert {"le", "de", "être", "avoir", "selon", "mardi", "déclarer"} <= stop
    assert "effet" not in stop and "retour" not in stop  # curated out of spaCy's list


def test_nbsp_and_narrow_nbsp_are_spaces():
    assert terms("Poutine\u00a0: «\u202fsanctions\u202f»") == ["poutine", "sanction"]
    assert T.normalize_text("a\u00a0b\u202fc") == "a b c"


def test_lemmas_plural_nouns_and_names():
    assert terms("les forces russes et les négociations") == ["force", "russe", "négociation"]
    assert terms("Paris et les Européens") == ["paris", "européen"]  # not "pari"
    assert terms("les forces", lemmatize=False) == ["forces"]


def test_inverted_pronouns_and_hyphens():
    assert terms("Que négocie-t-il ? Le cessez-le-feu signé-t-il ? dit-elle") == [
        "négocier", "cessez-le-feu", "signer"]


def test_bigrams_only_between_adjacent_content_words():
    got = terms("La Maison Blanche et le Kremlin", bigrams=True)
    assert "maison blanche" in got
    assert "blanche kremlin" not in got  # "et le" separates them


def test_frequency_pruning_and_sklearn_api():
    from sklearn.base import clone

    v = T.FrenchVectorizer(min_df=2, max_df=0.5)
    X = v.fit_transform(TEXTS)
    names = set(v.get_feature_names_out())
    assert X.shape == (len(TEXTS), len(names))
    assert "kharkiv" not in names  # one document only: below min_df
    assert {"sanction", "sommet", "drone"} <= names
    assert clone(v).get_params() == v.get_params()
    assert pickle.loads(pickle.dumps(v)).transform(TEXTS[:2]).shape == (2, len(names))
    with pytest.raises(ValueError, match="no terms left"):
        T.FrenchVectorizer(min_df=5).fit_transform(["le la les", "de du des", "un une"] * 2)



def test_bigram_pruning_keeps_words_and_frequent_bigrams():
    texts = ["La Maison Blanche répond.", "La Maison Blanche se tait.",
             "Maison Blanche : pas de commentaire.", "La maison rouge brûle.",
             "Le rouge domine.", "Blanche neige tombe."]
    names = lambda v: set(v.fit(texts).get_feature_names_out())
    loose = names(T.FrenchVectorizer(min_df=2, max_df=1.0, bigrams=True, bigram_min_df=2))
    strict = T.FrenchVectorizer(min_df=2, max_df=1.0, bigrams=True, bigram_min_df=4)
    assert "maison blanche" in loose
    assert "maison blanche" not in names(strict)  # 3 documents < 4
    assert {"maison", "blanche", "rouge"} <= names(strict)  # words are not pruned by it
    assert strict.bigram_min_df_ == 4
    auto = T.FrenchVectorizer(min_df=2, max_df=1.0, bigrams=True)
    auto.fit(texts)
    assert auto.bigram_min_df_ == 4  # "auto": twice min_df
    # TF-IDF on the kept terms only: rows stay l2-normalised, transform gives the same rows
    X = strict.fit_transform(texts)
    assert np.allclose(np.sqrt(X.multiply(X).sum(axis=1)).A.ravel(), 1.0)
    assert np.allclose(strict.transform(texts).toarray(), X.toarray())
    assert X.has_sorted_indices


def test_lda_significant_rounding():
    a = np.array([[123.456789012, 0.000123456789, 1.0]])
    assert np.allclose(T._round_significant(a, 4), [[123.5, 0.0001235, 1.0]])


# --------------------------------------------------------------------------- fitting
@pytest.mark.parametrize("method", ["nmf", "lda", "minibatch_nmf"])
def test_same_seed_identical_tables(method):
    a = T.fit_topics(TEXTS, 3, method=method, random_state=0)
    b = T.fit_topics(TEXTS, 3, method=method, random_state=0)
    pd.testing.assert_frame_equal(a.topics, b.topics)
    pd.testing.assert_frame_equal(a.doc_topics, b.doc_topics)
    assert list(a.topics.columns[:3]) == ["topic_id", "label", "top_terms"]
    assert list(a.doc_topics.columns[:3]) == ["unit_id", "topic_id", "weight"]
    sums = a.doc_topics.groupby("unit_id")["weight"].sum()
    assert np.allclose(sums[sums > 0], 1.0)


def test_nmf_recovers_the_three_themes():
    tm = T.fit_topics(TEXTS, 3, unit_ids=[f"u{i:02d}" for i in range(len(TEXTS))])
    main = T.main_topic(tm.doc_topics)
    truth = dict(zip([f"u{i:02d}" for i in range(len(TEXTS))], GROUPS))
    # each topic is one theme: the main topics partition the texts exactly like the themes
    pairs = set(zip(main["topic_id"], main["unit_id"].map(truth)))
    assert len(pairs) == 3
    assert tm.topics["label"].is_unique
    assert tm.topics["prevalence"].is_monotonic_decreasing


def test_transform_unseen_texts():
    tm = T.fit_topics(TEXTS, 3)
    new = tm.transform(["Nouvelles sanctions contre le pétrole russe et la banque centrale."],
                       unit_ids=["x"])
    assert set(new["unit_id"]) == {"x"} and len(new) == 3
    econ_topic = T.main_topic(tm.doc_topics).iloc[6]["topic_id"]  # TEXTS[6] is economy
    assert new.sort_values("weight").iloc[-1]["topic_id"] == econ_topic
    assert np.isclose(new["weight"].sum(), 1.0)


def test_small_corpus_errors():
    with pytest.raises(ValueError, match="needs more texts"):
        T.fit_topics(TEXTS[:2], 3)
    with pytest.raises(ValueError, match="method must be"):
        T.fit_topics(TEXTS, 3, method="kmeans")
    with pytest.raises(ValueError, match="cannot sweep"):
        T.sweep(TEXTS[:4], ks=[3, 4], seeds=[0, 1])


# --------------------------------------------------------------------------- model quality
def test_metrics_known_values():
    # 4 documents; terms 0 and 1 always together, term 2 never with them
    X = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]])
    npmi = T.npmi_coherence([[0, 1], [0, 2]], X)
    assert npmi[0] == pytest.approx(1.0)
    assert npmi[1] == pytest.approx(-1.0)
    assert T.topic_diversity([["a", "b"], ["b", "c"]], top_n=2) == 0.75
    same = [["a", "b"], ["c", "d"]]
    assert T.topic_stability([same, same[::-1]], top_n=2) == 1.0  # order does not matter
    assert T.topic_stability([same, [["a", "x"], ["c", "y"]]], top_n=2) == 0.5


def test_sweep_outputs_and_choice():
    table = T.sweep(TEXTS, ks=[2, 3, 4], seeds=[0, 1, 2])
    assert list(table["k"]) == [2, 3, 4]
    assert {"npmi", "diversity", "stability", "npmi_sd", "n_units"} <= set(table.columns)
    assert table["stability"].between(0, 1).all() and table["diversity"].between(0, 1).all()
    assert table["npmi"].between(-1, 1).all()
    again = T.sweep(TEXTS, ks=[2, 3, 4], seeds=[0, 1, 2])
    cols = ["k", "npmi", "npmi_sd", "diversity", "stability"]  # fit_seconds is a timing
    assert table[cols].equals(again[cols])  # deterministic
    k = T.choose_n_topics(table)
    assert k in (2, 3, 4)
    rigged = pd.DataFrame({"k": [2, 3, 4], "npmi": [0.1, 0.5, 0.9],
                           "diversity": [1.0, 1.0, 1.0], "stability": [0.9, 0.8, 0.3]})
    assert T.choose_n_topics(rigged) == 3  # k=4 is more coherent but unstable
    ax = T.plot_sweep(table, chosen=k)
    assert ax.get_xlabel() == "number of topics k"


# --------------------------------------------------------------------------- evidence
def test_distinctive_words_log_odds_sanity():
    lo = T.distinctive_words(TEXTS, GROUPS)
    assert list(lo.columns) == ["group", "term", "count", "count_rest", "delta", "z"]
    top = lo.groupby("group").head(3)
    assert "sanction" in set(top[top["group"] == "economie"]["term"])
    assert "sommet" in set(top[top["group"] == "diplomatie"]["term"])
    # a word used by one group only is over-represented there and under-represented elsewhere
    sommet = lo[lo["term"] == "sommet"].set_index("group")["z"]
    assert sommet["diplomatie"] > 1.96 and sommet["economie"] < 0 and sommet["guerre"] < 0
    # two groups: the contrast is antisymmetric
    two = T.distinctive_words(TEXTS[:12], GROUPS[:12]).set_index(["group", "term"])["z"]
    for term in ("sanction", "drone"):
        assert two[("guerre", term)] == pytest.approx(-two[("economie", term)])
    with pytest.raises(ValueError, match="two groups"):
        T.distinctive_words(TEXTS[:3], ["a"] * 3)


def test_prevalence_and_representatives():
    ids = [f"d{i // 3}:{i % 3}" for i in range(len(TEXTS))]
    tm = T.fit_topics(TEXTS, 3, unit_ids=ids)
    units = pd.DataFrame({"unit_id": ids, "doc_id": [i.split(":")[0] for i in ids],
                          "text": TEXTS})
    prev = T.topic_prevalence(tm.doc_topics, units, by="doc_id")
    assert np.allclose(prev.groupby("doc_id")["share"].sum(), 1.0)
    rep = T.representative_units(tm.doc_topics, units, n=2, min_words=0)
    assert len(rep) == 6 and list(rep["rank"]) == [1, 2] * 3
    assert rep.groupby("topic_id")["score"].apply(lambda s: s.is_monotonic_decreasing).all()
    # short units give way to long ones
    longer = units.assign(text=[t if i % 3 else t + " mot" * 20 for i, t in enumerate(TEXTS)])
    rep_long = T.representative_units(tm.doc_topics, longer, n=1, min_words=15)
    assert rep_long["text"].str.split().str.len().ge(15).all()


# --------------------------------------------------------------------------- build step
def test_topics_tables_units_and_tiny_corpus():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["x", "y", "z"]})
    paras = pd.DataFrame({"doc_id": [g[0] for g in GROUPS],  # g, e, d: three "articles"
                          "para_id": list(range(6)) * 3, "text": TEXTS})
    docs = pd.DataFrame({"doc_id": ["d", "e", "g"], "text": ["", "", ""]})
    out = T.topics_tables(paras, docs, n_topics=3)
    assert set(out) == {"topics", "doc_topics"}
    dt = out["doc_topics"]
    assert dt["unit"].eq("paragraph").all() and dt["unit_id"].str.contains(":").all()
    assert len(dt) == len(TEXTS) * 3 and len(out["topics"]) == 3
    auto = T.topics_tables(paras, docs)  # number of topics from the sweep
    assert auto["topics"]["n_topics_rule"].iloc[0] == "sweep"
    with pytest.warns(UserWarning, match="at least"):
        empty = T.topics_tables(paras.head(3), docs)
    assert empty["topics"].empty and list(empty["doc_topics"].columns[:3]) == [
        "unit_id", "topic_id", "weight"]


def test_label_agreement_perfect_and_baseline():
    ids = [f"u{i:02d}" for i in range(len(TEXTS))]
    tm = T.fit_topics(TEXTS, 3, unit_ids=ids)
    gold = pd.DataFrame({"unit_id": ids, "theme": GROUPS})
    res = T.label_agreement(tm.doc_topics, gold)
    scores = res["scores"].set_index("metric")["value"]
    assert scores["accuracy"] == 1.0 and scores["macro_f1"] == 1.0
    assert scores["majority_baseline"] == pytest.approx(1 / 3)
    assert res["confusion"].to_numpy().sum() == len(TEXTS)
    shuffled = gold.assign(theme=GROUPS[1:] + GROUPS[:1])  # labels shifted by one unit
    assert T.label_agreement(tm.doc_topics, shuffled)["scores"].set_index("metric")[
        "value"]["accuracy"] < 1.0
