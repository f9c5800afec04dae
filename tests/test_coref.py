"""presse.coref: rule / salience coreference on real spaCy parses (no mocks)."""

from __future__ import annotations

import pandas as pd
import pytest
from presse import coref
from presse.actors import find_mentions
from presse.evaluate import evaluate_coreference, link_scores, names_match


def _tables(texts, date="2020-06-01", doc_id="d1"):
    sents = pd.DataFrame({"doc_id": doc_id, "sent_id": range(len(texts)), "text": texts,
                          "date": date})
    return sents, find_mentions(sents)


def _resolve(texts, **kw):
    sents, ments = _tables(texts, **kw)
    return coref.resolve(sents, ments)


def test_impersonal_il_gets_no_actor():
    res = _resolve(["Emmanuel Macron est arrivé à Berlin.",
                    "Il faut agir vite, a-t-on dit.", "Il y a eu des discussions."])
    assert res.empty


def test_is_impersonal_on_parses():
    docs = coref._parse(["Il faut agir.", "Il est probable que la loi passe.",
                         "Il s'agit d'une erreur.", "Il a dénoncé la décision."])
    flags = [coref.is_impersonal(d[0]) for d in docs]
    assert flags == [True, True, True, False]


def test_pronoun_carried_to_the_subject_of_the_previous_sentence():
    res = _resolve(["Vladimir Poutine a reçu Emmanuel Macron au Kremlin.",
                    "Il a dénoncé les sanctions occidentales."])
    row = res[res["surface"] == "Il"].iloc[0]
    assert (row["actor"], row["antecedent_sent_id"], row["rule"]) == ("putin", 0, "salience")


def test_gender_elle_skips_the_men():
    res = _resolve(["Ursula von der Leyen a rencontré Emmanuel Macron.",
                    "Mme von der Leyen s'est dite prête.",
                    "Elle a salué un accord avec Paris."])
    row = res[res["surface"] == "Elle"].iloc[0]
    assert row["actor"] == "von_der_leyen"


def test_pronoun_in_quote_is_not_the_speaker():
    texts = ["Donald Trump a appelé Vladimir Poutine.",
             "\"Il ment\", a déclaré Joe Biden."]
    _sents, ments = _tables(texts, date="2019-05-01")
    art = coref._Article(texts, coref._parse(texts), [
        [dict(r) for r in ments[ments.sent_id == i].to_dict("records")] for i in range(2)])
    c, rule, _ = art.resolve_pronoun(1, art.docs[1][1])
    assert rule == "salience" and c.actor == "trump"


def test_description_with_apposition():
    texts = ["La réunion s'est tenue à Moscou.",
             "Le porte-parole du Kremlin, Dmitri Peskov, a démenti."]
    docs = coref._parse(texts, ner=True)
    extra = [{"start": e.start_char, "end": e.end_char, "actor": "peskov",
              "surface": e.text, "kind": "person"} for e in docs[1].ents if e.label_ == "PER"]
    assert extra, "spaCy should find Dmitri Peskov"
    art = coref._Article(texts, docs, [[], extra])
    span = docs[1].char_span(0, texts[1].index(","), alignment_mode="expand")
    c, rule, _ = art.resolve_description(1, span)
    assert (c.actor, rule) == ("peskov", "apposition")


def test_add_coreference_through_the_build_tables():
    texts = ["Vladimir Poutine a reçu Emmanuel Macron au Kremlin.",
             "Il a critiqué l'OTAN.", "Le ciel était gris."]
    sents, ments = _tables(texts)
    out = coref.add_coreference(ments, sents)
    assert list(out.columns) == list(ments.columns)
    added = out[out["rule"] == "coref"]
    assert added[["sent_id", "actor", "surface", "status"]].values.tolist() == [
        [1, "putin", "Il", "resolved"]]


def test_names_match_and_link_scores():
    assert names_match("M. Erdogan", ["Recep Tayyip Erdogan"])
    assert names_match("Élisabeth Borne", ["", "Mme BORNE"])
    assert not names_match("Donald Trump", ["Joe Biden", "NONE"])
    s = link_scores([True, True, False, False], [True, False, True, False],
                    [True, False, False, False])
    assert (s["accuracy"], s["precision"], s["recall"]) == (0.5, 0.5, 0.5)


@pytest.mark.filterwarnings("ignore::FutureWarning")
def test_evaluate_on_a_tiny_inline_gold():
    gold = pd.DataFrame([
        {"item_id": "a", "date": "2020-01-10", "kind": "pronoun", "mention": "Il",
         "start": 0, "end": 2, "context": "Vladimir Poutine a reçu Emmanuel Macron.",
         "text": "Il a dénoncé les sanctions.", "fold": "dev", "referent": "Vladimir Poutine",
         "antecedent": "Vladimir Poutine", "where": "context"},
        {"item_id": "b", "date": "2020-01-10", "kind": "pronoun", "mention": "Il",
         "start": 0, "end": 2, "context": "Emmanuel Macron est à Berlin.",
         "text": "Il faut agir.", "fold": "dev", "referent": "NONE", "antecedent": "",
         "where": ""},
    ])
    scores = evaluate_coreference(gold, folds=("dev",)).set_index(["method", "group"])
    rules = scores.loc[("rules", "all")]
    assert (rules["accuracy"], rules["precision"], rules["recall"]) == (1.0, 1.0, 1.0)
    # the nearest person is Macron in both items: wrong link, and a link for « il faut »
    assert scores.loc[("nearest", "all"), "accuracy"] == 0.0
