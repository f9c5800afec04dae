"""Tests of presse.sentiment: each French rule with a sentence that fails without it,
batch behaviour, bad input, aggregation and the trainable option."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from presse import sentiment as S


def lexicon_scores(texts, **kw) -> pd.DataFrame:
    """The rule-aware lexicon scorer (no longer the default method: see test_tone.py)."""
    kw.setdefault("method", "lexicon")
    return S.score_texts(texts, **kw)


def score(text: str, **kw) -> float:
    return float(lexicon_scores([text], **kw)["score"].iloc[0])


def label(text: str, **kw) -> str:
    return lexicon_scores([text], **kw)["label"].iloc[0]


# ----------------------------------------------------------------------------- lexicon
def test_lexicon_reads_textblob_package_and_addendum():
    lex = S.load_lexicon()
    assert {"term", "weight", "source", "stem"} <= set(lex.columns)
    assert lex["term"].is_unique
    assert lex["weight"].between(-1, 1).all()
    assert (lex["source"] == "textblob-fr").sum() > 4000  # read from the installed package
    assert lex.loc[lex["term"] == "échec", "weight"].iloc[0] < 0
    assert lex.loc[lex["term"] == "trêve", "weight"].iloc[0] > 0


def test_addendum_is_documented():
    add = pd.read_csv(S.PACKAGE_DATA / "sentiment_addendum.csv")
    assert list(add.columns) == ["term", "weight", "reason"]
    assert add["term"].is_unique
    assert add["reason"].str.len().gt(10).all()
    for term in ["échec", "revers", "menace", "escalade", "trêve", "accord", "sanction", "hostile"]:
        assert term in set(add["term"]), term


def test_addendum_overrides_textblob():
    base = S.load_lexicon(addendum=False).set_index("term")["weight"]
    full = S.load_lexicon().set_index("term")["weight"]
    assert base["premier"] > 0  # textblob-fr: "premier" 0.5
    assert full["premier"] == 0  # neutralised: descriptive in news


# ----------------------------------------------------------------------------- rules
def test_negation():
    text = "Ce film n'est pas bon."
    assert label(text) == "neg"
    assert label(text, scorer=S.LexiconScorer(negation=1.0)) == "pos"


def test_negation_elision_alone():
    text = "Ce plan n'est plus efficace."  # "plus" is not a cue: only n' negates
    assert score(text) < 0
    assert score(text, scorer=S.LexiconScorer(negation_cues=S.NEGATION_CUES - {"n'"})) > 0


def test_negation_typographic_apostrophe():
    assert score("Ce plan n’est plus efficace.") == score("Ce plan n'est plus efficace.")


def test_sans():
    text = "Un accord sans succès."
    assert label(text) == "neg"
    assert label(text, scorer=S.LexiconScorer(negation_cues=S.NEGATION_CUES - {"sans"})) == "pos"


def test_negation_scope_closes_at_punctuation_and_que():
    assert label("Ce n'est pas grave, c'est un excellent accord.") == "pos"
    # restrictive "ne ... que" is not a negation
    assert label("Il ne compte que sur son talent.") == "pos"


def test_negation_scope_skips_degree_words():
    text = "Ce n'est pas du tout un bon accord."  # bon is 4 tokens after pas
    assert label(text) == "neg"
    assert label(text, scorer=S.LexiconScorer(scope_skip=frozenset())) == "pos"


def test_litotes():
    text = "Cette réforme n'est pas sans risques."  # = it has risks
    assert label(text) == "neg"
    assert label("Cette réforme est sans risques.") == "pos"
    assert label(text, scorer=S.LexiconScorer(litotes=False)) == "pos"


def test_missed_opportunity_verb_forms():
    text = "Poutine a manqué une opportunité."
    assert label(text) == "neg"
    without = S.LexiconScorer(lexical_negators=S.LEXICAL_NEGATORS - {"manqué"})
    assert label(text, scorer=without) == "neu"


def test_hedge_weakens_its_clause():
    hedged, plain = "Ce plan pourrait être excellent.", "Ce plan est excellent."
    assert 0 < score(hedged) < score(plain)
    off = S.LexiconScorer(hedge=1.0)
    assert score(hedged, scorer=off) == pytest.approx(score(plain, scorer=off))


def test_intensifier():
    assert score("Un très bon accord.") > score("Un bon accord.")
    off = S.LexiconScorer(intensify=1.0)
    assert score("Un très bon accord.", scorer=off) == pytest.approx(
        score("Un bon accord.", scorer=off))


def test_attenuator():
    assert abs(score("Un résultat légèrement décevant.")) < abs(score("Un résultat décevant."))
    off = S.LexiconScorer(attenuate=1.0)
    assert score("Un résultat légèrement décevant.", scorer=off) == pytest.approx(
        score("Un résultat décevant.", scorer=off))


def test_peu_reverses_weakly():
    assert score("Un plan peu efficace.") < 0 < score("Un plan efficace.")


def test_contrast():
    text = "Le casting est excellent, mais le film est raté."
    assert label(text) == "neg"
    assert label(text, scorer=S.LexiconScorer(contrast_before=1.0, contrast_after=1.0)) == "pos"


def test_scorer_parameters_scikit_learn_style():
    scorer = S.LexiconScorer(negation=1.0)
    params = scorer.get_params()
    assert params["negation"] == 1.0 and params["negation_scope"] == S.NEGATION_SCOPE
    assert S.LexiconScorer(**params).get_params() == params
    scorer.score(["Un bon accord."])
    assert scorer._memo  # the per-type weights are the object's cache
    assert scorer.set_params(negation=-1.0) is scorer and not scorer._memo
    with pytest.raises(ValueError, match="no parameter"):
        scorer.set_params(colour=1)
    text = "Ce film n'est pas bon."
    assert label(text) == "neg"  # the shared default scorer is not affected


def test_contrast_across_sentences():
    assert label("Le décor est magnifique. Pourtant le scénario est raté.") == "neg"


def test_inflection_by_stem():
    word = "menacées"
    assert word not in set(S.load_lexicon()["term"])  # only the stem can match
    text = f"Les espèces {word} disparaissent."
    assert label(text) == "neg"
    assert label(text, stem=False) == "neu"


def test_negative_prefix():
    assert "inefficaces" not in set(S.load_lexicon()["term"])
    assert score("Des mesures inefficaces.") < 0
    assert score("Des mesures inefficaces.", stem=False) == 0


def test_neutral_band():
    text = "La proposition est jugée acceptable."  # weak word: "acceptable" 0.05
    s = score(text)
    assert 0 < s <= S.NEUTRAL_BAND
    assert label(text) == "neu"
    assert label(text, neutral_band=0.0) == "pos"


def test_emoticons_and_exclamation():
    assert label("Quelle journée :)") == "pos"
    assert label("Quelle journée :(") == "neg"
    assert score("Un bon accord !") > score("Un bon accord.")


def test_capitals_emphasis():
    assert score("Ce film est NUL.") < score("Ce film est nul.")


# ----------------------------------------------------------------------------- batch
def test_batch_shape_order_and_equivalence():
    texts = ["Un excellent accord.", "Un échec cuisant.", "Le sommet a lieu mardi.", ""] * 3
    out = lexicon_scores(texts)
    assert list(out.columns) == ["score", "label", "n_hits", "n_tokens"]
    assert len(out) == len(texts)
    assert list(out.index) == list(range(len(texts)))
    single = pd.concat([lexicon_scores([t]) for t in texts], ignore_index=True)
    pd.testing.assert_frame_equal(out, single)
    assert list(out["label"][:3]) == ["pos", "neg", "neu"]
    assert out["score"].between(-1, 1).all()


RULE_TEXTS = [
    "Ce n'est pas un bon accord, mais la trêve tient.",
    "Un échec. Pourtant, le sommet reste très prometteur !",
    "C'est NUL, trooop décevant :( 😡",
    "Un plan inefficace et malhonnête ; peu convaincant.",
    None,
    "",
    "Les menaces\u00a0se multiplient\u202fet l’escalade inquiète.",
    "Malgré la crise, bien que fragile, l'accord tient.",
    "bon\x01accord",
    "Un résultat de\u0301cevant (NFD).",
    "Sans aucun succès, ni progrès.",
]


def test_batch_equals_per_text_results_exactly():
    """The vectorised batch path gives each text exactly its score when scored alone,
    from cold or warm per-word memos, whatever its neighbours."""
    S.clear_memos()
    cold = lexicon_scores(RULE_TEXTS * 2)
    warm = lexicon_scores(RULE_TEXTS[::-1])[::-1].reset_index(drop=True)
    single = pd.concat([lexicon_scores([t]) for t in RULE_TEXTS], ignore_index=True)
    pd.testing.assert_frame_equal(cold.iloc[: len(RULE_TEXTS)], single)
    pd.testing.assert_frame_equal(cold.iloc[len(RULE_TEXTS):].reset_index(drop=True), single)
    pd.testing.assert_frame_equal(warm, single)


def test_unicode_spaces_tokenise_like_spaces():
    plain = "Les menaces se multiplient et l'escalade inquiète."
    fancy = "Les\u00a0menaces\u202fse\u2009multiplient\tet\nl’escalade  inquiète."
    a, b = lexicon_scores([plain]), lexicon_scores([fancy])
    pd.testing.assert_frame_equal(a, b)


def test_accepts_series_with_any_index():
    s = pd.Series(["Un excellent accord.", "Un échec."], index=[10, 3])
    out = lexicon_scores(s)
    assert list(out["label"]) == ["pos", "neg"]


def test_nfd_input_scores_like_nfc():
    import unicodedata

    text = "Un résultat décevant, un échec."
    assert score(unicodedata.normalize("NFD", text)) == pytest.approx(score(text))


# ----------------------------------------------------------------------------- bad input
def test_bad_inputs_defined():
    out = lexicon_scores(["", None, np.nan, "The weather is lovely", "   "])
    assert out["score"].iloc[0] == 0 and out["label"].iloc[0] == "neu"
    assert np.isnan(out["score"].iloc[1]) and out["label"].iloc[1] is None
    assert np.isnan(out["score"].iloc[2]) and out["label"].iloc[2] is None
    assert out["n_hits"].iloc[3] == 0 and out["label"].iloc[3] == "neu"  # no French evidence
    assert out["label"].iloc[4] == "neu"


def test_empty_batch():
    out = lexicon_scores([])
    assert out.empty and list(out.columns) == ["score", "label", "n_hits", "n_tokens"]


def test_type_errors():
    with pytest.raises(TypeError, match="item 1"):
        lexicon_scores(["ok", 3])
    with pytest.raises(TypeError, match="single string"):
        lexicon_scores("Un texte")
    with pytest.raises(ValueError, match="unknown method"):
        S.score_texts(["x"], method="bert")
    with pytest.raises(ValueError, match="fitted pipeline"):
        S.score_texts(["x"], method="model")


def test_very_long_text():
    text = "Un accord excellent, mais un échec. " * 20_000  # 720k characters
    out = lexicon_scores([text, "Un bon accord."])
    assert np.isfinite(out["score"]).all()
    assert out["n_tokens"].iloc[0] > 100_000
    assert out["label"].iloc[1] == "pos"


def test_separator_character_in_text():
    out = lexicon_scores(["bon\x01accord", "mauvais"])
    assert len(out) == 2 and out["label"].tolist() == ["pos", "neg"]


# ----------------------------------------------------------------------------- tables
@pytest.fixture
def toy_tables():
    sentences = pd.DataFrame({
        "doc_id": ["a", "a", "a", "b", "b"],
        "sent_id": [0, 1, 2, 0, 1],
        "para_id": [0, 0, 1, 0, 0],
        "text": ["Un excellent accord.", "Un échec total.", "Trump menace Poutine.",
                 "Poutine salue un bon accord.", "Le sommet a lieu mardi."],
    })
    mentions = pd.DataFrame({
        "doc_id": ["a", "a", "b", "b"], "sent_id": [2, 2, 0, 0],
        "actor": ["trump", "putin", "putin", "putin"],
        "surface": ["Trump", "Poutine", "Poutine", "Poutine"],
        "start": [0, 13, 0, 0], "end": [5, 20, 7, 7],
    })
    return sentences, mentions


def test_sentiment_table_schema(toy_tables):
    sentences, _ = toy_tables
    tab = S.sentiment_table(sentences.iloc[::-1])
    assert list(tab.columns[:5]) == ["doc_id", "sent_id", "score", "label", "method"]
    assert tab[["doc_id", "sent_id"]].values.tolist() == sorted(
        sentences[["doc_id", "sent_id"]].values.tolist())
    with pytest.raises(ValueError, match="lacks columns"):
        S.sentiment_table(sentences.drop(columns="text"))


def test_bootstrap_determinism(toy_tables):
    sentences, _ = toy_tables
    sent = S.sentiment_table(sentences)
    a = S.article_tone(sent, n_boot=500, random_state=1)
    b = S.article_tone(sent, n_boot=500, random_state=1)
    pd.testing.assert_frame_equal(a, b)
    vals = np.linspace(-1, 1, 30)
    assert S.bootstrap_mean_ci(vals, random_state=0) == S.bootstrap_mean_ci(vals, random_state=0)
    assert S.bootstrap_mean_ci(vals, random_state=0) != S.bootstrap_mean_ci(vals, random_state=5)
    m, lo, hi = S.bootstrap_mean_ci(vals)
    assert lo < m < hi
    assert np.isnan(S.bootstrap_mean_ci([])[0])
    assert S.bootstrap_mean_ci([0.3]) == (0.3, 0.3, 0.3)


def test_paragraph_and_actor_tone(toy_tables):
    sentences, mentions = toy_tables
    sent = S.sentiment_table(sentences)
    para = S.aggregate_tone(sent.merge(sentences[["doc_id", "sent_id", "para_id"]]),
                            by=("doc_id", "para_id"))
    assert para[["doc_id", "para_id"]].values.tolist() == [["a", 0], ["a", 1], ["b", 0]]
    assert para["n_sentences"].tolist() == [2, 1, 2]
    act = S.actor_tone(sent, mentions)
    # the repeated putin mention of sentence b/0 counts once
    row = act[(act["doc_id"] == "b") & (act["actor"] == "putin")].iloc[0]
    assert row["n_sentences"] == 1 and row["mean"] > 0
    overall = S.actor_tone(sent, mentions, by_doc=False)
    assert overall.set_index("actor").loc["putin", "n_sentences"] == 2
    with pytest.raises(ValueError, match="lacks columns"):
        S.actor_tone(sent, mentions.drop(columns="actor"))


def test_match_annotations_handles_split_sentences():
    ann = pd.DataFrame({"doc_id": ["a", "a"],
                        "text": ["Il a raillé la « coquille vide », un ours de papier.",
                                 "Le sommet a eu lieu."],
                        "label": ["neg", "neu"]})
    sents = pd.DataFrame({"doc_id": ["a", "a", "a"], "sent_id": [0, 1, 2],
                          "text": ["Il a raillé la « coquille vide », un",
                                   "ours de papier.", "Le  sommet a eu lieu !"]})
    m = S.match_annotations(ann, sents)
    assert m["label_true"].tolist() == ["neg", "neg", "neu"]
    assert m["match"].tolist() == ["partial", "partial", "exact"]


# ----------------------------------------------------------------------------- trainable
def test_trainable_model_and_grouped_cv():
    pos = ["un excellent film", "quel bonheur ce succès", "bravo pour cet accord",
           "une très belle réussite", "un plaisir, merci"] * 2
    neg = ["un échec lamentable", "quelle honte ce désastre", "un film nul",
           "une menace inquiétante", "triste et raté"] * 2
    texts, labels = pos + neg, ["pos"] * 10 + ["neg"] * 10
    model = S.fit_model(texts, labels)
    out = lexicon_scores(["un excellent succès", "un désastre lamentable", None],
                        method="model", model=model)
    assert out["label"].tolist()[:2] == ["pos", "neg"]
    assert out["score"].iloc[0] > 0 > out["score"].iloc[1]
    assert np.isnan(out["score"].iloc[2])
    groups = [f"g{i % 4}" for i in range(20)]
    cv = S.cross_validate_model(texts, labels, groups=groups, n_splits=4)
    assert len(cv) == 20 and set(cv["fold"]) == {0, 1, 2, 3}
    for f in range(4):  # no group in two folds
        assert cv.loc[cv["fold"] == f].index.map(lambda i: groups[i]).nunique() == 1
    with pytest.raises(ValueError, match="unknown labels"):
        S.fit_model(["a", "b"], ["good", "bad"])
    with pytest.raises(ValueError, match="two classes"):
        S.fit_model(["a", "b"], ["pos", "pos"])


# ----------------------------------------------------------------------------- validation
def test_agreement_and_confusion_table():
    gold = ["pos", "neg", "neu", "neg"]
    tab = S.agreement(gold, {"perfect": gold, "always neg": ["neg"] * 4})
    assert tab["method"].tolist() == ["perfect", "always neg"]
    assert tab.loc[0, "accuracy"] == 1.0 and tab.loc[0, "macro_f1"] == 1.0
    assert tab.loc[1, "accuracy"] == 0.5 and tab.loc[1, "macro_f1"] < 0.5
    with pytest.raises(ValueError, match="has 1 labels"):
        S.agreement(gold, {"short": ["pos"]})
    cm = S.confusion_table(gold, ["pos", "neg", "pos", "neu"])
    assert list(cm.index) == list(cm.columns) == list(S.LABELS)
    assert cm.loc["neu", "pos"] == 1 and cm.to_numpy().sum() == 4


def test_textblob_baseline_method():
    out = S.score_texts(["Un film excellent.", None, "Un film horrible."], method="textblob")
    assert out["label"].tolist() == ["pos", None, "neg"]


def test_plot_article_tone_returns_axes(toy_tables):
    import matplotlib

    matplotlib.use("Agg")
    sentences, _ = toy_tables
    tone = S.article_tone(S.sentiment_table(sentences), n_boot=50)
    ax = S.plot_article_tone(tone)  # no date column: corpus order
    assert ax.get_xlabel() == "article"
    assert [t.get_text() for t in ax.texts] == ["a", "b"]
