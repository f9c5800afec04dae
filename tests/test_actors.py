"""Actor file and mention matching: aliases, metonyms, dated roles, overlaps, NER."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from presse import actors as A


@pytest.fixture(scope="module")
def matcher():
    return A.get_matcher()


def found(matcher, text, date=None):
    return [(m.surface, m.actor) for m in matcher.match_text(text, date)]


def test_load_actors_shape_and_content():
    df = A.load_actors()
    assert {"actor", "label", "kind", "alias", "alias_type", "case_sensitive",
            "valid_from", "valid_to"} <= set(df.columns)
    assert {"trump", "putin", "zelensky", "peskov", "biden", "lavrov", "witkoff", "macron",
            "united_states", "russia", "ukraine", "nato", "eu", "china"} <= set(df["actor"])
    assert set(df["kind"]) == {"person", "country", "organisation"}
    roles = df[df["alias_type"] == "role"]
    assert roles["valid_from"].notna().all()


def test_metonym_and_full_name_are_the_same_actor(matcher):
    text = "Vladimir Poutine a reçu l'envoyé ; le chef du Kremlin a souri."
    assert found(matcher, text, "2025-08-15") == [
        ("Vladimir Poutine", "putin"), ("chef du Kremlin", "putin")]


def test_government_metonyms(matcher):
    text = "Moscou et le Kremlin répondent à Washington, à la Maison Blanche et à Kiev."
    assert [a for _, a in found(matcher, text)] == [
        "russia", "russia", "united_states", "united_states", "ukraine"]
    assert found(matcher, "L’Alliance atlantique et Bruxelles.") == [
        ("Alliance atlantique", "nato"), ("Bruxelles", "eu")]


@pytest.mark.parametrize(
    ("date", "actor"),
    [("2024-03-01", "biden"), ("2025-03-01", "trump"), ("2019-06-01", "trump"),
     (pd.Timestamp("2025-01-19"), "biden"), (pd.Timestamp("2025-01-20"), "trump")],
)
def test_role_resolved_with_the_document_date(matcher, date, actor):
    assert found(matcher, "Le président américain a appelé.", date) == [
        ("président américain", actor)]


def test_role_without_date_is_ambiguous_not_guessed(matcher):
    (m,) = matcher.match_text("Le président américain a appelé.")
    assert m.actor is None and m.status == "ambiguous"
    assert {"biden", "trump"} <= set(m.candidates)


def test_president_elect_only_between_election_and_inauguration(matcher):
    assert found(matcher, "Le président élu a parlé.", "2024-12-01") == [
        ("président élu", "trump")]
    assert found(matcher, "Le président élu a parlé.", "2026-05-01") == []


def test_possessive_counterpart_roles(matcher):
    assert found(matcher, "Trump a appelé son homologue russe.", "2025-03-01") == [
        ("Trump", "trump"), ("homologue russe", "putin")]
    assert found(matcher, "Poutine a reçu son homologue américain.", "2023-03-01") == [
        ("Poutine", "putin"), ("homologue américain", "biden")]


def test_elected_president_is_not_the_incumbent(matcher):
    # on 2024-11-08 "le président des États-Unis" is Biden, but "élu président des
    # États-Unis" is Trump (longest match)
    assert found(matcher, "Trump, nouvellement élu président des États-Unis, parle.",
                 "2024-11-08") == [("Trump", "trump"), ("élu président des États-Unis", "trump")]
    assert found(matcher, "Le président des États-Unis parle.", "2024-11-08") == [
        ("président des États-Unis", "biden")]


def test_apposition_resolves_an_undated_role(matcher):
    (m,) = matcher.match_text("Le président russe Vladimir Poutine a parlé.")
    assert (m.surface, m.actor, m.status) == ("président russe Vladimir Poutine", "putin",
                                              "resolved")


def test_longest_match_wins_no_double_counting(matcher):
    # "président russe" is Putin, not a mention of Russia; "Washington Post" is no actor
    assert found(matcher, "Le président russe lit le Washington Post.", "2025-01-01") == [
        ("président russe", "putin")]
    assert found(matcher, "Le locataire de la Maison-Blanche hésite.", "2025-05-01") == [
        ("locataire de la Maison-Blanche", "trump")]


def test_case_accent_and_apostrophe_variants(matcher):
    text = "Les Etats-Unis, l'OTAN, l’Otan et KYÏV, puis Kyiv."
    assert [a for _, a in found(matcher, text)] == [
        "united_states", "nato", "nato", "ukraine", "ukraine"]


def test_plural_demonym_is_case_sensitive(matcher):
    assert found(matcher, "Les Russes avancent.") == [("Russes", "russia")]
    assert found(matcher, "Les forces russes avancent.") == []


def test_honorific_and_contracted_article(matcher):
    assert found(matcher, "M. Poutine répond au chef du Kremlin.", "2025-01-01") == [
        ("M. Poutine", "putin"), ("chef du Kremlin", "putin")]


def test_ner_extends_full_names_and_rejects_namesakes():
    with_ner, without = A.ActorMatcher(use_ner=True), A.ActorMatcher(use_ner=False)
    text = "Selon Mary Trump, sa nièce, Donald J. Trump ment."
    assert found(with_ner, text) == [("Donald J. Trump", "trump")]
    assert found(without, text) == [("Trump", "trump"), ("Donald J. Trump", "trump")]
    # a sentence-initial adverb swallowed by NER is not a first name
    assert found(with_ner, "Hier Trump a parlé à Vladimir Vladimirovitch Poutine.") == [
        ("Trump", "trump"), ("Vladimir Vladimirovitch Poutine", "putin")]


def test_excluded_expressions(matcher):
    assert found(matcher, "Melania Trump visite la Trump Tower.") == []


def test_find_mentions_table_uses_document_dates():
    sents = pd.DataFrame({
        "doc_id": ["a", "b", "c"], "sent_id": [0, 0, 3],
        "text": ["Le président américain rencontre M. Poutine.",
                 "Le président américain rencontre M. Poutine.", "Rien ici."]})
    docs = pd.DataFrame({"doc_id": ["a", "b"],
                         "date": pd.to_datetime(["2023-05-01", "2025-05-01"])})
    m = A.find_mentions(sents, docs)
    assert list(m.columns[:6]) == ["doc_id", "sent_id", "actor", "surface", "start", "end"]
    assert m[["doc_id", "actor"]].values.tolist() == [
        ["a", "biden"], ["a", "putin"], ["b", "trump"], ["b", "putin"]]
    for row in m.itertuples():
        text = sents.set_index("doc_id").loc[row.doc_id, "text"]
        assert text[row.start:row.end] == row.surface
    undated = A.find_mentions(sents)
    assert undated["actor"].isna().sum() == 2
    assert set(undated.loc[undated["actor"].isna(), "status"]) == {"ambiguous"}


def test_match_doc_returns_spans_of_a_parsed_doc(matcher):
    from presse.nlp import get_nlp

    doc = get_nlp(parse=True)("Le porte-parole du Kremlin, Dmitri Peskov, a raillé Washington.")
    ms = matcher.match_doc(doc, date="2025-09-25")
    assert [(m.span.text, m.span.label_) for m in ms] == [
        ("porte-parole du Kremlin", "peskov"), ("Dmitri Peskov", "peskov"),
        ("Washington", "united_states")]
    tokens = matcher.token_actors(doc, date="2025-09-25")
    assert tokens[doc[-2].i] == "united_states"


def test_custom_actor_file(tmp_path):
    path = tmp_path / "actors.yml"
    path.write_text(
        "actors:\n"
        "  lecornu:\n"
        "    label: Sébastien Lecornu\n"
        "    kind: person\n"
        "    aliases: [Sébastien Lecornu, Lecornu]\n"
        "    roles:\n"
        "      - {alias: le Premier ministre, from: 2025-09-09}\n", encoding="utf-8")
    m = A.find_mentions(
        pd.DataFrame({"doc_id": ["x"], "sent_id": [0], "text": ["Le Premier ministre et Lecornu."],
                      "date": [pd.Timestamp("2025-10-01")]}), actors=path)
    assert m["actor"].tolist() == ["lecornu", "lecornu"]


def test_malformed_actor_file_names_the_file(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("actors:\n  x:\n    kind: planet\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.yml.*kind"):
        A.load_actors(bad)
    bad.write_text("actors: [1, 2]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.yml"):
        A.load_actors(bad)


_PIECES = ["Poutine", "Vladimir ", "le président américain", "Kremlin", "chef du ", "M. ",
           "Etats-Unis", "Maison", "-Blanche", " ", " ", ", ", ". ", "l’", "l'", "Trump",
           "Melania ", "Russes", "russes", "OTAN", "é", "x", "\u00a0", "«", "»"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join),
       st.sampled_from([None, "2024-06-01", "2025-06-01"]))
def test_mentions_never_overlap_and_point_into_the_text(text, date):
    matcher = A.get_matcher(use_ner=False)
    ms = matcher.match_text(text, date)
    for m in ms:
        assert text[m.start:m.end] == m.surface and m.surface.strip() == m.surface
        assert (m.actor is None) == (m.status == "ambiguous")
    assert all(a.end <= b.start for a, b in itertools.pairwise(ms))


# --------------------------------------------------------------- international actors
@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        ("Le chancelier allemand a parlé.", "2019-05-01", [("chancelier allemand", "angela_merkel")]),
        ("Le chancelier allemand a parlé.", "2023-05-01", [("chancelier allemand", "olaf_scholz")]),
        ("Le chancelier allemand a parlé.", "2025-06-01", [("chancelier allemand", "friedrich_merz")]),
        ("La chancelière allemande a parlé.", "2010-01-01", [("chancelière allemande", "angela_merkel")]),
        ("Le président turc a parlé.", "2010-01-01", [("président turc", "abdullah_gul")]),
        ("Le Premier ministre turc a parlé.", "2010-01-01", [("Premier ministre turc", "erdogan")]),
        ("La Première ministre britannique a parlé.", "2017-03-01",
         [("Première ministre britannique", "theresa_may")]),
        ("Le Premier ministre britannique a parlé.", "2020-03-01",
         [("Premier ministre britannique", "boris_johnson")]),
        ("Le président du Conseil italien a parlé.", "2019-03-01",
         [("président du Conseil italien", "giuseppe_conte")]),
        ("Le chef du gouvernement israélien a parlé.", "2015-03-01",
         [("chef du gouvernement israélien", "netanyahu")]),
        ("Le Premier ministre israélien a parlé.", "2021-09-01",
         [("Premier ministre israélien", "naftali_bennett")]),
        ("Le guide suprême iranien a parlé.", "2020-03-01",
         [("guide suprême iranien", "ali_khamenei")]),
        ("Le numéro un chinois a parlé.", "2020-03-01", [("numéro un chinois", "xi")]),
        ("Le président chinois a parlé.", "2008-03-01", [("président chinois", "hu_jintao")]),
        ("Le Premier ministre japonais a parlé.", "2018-03-01",
         [("Premier ministre japonais", "shinzo_abe")]),
        ("Le chef de la diplomatie russe a parlé.", "2010-03-01",
         [("chef de la diplomatie russe", "lavrov")]),
        ("Le secrétaire d'État américain a parlé.", "2015-03-01",
         [("secrétaire d'État américain", "john_kerry")]),
        ("Le ministre français des Affaires étrangères a parlé.", "2014-03-01",
         [("ministre français des Affaires étrangères", "laurent_fabius")]),
        ("Le secrétaire général de l'ONU a parlé.", "2019-03-01",
         [("secrétaire général de l'ONU", "antonio_guterres")]),
        ("Le président de la Commission européenne a parlé.", "2010-03-01",
         [("président de la Commission européenne", "jose_manuel_barroso")]),
    ],
)
def test_dated_roles_of_international_news(matcher, text, date, expected):
    assert found(matcher, text, date) == expected


def test_french_president_and_prime_minister_titles(matcher):
    assert found(matcher, "Le chef de l'État a parlé.", "2010-01-01") == [
        ("chef de l'État", "nicolas_sarkozy")]
    assert found(matcher, "Le locataire de l'Élysée a parlé.", "2015-01-01") == [
        ("locataire de l'Élysée", "francois_hollande")]
    assert found(matcher, "Le président de la République a parlé.", "2020-01-01") == [
        ("président de la République", "macron")]
    assert found(matcher, "Le locataire de Matignon a parlé.", "2021-01-01") == [
        ("locataire de Matignon", "jean_castex")]
    # "le chef de l'État" is the French one only: foreign heads and former holders are not
    assert found(matcher, "Le chef de l'État sénégalais a parlé.", "2020-01-01") == []
    assert found(matcher, "Le président de la République tchèque a parlé.", "2020-01-01") == []
    assert found(matcher, "L'ancien président de la République a parlé.", "2020-01-01") == []
    assert found(matcher, "L'ancien chancelier allemand Gerhard Schröder a parlé.",
                 "2019-01-01") == [("Gerhard Schröder", "gerhard_schroder")]


def test_state_metonyms_and_demonyms(matcher):
    assert found(matcher, "Ankara a dénoncé la décision.") == [("Ankara", "turkey")]
    assert found(matcher, "Les Turcs et l'État hébreu ; les forces turques.") == [
        ("Turcs", "turkey"), ("État hébreu", "israel")]
    assert [a for _, a in found(matcher, "Riyad, Damas, Matignon et Pékin répondent.")] == [
        "saudi_arabia", "syria", "france", "china"]
    # cities that news mostly names as places are not metonyms (Paris, Jérusalem, Minsk)
    assert found(matcher, "À Paris, Jérusalem et Minsk, on manifeste.") == []
    assert found(matcher, "Le premier chancelier allemand d'après-guerre.", "2018-11-30") == []


def test_bodies_and_armed_groups(matcher):
    text = "L'ONU, le Conseil de sécurité, le FMI, l'OMS, le G7, le Hamas, le Hezbollah et Daech."
    assert [a for _, a in found(matcher, text)] == [
        "un", "un", "imf", "who", "g7", "hamas", "hezbollah", "islamic_state"]
    assert found(matcher, "Les talibans et l'EI ; le groupe Wagner.") == [
        ("talibans", "taliban"), ("EI", "islamic_state"), ("groupe Wagner", "wagner")]
    assert found(matcher, "Le Conseil de sécurité nationale russe s'est réuni.") == []


def test_namesakes_are_two_actors_and_a_shared_surname_is_none(matcher):
    assert found(matcher, "Marine Le Pen et Jean-Marie Le Pen.") == [
        ("Marine Le Pen", "marine_le_pen"), ("Jean-Marie Le Pen", "jean_marie_le_pen")]
    assert found(matcher, "M. Le Pen a parlé.") == []
    assert found(matcher, "Hafez al-Assad et Bachar al-Assad.") == [
        ("Bachar al-Assad", "bachar_al_assad")]
    df = A.load_actors()
    names = df[df["alias_type"].isin(["name", "metonym"])].copy()
    names["key"] = [A.fold(a).lower() if not cs else A.fold(a)
                    for a, cs in zip(names["alias"], names["case_sensitive"], strict=True)]
    shared = names.groupby("key")["actor"].nunique()
    assert (shared == 1).all(), shared[shared > 1]


def test_person_state_for_grouping(tmp_path):
    df = A.load_actors()
    state = df.drop_duplicates("actor").set_index("actor")["state"]
    assert state["angela_merkel"] == "germany" and state["erdogan"] == "turkey"
    assert state["antonio_guterres"] == "" and state["turkey"] == ""
    assert set(state[state != ""]) <= set(state.index)
    bad = tmp_path / "bad.yml"
    bad.write_text("actors:\n  x:\n    kind: person\n    state: atlantis\n    aliases: [X]\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match="bad.yml.*atlantis"):
        A.load_actors(bad)


# --------------------------------------------------------------------------- every actor (NER)
def _sents(texts, doc_id="d1"):
    return pd.DataFrame({"doc_id": doc_id, "sent_id": range(len(texts)), "text": texts})


EVERY = ["Le député Jean Dupontel a vivement critiqué Marc Lavoisier, jeudi à Paris.",
         "Dupontel accuse aussi la FNSEA d'avoir trahi les agriculteurs.",
         "M. Lavoisier a félicité Emmanuel Macron et Donald J. Trump."]


def test_every_actor_person_and_organisation_ids_in_a_french_text():
    m = A.find_mentions(_sents(EVERY), pd.DataFrame({"doc_id": ["d1"], "date": ["2021-03-01"]}))
    got = list(zip(m["sent_id"], m["actor"], m["surface"], m["kind"], m["rule"], strict=True))
    assert got == [
        (0, "jean_dupontel", "Jean Dupontel", "person", "ner"),
        (0, "marc_lavoisier", "Marc Lavoisier", "person", "ner"),
        # a later surname takes the id of the one fuller name of the document
        (1, "jean_dupontel", "Dupontel", "person", "ner_name"),
        (1, "fnsea", "FNSEA", "organisation", "ner"),
        (2, "marc_lavoisier", "M. Lavoisier", "person", "ner"),  # honorific kept
        # file actors win, NER variants included
        (2, "macron", "Emmanuel Macron", "person", "name"),
        (2, "trump", "Donald J. Trump", "person", "name")]
    assert (m["status"] == "resolved").all() and (m["candidates"] == m["actor"]).all()


def test_file_actors_only_gives_the_file_mentions_unchanged():
    texts = EVERY + ["Vladimir Poutine a reçu Recep Tayyip Erdogan ; le Kremlin a salué Ankara."]
    on = A.find_mentions(_sents(texts))
    off = A.find_mentions(_sents(texts), every_actor=False)
    file_ids = set(A.load_actors()["actor"])
    assert set(off["actor"].dropna()) <= file_ids
    kept = on[on["actor"].isna() | on["actor"].isin(file_ids)].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, off)
    assert not A.find_mentions(_sents(texts), use_ner=False)["rule"].isin(["ner_name"]).any()


def test_document_ids_join_a_surname_to_its_one_fuller_name():
    from presse.actors.entities import document_ids, entity_id, fuller_ids

    ids = document_ids([("Erdogan", "person"), ("Recep Tayyip Erdoğan", "person"),
                        ("Tayyip Erdogan", "person"), ("OMS", "organisation")])
    assert set(ids.values()) == {"recep_tayyip_erdogan", "oms"}
    # two fuller names ending with the surname: the surname keeps its own id
    ids = document_ids([("Trump", "person"), ("Ivanka Trump", "person"),
                        ("Mary Trump", "person")])
    assert ids[("Trump", "person")] == "trump"
    assert fuller_ids(["merkel", "angela_merkel"]) == {"merkel": "angela_merkel"}
    assert entity_id("M. Recep Tayyip Erdoğan") == "recep_tayyip_erdogan"
    assert entity_id("l'Organisation mondiale de la santé") == "organisation_mondiale_de_la_sante"


@pytest.mark.parametrize(("text", "label", "expected"), [
    ("M. Guyot", "PER", "Guyot"),
    ("Charles de Gaulle", "PER", "Charles de Gaulle"),
    ("Valéry Giscard d'Estaing", "PER", "Valéry Giscard d'Estaing"),
    ("« Hamas »", "ORG", "Hamas"),
    ("ministère de l'Agriculture", "ORG", "ministère de l'Agriculture"),
    ("Pêche Virginijus Sinkevicius", "PER", "Virginijus Sinkevicius"),
    ("Lundi", "PER", None),                         # sentence-initial common word
    ("monde", "PER", None),                         # lower case
    ("Selon", "ORG", None),                         # function word
    ("Covid-19", "ORG", None),                      # digits
    ("président de la République", "PER", None),    # a description, not a name
    ("ministre de la Santé", "ORG", None),          # a title
    ("Transports dans un communiqué", "ORG", None),  # runs into function words
    ("Union européenne d'augmenter", "ORG", None),
    ("Nouvel An", "ORG", None),                     # common words only
    ("Alpha Beta Gamma Delta Epsilon Zeta Eta", "ORG", None),  # too long
    ("Pékin", "LOC", None),                         # places are not used
])
def test_entity_noise_filter(text, label, expected):
    from presse.actors.entities import clean_entity

    got = clean_entity(text, 0, len(text), label)
    assert (got[2] if got else None) == expected


def test_ner_reads_windows_around_name_like_sequences_only():
    from presse.actors.entities import name_windows

    assert name_windows("il a dit que rien ne changerait.") == []
    text = "Hier, selon nos sources, le président turc Recep Tayyip Erdogan a critiqué Ankara."
    (a, b), = name_windows(text)
    assert "Recep Tayyip Erdogan" in text[a:b] and a > 0
    # names already matched by the actor file do not call NER
    start = text.index("Recep")
    assert name_windows(text, [(start, start + len("Recep Tayyip Erdogan"))]) == []


def test_actor_index_merges_name_variants_across_documents():
    from presse.actors import actor_index, canonical_ids

    sents = pd.concat([
        _sents(["La ministre Karin Vollmer a reçu Jean Dupontel à Berlin."], "a"),
        # a lone surname: NER reads it after an honorific (or beside another name)
        _sents(["Plus tard, Mme Vollmer a critiqué Vladimir Poutine."], "b"),
        _sents(["Ivanka Trump et Mary Trump sont arrivées ; Karin Vollmer aussi."], "c")],
        ignore_index=True)
    m = A.find_mentions(sents)
    idx = actor_index(m).set_index("actor")
    assert idx.loc["karin_vollmer", ["label", "kind", "source"]].tolist() == [
        "Karin Vollmer", "person", "ner"]
    assert idx.loc["karin_vollmer", "n_documents"] == 2
    assert idx.loc["vollmer", "merged_into"] == "karin_vollmer"
    assert idx.loc["putin", "source"] == "file" and pd.isna(idx.loc["putin", "merged_into"])
    merged = canonical_ids(m, idx.reset_index())
    assert "vollmer" not in set(merged["actor"]) and "vollmer" in set(m["actor"])
    rel = pd.DataFrame({"source": ["vollmer"], "target": ["putin"]}, dtype="string")
    assert canonical_ids(rel, idx.reset_index())["source"].tolist() == ["karin_vollmer"]
    assert list(A.actor_index(m.iloc[0:0]).columns) == list(idx.reset_index().columns)


def test_stance_and_relations_take_actors_absent_from_the_file():
    from presse.relation_model import stance_relations_tables

    sents = _sents(EVERY)
    docs = pd.DataFrame({"doc_id": ["d1"], "date": [pd.Timestamp("2021-03-01")]})
    m = A.find_mentions(sents, docs)
    for method in ("rules", "combined"):
        t = stance_relations_tables(sents, m, docs, method=method)
        assert {"jean_dupontel", "fnsea"} <= set(t["stance"]["target"])
    rel = t["relations"]
    assert ((rel["source"] == "jean_dupontel") & (rel["target"] == "fnsea")
            & (rel["polarity"] == -1)).any()
