"""Tests of presse.tone: the learned tone model, its file format, training commands, and
its use as the default of presse.sentiment."""

from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest
from presse import cli, evaluate, sentiment, tone

POS = ["un excellent accord, salué par tous", "quel succès pour cette rencontre",
       "ils se félicitent de cette avancée historique", "une très belle réussite",
       "le sommet a été un franc succès", "il rend hommage à son courage"]
NEG = ["un échec cuisant et humiliant", "il dénonce une mascarade", "une menace inquiétante",
       "ils accusent le gouvernement de mentir", "un fiasco total", "la colère gronde"]
NEU = ["le sommet aura lieu mardi à Genève", "le texte sera présenté en juin",
       "la réunion a commencé à dix heures", "il a été reçu à l'Élysée",
       "le ministre s'est rendu à Berlin", "le vote est prévu jeudi"]
TEXTS = POS + NEG + NEU
LABELS = ["pos"] * 6 + ["neg"] * 6 + ["neu"] * 6
SMALL = {"C": 1.0, "word_ngrams": (1, 2), "char_ngrams": (2, 4), "min_df": 1}


@pytest.fixture(scope="module")
def toy_model():
    return tone.ToneModel(**SMALL).fit(TEXTS, LABELS)


def test_fit_predict_and_probabilities(toy_model):
    proba = toy_model.predict_proba(["un franc succès salué", "un fiasco humiliant"])
    assert proba.shape == (2, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert list(toy_model.predict(["un franc succès salué", "un fiasco humiliant"])) == [
        "pos", "neg"]
    assert toy_model.get_params()["C"] == 1.0  # scikit-learn style parameters


def test_lexicon_block_can_be_switched_off():
    a = tone.ToneModel(**SMALL, lexicon=False).fit(TEXTS, LABELS)
    b = tone.ToneModel(**SMALL, lexicon=True).fit(TEXTS, LABELS)
    assert b.coef_.shape[1] == a.coef_.shape[1] + 5  # the five lexicon features


def test_file_round_trip_and_deterministic_bytes(toy_model, tmp_path):
    d1 = toy_model.to_file(tmp_path / "a.json.gz")
    again = tone.ToneModel(**SMALL).fit(TEXTS, LABELS)
    d2 = again.to_file(tmp_path / "b.json.gz")
    assert d1 == d2
    assert (tmp_path / "a.json.gz").read_bytes() == (tmp_path / "b.json.gz").read_bytes()
    loaded = tone.ToneModel.from_file(tmp_path / "a.json.gz")
    texts = ["un accord historique", "une mascarade", "le vote est prévu mardi"]
    np.testing.assert_allclose(loaded.predict_proba(texts), toy_model.predict_proba(texts),
                               atol=1e-4)
    assert list(loaded.predict(texts)) == list(toy_model.predict(texts))


def test_bad_model_file_names_the_file(tmp_path):
    bad = tmp_path / "model.json.gz"
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(ValueError, match="model.json.gz"):
        tone.ToneModel.from_file(bad)
    other = tmp_path / "other.json.gz"
    with gzip.open(other, "wt") as f:
        f.write('{"format": "something-else"}')
    with pytest.raises(ValueError, match="not a presse tone model"):
        tone.ToneModel.from_file(other)


def test_calibration_sets_temperature_and_offsets(toy_model):
    m = tone.ToneModel(**SMALL).fit(TEXTS, LABELS)
    m.calibrate(TEXTS, LABELS)
    assert 0.2 <= m.temperature <= 5.0
    assert m.offsets is None or set(m.offsets) <= {"neg", "pos"}


def test_fit_rejects_unknown_labels():
    with pytest.raises(ValueError, match="unknown labels"):
        tone.ToneModel(**SMALL).fit(["a b", "c d"], ["pos", "positive"])
    with pytest.raises(TypeError, match="position 1"):
        tone.ToneModel(**SMALL).fit(["a b", 3], ["pos", "neg"])


def test_shipped_model_is_the_default_of_score_texts():
    out = sentiment.score_texts(["Un accord historique salué par tous.", None, ""])
    assert list(out.columns[:4]) == ["score", "label", "n_hits", "n_tokens"]
    assert {"p_neg", "p_neu", "p_pos"} <= set(out.columns)
    assert np.isnan(out["score"].iloc[1]) and out["label"].iloc[1] is None
    p = out[["p_neg", "p_neu", "p_pos"]].iloc[[0, 2]].to_numpy()
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-9)
    assert out["score"].iloc[0] == pytest.approx(out["p_pos"].iloc[0] - out["p_neg"].iloc[0])
    assert sentiment.score_texts([]).empty


def test_shipped_model_beats_always_neutral_on_the_dev_fold():
    """Regression guard on labels the model never trained on (dev was used to calibrate
    the temperature and offsets only; the test fold is kept for the benchmark)."""
    gold = tone.load_news_gold()
    dev = gold[gold["fold"] == "dev"]
    pred = sentiment.score_texts(dev["text"].tolist())["label"]
    table = evaluate.agreement(dev["label"], {"model": pred, "neu": ["neu"] * len(dev)})
    assert table.loc["model", "accuracy"] > table.loc["neu", "accuracy"]
    assert table.loc["model", "macro_f1"] > table.loc["neu", "macro_f1"] + 0.25
    lex = sentiment.score_texts(dev["text"].tolist(), method="lexicon")["label"]
    assert table.loc["model", "macro_f1"] > evaluate.agreement(
        dev["label"], {"lexicon": lex}).loc["lexicon", "macro_f1"]


def test_gold_set_split_is_frozen_by_article():
    gold = tone.load_news_gold()
    assert gold["fold"].tolist() == evaluate.fold_of(gold["article_id"])
    assert gold.groupby("article_id")["fold"].nunique().max() == 1
    assert gold["item_id"].is_unique


def test_sentiment_table_learned_and_lexicon():
    sents = pd.DataFrame({"doc_id": ["b", "a"], "sent_id": [0, 0], "para_id": [0, 0],
                          "text": ["Un fiasco total.", "Un succès salué."]})
    learned = sentiment.sentiment_table(sents)
    assert learned["doc_id"].tolist() == ["a", "b"]
    assert set(learned["method"]) == {"learned"} and "p_pos" in learned
    lexicon = sentiment.sentiment_table(sents, method="lexicon")
    assert set(lexicon["method"]) == {"lexicon"} and "p_pos" not in lexicon
    with pytest.raises(ValueError, match="method"):
        sentiment.sentiment_table(sents, method="bert")


def test_user_model_file_is_used(tmp_path, monkeypatch, toy_model):
    path = tmp_path / "mine.json.gz"
    toy_model.to_file(path)
    # recorded by monkeypatch, so that the variable use_model_file sets is removed after
    # the test (it would leave the toy model in force for every later test)
    monkeypatch.setenv(tone.MODEL_ENV, "")
    monkeypatch.delenv(tone.MODEL_ENV)
    tone.use_model_file(path)
    assert tone.model_path() == path.resolve()
    texts = ["un franc succès salué", "le vote est prévu jeudi"]
    got = sentiment.score_texts(texts)[["p_neg", "p_neu", "p_pos"]].to_numpy()
    np.testing.assert_allclose(got, tone.ToneModel.from_file(path).predict_proba(texts))
    with pytest.raises(ValueError, match="not a presse tone model"):
        tone.use_model_file(tmp_path / "missing.json.gz")


def test_train_on_user_labels(tmp_path, capsys):
    labels = pd.DataFrame({"text": TEXTS * 2, "label": LABELS * 2,
                           "doc_id": [f"d{i % 6}" for i in range(36)]})
    csv = tmp_path / "labels.csv"
    labels.to_csv(csv, index=False)
    out = tmp_path / "model.json.gz"
    assert cli.main(["train", "tone", "--labels", str(csv), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "grouped cross-validation" in printed and "macro_f1" in printed
    assert tone.ToneModel.from_file(out).meta_["trained_on"] == ["labels.csv (36)"]
    assert cli.main(["train", "tone", "--labels", str(csv)]) == 2  # --out is required


def test_train_on_labels_names_a_bad_row(tmp_path):
    csv = tmp_path / "labels.csv"
    pd.DataFrame({"text": ["a b", "c d"], "label": ["pos", "positif"]}).to_csv(csv, index=False)
    with pytest.raises(ValueError, match=r"labels.csv: label 'positif' \(row 3\)"):
        tone.train_on_labels(csv, tmp_path / "m.json.gz")


def test_word_type_cache_gives_the_vectorizers_matrix():
    """The per-word cache of the scoring path (filled in batches, reused across calls) must
    give the matrix of ``TfidfVectorizer.transform``, cold and warm, for both blocks."""
    from presse.tone import _TypeCache, _word_types, normalise

    model = tone.load_model(tone.DEFAULT_MODEL)
    gold = tone.load_news_gold()
    texts = [normalise(t) for t in gold["text"].tolist()[:400]] + ["", "un mot-inconnu zzz"]
    blocks = [(name, vec) for name, vec in model.vectorizers_ if _TypeCache.applies(vec)]
    assert [name for name, _ in blocks] == ["word", "char"]
    for name, vec in blocks:
        cache = _TypeCache(vec)
        expected = vec.transform(texts).toarray()
        cold = cache.transform(*_word_types(texts[:200])).toarray()
        warm = cache.transform(*_word_types(texts)).toarray()
        np.testing.assert_allclose(cold, expected[:200], atol=1e-6, err_msg=name)
        np.testing.assert_allclose(warm, expected, atol=1e-6, err_msg=name)
