"""presse.text: the shared French character tables, normalisers and word lists."""

import pytest
from presse import text as T


@pytest.mark.parametrize(("raw", "expected"), [
    ("l\u2019Élysée\u00a0!", "l'Élysée !"),
    ("a\u202fb\u2009c", "a b c"),
    ("russo\u2011américain", "russo-américain"),
    ("e\u0301te\u0301", "été"),
])
def test_normalize_for_matching(raw, expected):
    assert T.normalize_for_matching(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("  L\u2019ÉCHEC\u202f!", "l'échec !"),
    ("a \n\t b", "a b"),
])
def test_normalize_for_scoring(raw, expected):
    assert T.normalize_for_scoring(raw) == expected


def test_same_length_normalisers_keep_offsets():
    raw = "l’« ours »\u00a0à Kyïv"
    for f in (T.normalize_for_parse, T.fold):
        assert len(f(raw)) == len(raw)
    assert T.normalize_for_parse("l’« ours »") == "l'\" ours \""
    assert T.fold("l’Élysée à Kyïv") == "l'Elysee a Kyiv"


def test_accents_join_key_and_words():
    assert T.strip_accents("cœur élu") == "cœur elu"
    assert T.strip_accents("cœur élu", ligatures=True) == "coeur elu"
    assert T.join_key("L’échec,  total !") == T.join_key("l'échec total")
    assert T.count_words("l'Ukraine et les États-Unis") == 4
    assert T.ELISION.sub("", "jusqu'à l'Élysée, aujourd'hui") == "à Élysée, aujourd'hui"


def test_function_word_lists_come_from_one_file(tmp_path):
    stop, unscored = T.function_words("stop"), T.function_words("unscored")
    assert {"le", "déclarer"} <= stop and "l'" not in stop
    assert {"le", "l'"} <= unscored and "déclarer" not in unscored
    assert "contre" in T.function_words("story") and "contre" not in stop
    assert "est" in T.function_words("detect")
    plain = tmp_path / "mine.txt"
    plain.write_text("# mine\nFoo\nbar\n", encoding="utf-8")
    assert T.function_words(path=plain) == {"foo", "bar"}
    with pytest.raises(ValueError, match="unknown function-word list"):
        T.function_words("nope")


def test_lemmas_from_spacy_tables():
    assert T.lemma("forces") == "force"
    assert T.lemma("jouent") == "jouer"
    assert T.lemma("xyzzy") == "xyzzy"


def test_cleaner_uses_the_shared_tables():
    from presse import clean

    for c in T.SPACES + T.OTHER_SPACES + "\t":
        assert clean.normalize_spaces(f"a{c}b") == "a b"
    for c in T.APOSTROPHES + T.WIDE_APOSTROPHE:
        assert clean.normalize_apostrophes(f"l{c}a") == "l'a"
    for c in T.ACCENT_APOSTROPHES:  # an accent or a code quote unless between letters
        assert clean.normalize_apostrophes(f"{c}a") == f"{c}a"
    assert clean.is_french is T.is_french
    assert clean.FRENCH_FUNCTION_WORDS == T.function_words("detect")
    assert T.is_french("Le président a dit qu'il ne viendra pas à la réunion de demain.")[0]
    assert not T.is_french("The president said that he will not come to the meeting.")[0]
@pytest.mark.parametrize(("name", "expected"), [
    ("Recep Tayyip Erdoğan", "recep_tayyip_erdogan"),
    ("Angela Merkel", "angela_merkel"),
    ("Jean-Yves Le Drian", "jean_yves_le_drian"),
    ("l’Œuvre d'Orient", "l_oeuvre_d_orient"),
    ("Łukasz  Kowalski ", "lukasz_kowalski"),
    ("Organisation mondiale de la santé (OMS)", "organisation_mondiale_de_la_sante_oms"),
    ("Αθήνα", ""),
])
def test_slug_is_ascii_snake_case(name, expected):
    from presse.text import slug

    assert slug(name) == expected


def test_is_french_word_tells_common_words_from_names():
    from presse.text import is_french_word

    assert all(map(is_french_word, ["Lundi", "Conseil", "Selon", "critiqué"]))
    assert not any(map(is_french_word, ["Erdogan", "Hamas", "Dupontel"]))
