"""Cleaning: normalisation steps (table-driven), boilerplate removal, title, language."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from presse import clean, config

# --------------------------------------------------------------------------------------
# normalisation steps
# --------------------------------------------------------------------------------------

STEP_CASES = [
    # (step, input, expected)
    (clean.normalize_unicode, "e\u0301te\u0301", "été"),
    (clean.normalize_unicode, "déjà", "déjà"),
    (clean.fix_mojibake, "Ã©tÃ© trÃ¨s chaud", "été très chaud"),
    (clean.fix_mojibake, "lâ€™Ã‰tat", "l’État"),
    (clean.fix_mojibake, "Â« deal Â»", "« deal »"),
    (clean.fix_mojibake, "« deal » d’été", "« deal » d’été"),  # quotes not uncurled
    (clean.fix_mojibake, "Œuvre naïve, façon Noël", "Œuvre naïve, façon Noël"),
    (clean.fix_mojibake, "ligne 1\r\nligne 2", "ligne 1\r\nligne 2"),  # line breaks untouched
    (clean.normalize_apostrophes, "l’Ukraine", "l'Ukraine"),
    (clean.normalize_apostrophes, "l‘Ukraine", "l'Ukraine"),
    (clean.normalize_apostrophes, "lʼUkraine", "l'Ukraine"),
    (clean.normalize_apostrophes, "l´Ukraine et l`OTAN", "l'Ukraine et l'OTAN"),
    (clean.normalize_apostrophes, "accent ´ seul, `code`", "accent ´ seul, `code`"),
    (clean.normalize_apostrophes, "« Non », dit-il", "« Non », dit-il"),
    (clean.normalize_spaces, "Moscou\u00a0: «\u202fdeal\u202f»", "Moscou : « deal »"),
    (clean.normalize_spaces, "10\u2009000\u2007km\tau", "10 000 km au"),
    (clean.remove_control_chars, "a\x00b\x07c\u200bd\ufeffe\u00adf", "abcdef"),
    (clean.remove_control_chars, "tab\tand\nnewline", "tab\tand\nnewline"),
    (clean.normalize_newlines, "a\r\nb\rc\u2028d", "a\nb\nc\nd"),
    (clean.normalize_whitespace, "  a   b  \n\n\n\n c ", "a b\n\nc"),
    (clean.normalize_whitespace, "ligne 1\nligne 2", "ligne 1\nligne 2"),
]


@pytest.mark.parametrize(("step", "text", "expected"), STEP_CASES)
def test_step(step, text, expected):
    assert step(text) == expected


@pytest.mark.parametrize(("step", "text", "expected"), STEP_CASES)
def test_step_idempotent(step, text, expected):
    assert step(step(text)) == step(text)


def test_default_pipeline_combines_steps():
    raw = "Lâ€™Ã‰tat\u00a0:  «\u202fdeal\u202f»\r\n\r\n\r\nd’accord\x07"
    assert clean.normalize_text(raw) == "L'État : « deal »\n\nd'accord"


def test_make_pipeline_is_composable_and_rejects_empty():
    p = clean.make_pipeline(clean.normalize_spaces, clean.normalize_whitespace)
    assert p("a\u00a0\u00a0 b ") == "a b"
    assert [s.__name__ for s in p.steps] == ["normalize_spaces", "normalize_whitespace"]
    with pytest.raises(ValueError):
        clean.make_pipeline()


_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("Ã©â€™Â«»\u00a0\u202f\r\n\t’‘`´ \x00\x85\u2028éèàçœ")),
    ),
    max_size=300,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_text)
def test_pipeline_never_raises_and_is_idempotent(text):
    once = clean.normalize_text(text)
    assert clean.normalize_text(once) == once


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_text)
def test_clean_document_never_raises_and_audits_real_lines(text):
    res = clean.clean_document(text)
    n_lines = clean.normalize_newlines(text).count("\n") + 1
    assert all(1 <= r.line_no <= n_lines for r in res.removed)
    assert clean.normalize_text(res.text) == res.text


def test_line_count_preserved_for_audit():
    raw = "a\r\nb\rc\u2029d\n\ne"
    assert clean._line_preserving(raw).count("\n") == clean.normalize_newlines(raw).count("\n")


# --------------------------------------------------------------------------------------
# boilerplate
# --------------------------------------------------------------------------------------

BODY = [
    ("Le président russe a félicité son homologue américain pour son investiture, a indiqué "
    "le Kremlin dans un communiqué publié lundi soir à Moscou devant la presse."),
    ("Les relations entre les deux pays restent tendues depuis le début de la guerre en "
    "Ukraine, selon plusieurs analystes interrogés par la presse internationale cette semaine."),
    ("Partager le fardeau de la défense européenne reste, pour Washington, une exigence "
    "constante que les alliés de l'OTAN peinent encore à satisfaire pleinement."),
    ("Selon lui, une newsletter diplomatique interne aurait circulé à la Maison Blanche, "
    "mais son contenu n'a jamais été rendu public par l'administration."),
    "Source : un diplomate européen.",
]

STRONG = [  # (line, reason) removed wherever they are
    ("Partager", "share_button"),
    ("Pinterest Hidden", "share_button"),
    ("Partager sur Facebook | Twitter | LinkedIn", "share_button"),
    ("Partager le lien", "share_button"),
    ("Laisser un commentaire", "comment_form"),
    ("Leave a Reply", "comment_form"),
    ("Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
     "comment_form"),
    ("✉️infolettre", "newsletter"),
    ("Je m'abonne", "newsletter"),
    ("Source: Lien externe", "source_link"),
    ("Pour plus de détails, visitez notre site.", "site_promo"),
    ("À lire aussi : Poutine et Trump, le dégel", "site_promo"),
    ("Mis à jour le 8 novembre 2024 à 7h52", "dateline"),
    ("Publié le 7 novembre 2024 à 18h03, mis à jour le 8 novembre 2024 à 7h52", "dateline"),
    ("Photo : Vladimir Poutine au Kremlin / AFP", "caption"),
    ("Vladimir Poutine au Kremlin, le 7 novembre. © Sputnik", "caption"),
]

EDGE = [  # (line, reason) removed in header/footer only
    ("Par Jean-Pierre Martin", "byline"),
    ("Par la rédaction", "byline"),
    ("Politique", "section_label"),
    ("Accueil > Monde > Europe", "section_label"),
    ("Putin-Trump-handshake", "url_slug"),
    ("8 novembre 2024", "dateline"),
    ("Si t'étais abonné à notre infolettre quotidienne, tu serais sûrement déjà au courant.",
     "newsletter"),
    (("En cliquant sur «JE M'INSCRIS», je consens à recevoir, par courriel, les communications "
     "de IGSNEWS ainsi que ses promotions."), "newsletter"),
    ("Nous ne spammons pas ! Consultez notre politique de confidentialité.", "newsletter"),
]


def _doc(header: list[str], footer: list[str], body: list[str] = BODY) -> str:
    return "\n\n".join([*header, "Un titre court pour l'article", *body, *footer])


@pytest.mark.parametrize(("line", "reason"), STRONG + EDGE)
def test_boilerplate_in_footer_removed_with_reason(line, reason):
    res = clean.clean_document(_doc([], [line]))
    assert [r.reason for r in res.removed if r.reason != "title"] == [reason]
    assert line not in res.text.split("\n\n")
    assert res.text == "\n\n".join(BODY)


@pytest.mark.parametrize(("line", "reason"), STRONG)
def test_strong_rules_apply_mid_body(line, reason):
    body = [*BODY[:2], line, *BODY[2:]]
    res = clean.clean_document(_doc([], [], body))
    assert (body.index(line) + 2) * 2 - 1 in {r.line_no for r in res.removed if r.reason == reason}


@pytest.mark.parametrize(("line", "reason"), EDGE)
def test_edge_rules_do_not_apply_mid_body(line, reason):
    body = [*BODY[:2], line, *BODY[2:]]
    res = clean.clean_document(_doc([], [], body))
    assert line in res.text
    assert [r.reason for r in res.removed] == ["title"]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def test_body_sentences_survive_surrounded_by_boilerplate():
    header = ["Putin-Trump-handshake", "Politique", "Par Jean Martin",
              "Mis à jour le 8 novembre 2024 à 7h52", "Partager", "Pinterest Hidden"]
    footer = [line for line, _ in STRONG] + [line for line, _ in EDGE]
    res = clean.clean_document(_doc(header, footer))
    for sentence in _sentences(" ".join(BODY)):
        assert sentence in res.text
    assert res.text == "\n\n".join(BODY)


def test_audit_line_numbers_point_at_removed_lines():
    raw = "Titre de l'article\nPolitique\n\n" + BODY[0] + "\nPartager\n" + BODY[1]
    lines = raw.split("\n")
    res = clean.clean_document(raw)
    for r in res.removed:
        assert lines[r.line_no - 1].strip() == r.line
    assert {(r.line_no, r.reason) for r in res.removed} == {
        (1, "title"), (2, "section_label"), (5, "share_button")}


def test_dateline_captured_as_metadata():
    res = clean.clean_document("Titre\n\nMis à jour le 8 novembre 2024 à 7h52\n\n" + BODY[0])
    assert res.date == pd.Timestamp("2024-11-08 07:52")
    assert res.date_kind == "updated"
    assert "Mis à jour" not in res.text


def test_inline_date_prefix_stripped_and_captured():
    res = clean.clean_document(" date 2025-09-25 " + BODY[0])
    assert res.text == BODY[0]
    assert res.date == pd.Timestamp("2025-09-25") and res.date_kind == "stated"
    assert [(r.line_no, r.line, r.reason) for r in res.removed] == [
        (1, "date 2025-09-25", "date_prefix")]


def test_outlet_hint_only_from_removed_furniture():
    res = clean.clean_document(_doc([], [EDGE[7][0]]))
    assert res.outlet_hint == "IGSNEWS"
    prose = BODY[0] + " Il cite les communications de Reuters à ce sujet."
    assert clean.clean_document(prose).outlet_hint is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8 novembre 2024 à 7h52", "2024-11-08 07:52"),
        ("le 1er janvier 2026", "2026-01-01"),
        ("jeudi 7 nov. 2024", "2024-11-07"),
        ("08/11/2024 07:52", "2024-11-08 07:52"),
        ("2025-09-25", "2025-09-25"),
        ("31 février 2024", None),
        ("pas de date", None),
    ],
)
def test_parse_french_date(text, expected):
    got = clean.parse_french_date(text)
    assert got == (pd.Timestamp(expected) if expected else None)


# --------------------------------------------------------------------------------------
# titles
# --------------------------------------------------------------------------------------


def test_title_after_slug_and_caption_and_section_label():
    raw = "\n".join([
        "Le président russe passe devant des gardes d'honneur au Kremlin à Moscou.",
        "Politique", "", "Poutine et Trump : l'alliance manquée", "", "Partager", "",
        BODY[0],
    ])
    res = clean.clean_document(raw)
    assert res.title == "Poutine et Trump : l'alliance manquée"
    assert res.title_source == "headline"
    assert {r.reason for r in res.removed} == {"caption", "section_label", "title",
                                               "share_button"}
    assert res.text == BODY[0]


def test_repeated_title_removed_and_lede_kept():
    lede = ("L'article met en lumière le tournant de Trump contre Poutine et son impact sur le "
            "conflit ukrainien. Que signifie cette rupture pour la sécurité internationale ?")
    raw = "\n".join(["Que se passe-t-il maintenant ?", lede, "", "Que se passe-t-il maintenant ?",
                     BODY[0]])
    res = clean.clean_document(raw)
    assert res.title == "Que se passe-t-il maintenant ?"
    assert [(r.line_no, r.reason) for r in res.removed] == [(1, "title"), (4, "repeated_title")]
    assert res.text == lede + "\n\n" + BODY[0]


def test_no_headline_falls_back_to_first_sentence_and_keeps_it():
    res = clean.clean_document("Putin-Trump-handshake\n" + BODY[0] + " " + BODY[1])
    assert res.title_source == "first_sentence"
    assert res.title.startswith("Le président russe a félicité")
    assert len(res.title) <= clean.TITLE_MAX_CHARS + 1
    assert res.text.startswith(BODY[0])


def test_extract_title_stops_at_prose():
    lines = [BODY[0], "Un titre"]
    assert clean.extract_title(lines) == (None, None, [])


def test_given_title_removes_its_copy():
    res = clean.clean_document("Mon titre\n\n" + BODY[0], title="Mon titre")
    assert res.title_source == "given"
    assert res.text == BODY[0]


def test_hard_wrapped_lines_joined_paragraph_lines_kept():
    wrapped = "Le président a parlé\nde la guerre en Ukraine.\nLa suite est claire."
    assert clean.clean_document(wrapped).text == (
        "Le président a parlé de la guerre en Ukraine.\n\nLa suite est claire.")


# --------------------------------------------------------------------------------------
# embedded corpus: every line of prose survives
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(config.RAW.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_embedded_corpus_prose_lines_survive(path):
    raw = path.read_text(encoding="utf-8")
    res = clean.clean_document(raw)
    norm = clean.normalize_text(raw)
    removed = {r.line for r in res.removed}
    for line in norm.split("\n"):
        if clean.count_words(line) >= 8 and line not in removed:
            # every sentence of every kept prose line is in the body
            for sentence in _sentences(re.sub(r"^date \d{4}-\d{2}-\d{2} ", "", line)):
                assert sentence in res.text, sentence
    assert all(r.reason in {
        "title", "repeated_title", "caption", "section_label", "share_button", "comment_form",
        "newsletter", "site_promo", "source_link", "dateline", "date_prefix", "url_slug",
    } for r in res.removed)


# --------------------------------------------------------------------------------------
# language and encodings
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "french"),
    [
        (BODY[0], True),
        (("Donald Trump said on Monday that the talks with Russia were going well and that "
         "he would meet the Russian president soon."), False),
        (("Der russische Präsident hat am Montag mit dem amerikanischen Präsidenten über den "
         "Krieg in der Ukraine gesprochen."), False),
        ("Trump Poutine", False),  # too short to judge
    ],
)
def test_is_french(text, french):
    ok, score = clean.is_french(text)
    assert ok is french
    assert 0.0 <= score <= 1.0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_decode_bytes_round_trip(encoding):
    text = "L'été à Moscou : « deal » manqué, façon Noël — œuvre de Poutine."
    if encoding == "latin-1":
        text = text.replace("—", "-").replace("œ", "oe")
    got, enc = clean.decode_bytes(text.encode(encoding))
    assert got == text
    assert enc.replace('_', '-') in {encoding, 'utf-8', 'cp1252'}


def test_decode_bytes_rejects_garbage():
    with pytest.raises(clean.DecodeError):
        clean.decode_bytes(bytes(range(0x80, 0xA0)) * 40 + b"\x81\x8d\x8f\x90\x9d" * 10)


def test_unaccounted_lines_detects_a_lost_body_line():
    raw = "Titre\n\nPartager\n\n" + BODY[0] + "\n\n" + BODY[1]
    res = clean.clean_document(raw)
    assert clean.unaccounted_lines(raw, res.text, res.removed) == []
    truncated = res.text.replace(BODY[1], "")
    assert clean.unaccounted_lines(raw, truncated, res.removed) == [(7, BODY[1])]
    no_audit = [r for r in res.removed if r.reason != "share_button"]
    assert clean.unaccounted_lines(raw, res.text, no_audit) == [(3, "Partager")]


@pytest.mark.parametrize("first", [
    "Le 19 juillet 2016, Adama Traoré est décédé dans la caserne de Persan.",
    "Le vendredi 24 août 2018 restera un jour à marquer d'une pierre blanche pour lui.",
    "8 novembre 2024 : Poutine se dit prêt à renouer le dialogue avec Washington.",
])
def test_sentence_starting_with_a_date_is_prose_not_a_prefix(first):
    res = clean.clean_document(first + " " + BODY[0])
    assert res.text == first + " " + BODY[0]
    assert res.removed == []
