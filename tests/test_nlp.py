"""Paragraphs and sentences: French segmentation rules and table shapes."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from presse import nlp


def _sents(text: str) -> list[str]:
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    return nlp.sentences(nlp.paragraphs(docs))["text"].tolist()


def test_fast_pipeline_is_senter_only_and_cached():
    fast = nlp.get_nlp()
    assert fast is nlp.get_nlp(parse=False)
    assert "parser" not in fast.pipe_names and "ner" not in fast.pipe_names
    assert "senter" in fast.pipe_names
    assert fast.pipe_names[-1] == "presse_sentence_fixes"


def test_full_pipeline_has_parser_and_ner():
    full = nlp.get_nlp(parse=True)
    assert {"parser", "ner", "lemmatizer"} <= set(full.pipe_names)
    doc = full("Vladimir Poutine a rencontré Donald Trump à Anchorage.")
    assert doc.has_annotation("DEP") and len(doc.ents) >= 2
    # text where the fast pipeline's rules apply (comma, colon, quotes) parses fine
    doc = full("Le porte-parole, Dmitri Peskov, a dit : « Non. » Il rit. M. Trump aussi.")
    assert doc.has_annotation("DEP")


def test_paragraphs_split_on_blank_lines_with_offsets():
    text = "Titre\n\nPremier paragraphe.\nSuite.\n \n\nDernier."
    paras = nlp.paragraphs(pd.DataFrame({"doc_id": ["a"], "text": [text]}))
    assert paras["text"].tolist() == ["Titre", "Premier paragraphe.\nSuite.", "Dernier."]
    assert paras["para_id"].tolist() == [0, 1, 2]
    for row in paras.itertuples():
        assert text[row.start:row.start + len(row.text)] == row.text


def test_paragraphs_of_empty_or_missing_text():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["", None]})
    assert len(nlp.paragraphs(docs)) == 0
    assert list(nlp.sentences(nlp.paragraphs(docs)).columns) == [
        "doc_id", "sent_id", "para_id", "text", "start", "end"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # abbreviations and titles never end a sentence
        ("M. Poutine a parlé. Mme Dupont a répondu.",
         ["M. Poutine a parlé.", "Mme Dupont a répondu."]),
        ("Le Pr. Raoult a parlé. Ensuite il est parti.",
         ["Le Pr. Raoult a parlé.", "Ensuite il est parti."]),
        # a hyphenated clitic never starts a sentence
        ("Rendez-vous au n° 10 de la rue. Il pleut.",
         ["Rendez-vous au n° 10 de la rue.", "Il pleut."]),
        ("Selon le Dr Martin, rien. En 52 av. J.-C. César gagna.",
         ["Selon le Dr Martin, rien.", "En 52 av. J.-C. César gagna."]),
        # quotes: « opens the next sentence, » closes the previous one
        ("Le chef du Kremlin l’a dit. « Nous envoyons des armes. » Il rit.",
         ["Le chef du Kremlin l’a dit.", "« Nous envoyons des armes. »", "Il rit."]),
        # no break after a colon (the statistical model sometimes puts one there)
        ("Le Sommet d'Anchorage : Une Rencontre au Sommet, des Agendas Divergents",
         ["Le Sommet d'Anchorage : Une Rencontre au Sommet, des Agendas Divergents"]),
        # elisions stay inside their sentence
        ("L’Ukraine résiste. D’après Kiev, l’OTAN aide.",
         ["L’Ukraine résiste.", "D’après Kiev, l’OTAN aide."]),
        # a line break inside a paragraph (a heading) ends the sentence
        ("Les nouveaux accords de Trump\nLe président a déclaré qu'il avait conclu un accord.",
         ["Les nouveaux accords de Trump",
          "Le président a déclaré qu'il avait conclu un accord."]),
    ],
)
def test_french_sentence_rules(text, expected):
    assert _sents(text) == expected


def test_sentence_never_spans_paragraphs_and_offsets_point_into_paragraph():
    text = "Une phrase sans point final\n\nqui continue ici. Et une autre."
    docs = pd.DataFrame({"doc_id": ["x"], "text": [text]})
    paras = nlp.paragraphs(docs)
    sents = nlp.sentences(paras)
    assert sents["para_id"].tolist() == [0, 1, 1]
    assert sents["sent_id"].tolist() == [0, 1, 2]
    by_para = dict(zip(paras["para_id"], paras["text"], strict=True))
    for row in sents.itertuples():
        assert by_para[row.para_id][row.start:row.end] == row.text


def test_sent_ids_are_per_document_and_sorted():
    docs = pd.DataFrame({"doc_id": ["b", "a"], "text": ["Un. Deux.", "Trois.\n\nQuatre."]})
    sents = nlp.sentences(nlp.paragraphs(docs))
    assert sents[["doc_id", "sent_id"]].values.tolist() == [["a", 0], ["a", 1], ["b", 0], ["b", 1]]
    assert str(sents["doc_id"].dtype) == "string"


_PIECES = [*"abcdeéèàçôù MmJC.,;:!?«»\"'’-\n()0123456789",
           "M. ", "Mme ", "av. J.-C. ", "\n\n", " « ", " » ", "Poutine", "Le ", "-vous"]
_FRENCHY = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)


@settings(max_examples=40, deadline=None)
@given(_FRENCHY)
def test_segmentation_covers_each_paragraph_exactly(text):
    docs = pd.DataFrame({"doc_id": ["h"], "text": [text]})
    paras = nlp.paragraphs(docs)
    sents = nlp.sentences(paras)
    by_para = dict(zip(paras["para_id"], paras["text"], strict=True))
    assert sents["sent_id"].tolist() == list(range(len(sents)))
    for para_id, group in sents.groupby("para_id"):
        para = by_para[para_id]
        spans = list(zip(group["start"], group["end"], group["text"], strict=True))
        assert all(para[s:e] == t and t == t.strip() and t for s, e, t in spans)
        assert all(e1 <= s2 for (_, e1, _), (s2, _, _) in itertools.pairwise(spans))
        # nothing but whitespace is left out
        covered = "".join(t for _, _, t in spans)
        assert "".join(para.split()) == "".join(covered.split())
    assert set(sents["para_id"]) <= set(paras["para_id"])
