"""Readers: press-database exports, archives, encodings and French dates.

Every fixture article here was written for these tests (no real exported article).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from presse.corpus import read_corpus
from presse.readers import encoding
from presse.readers.base import norm_space
from presse.readers.dates import parse_date
from presse.readers.europresse import is_europresse, parse_header, read_europresse

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
EUROPRESSE_3 = FIXTURES / "europresse_3.html"

PARAGRAPHS = [
    ("Le conseil municipal a adopté mardi soir le budget de la ville, après un long débat sur "
    "le prix des cantines et l'entretien des écoles, que l'opposition juge insuffisant."),
    ("Les habitants du quartier de la gare réclament depuis des années une piste cyclable, "
    "et la mairie promet désormais des travaux avant la fin de l'été prochain."),
    ("Selon l'adjoint chargé des finances, la dette de la commune a baissé de dix pour cent "
    "en trois ans, ce qui permettra d'investir dans la rénovation du théâtre."),
]


def europresse_article(i: int, *, body: bool = True, date: str = "lundi 3 mars 2025",
                       export_id: str | None = None, outlet: str = "Le Courrier du Jura") -> str:
    """One Europresse-style <article> with a distinct French body."""
    ps = "".join(f"<p>{p} (dossier {i}, partie {k})</p>" for k, p in enumerate(PARAGRAPHS))
    text = (f'<section><div class="DocText clearfix"><div class="docOcurrContainer">{ps}'
            "</div></div></section>") if body else "<section></section>"
    return (
        "<article><header>"
        f'<div class="rdp__DocPublicationName"><span class="DocPublicationName">{outlet}, '
        f"no. {1000 + i}</span></div>"
        f'<span class="DocHeader">Région, {date} 300 mots, p. {i}</span>'
        f'<div class="titreArticle"><p class="titreArticleVisu">Titre du dossier {i}</p></div>'
        f'<div class="docAuthors">Auteur {i}</div></header>{text}'
        f'<footer><div class="publiC-lblNodoc">{export_id or f"news·20250303·CJ·{i:04d}"}</div>'
        f'<div class="Doc-LegalInfo">© 2025 {outlet}. Tous droits réservés.</div></footer>'
        "</article>"
    )


def europresse_page(articles: list[str]) -> str:
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Europresse.com</title>"
            "</head><body><div class='rdp__header'>Résultats de recherche</div>"
            + "\n".join(articles) + "<div>Fin des résultats</div></body></html>")


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


def reasons(c) -> list[tuple[str, str]]:
    return sorted(zip(c.skipped.source_path, c.skipped.reason, strict=True))


# --------------------------------------------------------------------------------------
# Europresse
# --------------------------------------------------------------------------------------


def test_europresse_export_is_one_document_per_article(tmp_path):
    c = read_corpus(EUROPRESSE_3, metadata=False)
    d = c.documents
    assert len(d) == 3 and c.skipped.empty
    assert list(d["title"]) == [
        "Les vendanges tardives inquiètent les viticulteurs",
        "Le port de Brest mise sur l'éolien en mer",
        "Un hiver sans neige pour les stations de moyenne montagne",
    ]
    assert list(d["outlet"]) == ["Le Quotidien du Midi", "La Gazette de l'Ouest (site web)",
                                 "L'Écho des Alpes"]
    assert list(d["date"]) == [pd.Timestamp("2025-03-03"), pd.Timestamp("2025-02-26 10:12"),
                               pd.Timestamp("2025-03-01")]
    assert list(d["author"]) == ["Claire Dubois", "", "Paul Martin et Inès Leroy"]
    assert list(d["section"]) == ["Économie", "", "Société"]
    assert list(d["pages"]) == ["12", "", "4, 5"]
    assert list(d["doc_id"]) == ["news·20250303·QM·0001", "news·20250226·GO·0002",
                                 "news·20250301·EA·0003"]
    assert list(d["row"]) == [1, 2, 3] and set(d["format"]) == {"europresse"}
    # search-hit highlighting is stripped without splitting words; no furniture in bodies
    assert "futures éoliennes flottantes" in d["text"].iloc[1]
    assert not d["text"].str.contains("Europresse|droits réservés|Cet article est paru").any()
    audit = c.audit
    assert set(audit["reason"]) >= {"export_publication", "export_header", "export_copyright",
                                    "export_page"}
    assert "Cet article est paru dans Le Quotidien du Midi" in set(audit["line"])


def test_europresse_detected_from_markup_not_name(tmp_path):
    p = write(tmp_path / "resultats (3).htm", EUROPRESSE_3.read_bytes())
    assert len(read_corpus(p, metadata=False).documents) == 3
    assert is_europresse(EUROPRESSE_3.read_text(encoding="utf-8")[:5000])
    assert not is_europresse("<html><body><article><p>Un texte.</p></article></body></html>")


def test_europresse_malformed_article_listed_with_position_rest_loads(tmp_path):
    page = europresse_page([europresse_article(1), europresse_article(2, body=False),
                            europresse_article(3)])
    c = read_corpus(write(tmp_path / "export.html", page), metadata=False)
    assert list(c.documents["row"]) == [1, 3]
    assert reasons(c) == [("export.html", "malformed_article")]
    assert "article 2" in c.skipped["detail"].iloc[0]


def test_europresse_french_date_unparsable_is_listed_per_article(tmp_path):
    page = europresse_page([europresse_article(1, date="dimanche 9 octobre 2019"),
                            europresse_article(2)])
    # the second header has no date at all; a corrupted one is listed, not a silent NaT
    page = page.replace("Région, lundi 3 mars 2025", "Région, 45 brumaire an 2025")
    c = read_corpus(write(tmp_path / "e.html", page), metadata=False)
    assert c.documents["date"].iloc[0] == pd.Timestamp("2019-10-09")
    assert pd.isna(c.documents["date"].iloc[1])


def test_same_article_exported_twice_is_listed_as_duplicate(tmp_path):
    write(tmp_path / "c" / "a.html", europresse_page([europresse_article(1), europresse_article(2)]))
    write(tmp_path / "c" / "b.html", europresse_page([europresse_article(2), europresse_article(3)]))
    c = read_corpus(tmp_path / "c", metadata=False)
    assert len(c.documents) == 3
    assert reasons(c) == [("c/b.html", "duplicate")]
    assert "news·20250303·CJ·0002" in c.skipped["detail"].iloc[0]


def test_print_and_web_versions_share_a_story(tmp_path):
    web = europresse_article(1, export_id="news·20250303·CJW·0001",
                             outlet="Le Courrier du Jura (site web)")
    web = web.replace("partie 2)", "partie 2, mis à jour)")
    c = read_corpus(write(tmp_path / "e.html", europresse_page([europresse_article(1), web])),
                    metadata=False)
    assert len(c.documents) == 2
    assert c.documents["story_id"].nunique() == 1


def test_generic_page_with_several_articles_is_never_collapsed(tmp_path):
    arts = "".join(f"<article><h2>Article {i}</h2><p>{PARAGRAPHS[i]}</p></article>"
                   for i in range(3))
    p = write(tmp_path / "page.html", f"<html><head><title>Site</title></head><body>{arts}"
                                      "</body></html>")
    c = read_corpus(p, metadata=False)
    assert c.documents.empty
    assert reasons(c) == [("page.html", "multiple_articles")]
    assert "3 <article>" in c.skipped["detail"].iloc[0]


def test_europresse_reader_streams(tmp_path):
    """The first article comes out after a few chunks of a 300-article export."""
    page = europresse_page([europresse_article(i) for i in range(300)])
    consumed = []

    def chunks():
        for i in range(0, len(page), 4096):
            consumed.append(i)
            yield page[i:i + 4096]

    it = read_europresse(chunks(), "big.html")
    first = next(it)
    assert first.position == 1
    assert len(consumed) < 5 < len(page) // 4096
    assert sum(1 for _ in it) == 299


def test_header_parsing():
    assert parse_header("Économie, lundi 3 mars 2025 812 mots, p. 12") == {
        "date": "lundi 3 mars 2025", "section": "Économie", "pages": "12"}
    assert parse_header("Le Monde, 26 déc. 2019 300 mots", "Le Monde")["section"] is None


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçù", min_size=1, max_size=8)
_para = st.lists(_word, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies=st.lists(st.lists(_para, min_size=0, max_size=4), min_size=1, max_size=5),
       furniture=st.lists(_para, max_size=3), chunk=st.integers(1, 400))
def test_splitter_never_loses_text(bodies, furniture, chunk):
    """Sum of article texts, metadata fields and audited furniture == the export's text."""
    arts = []
    for i, paras in enumerate(bodies):
        ps = "".join(f"<p>{p}</p>" for p in paras)
        extra = "".join(f"<div class='x'>{f}</div>" for f in furniture)
        arts.append(
            f"<article><header><span class='DocPublicationName'>Journal {i}</span>"
            f"<span class='DocHeader'>Rubrique, {i + 1} mars 2025</span>"
            f"<div class='titreArticle'>titre {i}</div></header>"
            f"<div class='DocText'>{ps}</div>{extra}"
            f"<div class='publiC-lblNodoc'>id{i}</div></article> entre {i} ")
    page = ("<html><head><title>Europresse.com</title></head><body>avant "
            + "".join(arts) + "<p>après</p></body></html>")
    import lxml.html
    from presse.readers.base import visible_text

    expected = Counter(" ".join(visible_text(lxml.html.document_fromstring(page))).split())
    got: Counter = Counter()
    positions = []
    for item in read_europresse((page[i:i + chunk] for i in range(0, len(page), chunk)), "p"):
        positions.append(item.position)
        if hasattr(item, "text"):
            for s in (item.text, item.title, item.export_id, item.author):
                got.update((s or "").split())
            for line, _ in item.removed:
                got.update(line.split())
    empty = {i + 1 for i, paras in enumerate(bodies) if not paras}
    if empty:  # an article without body is a Problem: its text is not in any Article
        return
    assert positions == list(range(1, len(bodies) + 1))
    assert got == expected


# --------------------------------------------------------------------------------------
# encodings
# --------------------------------------------------------------------------------------

FRENCH = ("L'été à Moscou : « deal » manqué, façon Noël. Où est passée l'idée d'une "
          "réunion à Genève ? Les négociateurs français ont reçu une réponse très sèche.")


@pytest.mark.parametrize(
    "codec",
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1",
     "iso-8859-15", "mac_roman", "cp850"],
)
def test_each_encoding_decodes_the_same_french_text(codec):
    text, enc = encoding.decode_bytes(FRENCH.encode(codec))
    assert text == FRENCH, enc


def test_mac_roman_article_is_not_read_as_mac_latin2(tmp_path):
    art = "\n\n".join(PARAGRAPHS) + "\n\nÀ Noël, le maïs coûtera « très cher » à l'œuvre."
    c = read_corpus(write(tmp_path / "mac.txt", art, "mac_roman"), metadata=False,
                    check_language=False)
    assert c.documents["encoding"].iloc[0] == "mac_roman"
    text = c.documents["text"].iloc[0]
    assert "coûtera" in text and not set("ąŹćĄ") & set(text)


def test_utf8_with_stray_cp1252_bytes():
    data = FRENCH.encode("utf-8").replace("sèche".encode(), "s\xe8che".encode("cp1252"))
    text, enc = encoding.decode_bytes(data)
    assert text == FRENCH and enc == "utf-8+cp1252(1)"


def test_doubtful_encoding_listed_with_candidates(tmp_path):
    data = b"Le prix de l'abonnement est de 15 \xa4 par mois pour les lecteurs de la ville."
    with pytest.raises(encoding.DoubtfulEncoding) as err:
        encoding.detect_encoding(data)
    names = [e for e, _, _ in err.value.candidates]
    assert {"cp1252", "iso-8859-15"} <= set(names)
    c = read_corpus(write(tmp_path / "prix.txt", data), metadata=False)
    assert reasons(c) == [("prix.txt", "doubtful_encoding")]
    assert "iso-8859-15" in c.skipped["detail"].iloc[0]


def test_plausibility_prefers_french_letters():
    assert encoding.french_plausibility("été") > 0 > encoding.french_plausibility("ÈtÈ")
    assert encoding.french_plausibility("cœur") > encoding.french_plausibility("c½ur")
    assert encoding.french_plausibility("à") > encoding.french_plausibility("ą")


# --------------------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9 octobre 2019", "2019-10-09"),
        ("26 déc. 2019", "2019-12-26"),
        ("lundi 3 mars 2025", "2025-03-03"),
        ("1er avril 2025 à 7h52", "2025-04-01 07:52"),
        ("Publié le 8 novembre 2024 à 7h52 Mis à jour le 9 novembre 2024", "2024-11-08 07:52"),
        ("mercredi 26 févr. 2025 - 10:12", "2025-02-26 10:12"),
        ("9 oct. 2019 14 h 30", "2019-10-09 14:30"),
        ("09/10/2019", "2019-10-09"),
        ("2019-10-09T08:00:00+02:00", "2019-10-09 06:00"),
        ("October 9, 2019", "2019-10-09"),
        ("1 juil. 2025", "2025-07-01"),
    ],
)
def test_parse_date_french_forms(value, expected):
    assert parse_date(value) == pd.Timestamp(expected)


@pytest.mark.parametrize("value", ["le 32 machin", "hier", "il y a 2 jours", "45 brumaire"])
def test_parse_date_refuses(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_french_dates_in_a_table_and_a_bad_one_listed_per_row(tmp_path):
    rows = [{"titre": f"t{i}", "date": d, "texte": PARAGRAPHS[i] + f" Numéro {i}."}
            for i, d in enumerate(["9 octobre 2019", "26 déc. 2019", "n'importe quand"])]
    p = tmp_path / "t.csv"
    pd.DataFrame(rows).to_csv(p, index=False)
    c = read_corpus(p, metadata=False)
    assert list(c.documents["date"][:2]) == [pd.Timestamp("2019-10-09"),
                                             pd.Timestamp("2019-12-26")]
    assert pd.isna(c.documents["date"].iloc[2])
    assert reasons(c) == [("t.csv", "bad_date")]
    assert "row 3" in c.skipped["detail"].iloc[0]


# --------------------------------------------------------------------------------------
# archives and compressed tables
# --------------------------------------------------------------------------------------


def _rows(n=3):
    return [{"id": f"r{i}", "titre": f"Titre {i}", "texte": f"{PARAGRAPHS[i % 3]} Cas {i}.",
             "auteur": f"Nom {i}", "rubrique": "Politique", "journal": "L'Hebdo du Berry"}
            for i in range(n)]


def test_csv_gz_and_jsonl_gz_are_streamed(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    with gzip.open(folder / "a.csv.gz", "wt", encoding="cp1252", newline="") as fh:
        pd.DataFrame(_rows()).to_csv(fh, index=False)
    with gzip.open(folder / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        for r in _rows(2):
            r = {**r, "id": "j" + r["id"], "texte": r["texte"] + " En ligne."}
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    c = read_corpus(folder, metadata=False)
    assert c.skipped.empty
    assert sorted(c.documents["doc_id"]) == ["jr0", "jr1", "r0", "r1", "r2"]
    d = c.documents.set_index("doc_id")
    assert d.loc["r1", "author"] == "Nom 1" and d.loc["r1", "section"] == "Politique"
    assert d.loc["r1", "outlet"] == "L'Hebdo du Berry" and d.loc["r0", "format"] == "csv"


def test_truncated_gz_is_listed(tmp_path):
    buf = io.BytesIO()
    with gzip.open(buf, "wt", encoding="utf-8") as fh:
        pd.DataFrame(_rows(3) * 200).assign(id=range(600)).to_csv(fh, index=False)
    p = write(tmp_path / "cut.csv.gz", buf.getvalue()[: len(buf.getvalue()) // 2])
    c = read_corpus(p, metadata=False)
    assert "unreadable" in set(c.skipped["reason"])


def _zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_of_supported_files_read_in_place(tmp_path):
    buf = io.StringIO()
    pd.DataFrame(_rows()).to_csv(buf, index=False)
    z = _zip(tmp_path / "lot.zip", {
        "exports/europresse.html": EUROPRESSE_3.read_bytes(),
        "articles/note.txt": ("Note\n\n" + PARAGRAPHS[0]).encode("cp1252"),
        "table.csv": buf.getvalue().encode(),
        "image.png": b"\x89PNG\r\n\x1a\n",
    })
    before = hashlib.sha256(z.read_bytes()).hexdigest()
    c = read_corpus(z, metadata=False)
    assert len(c.documents) == 3 + 1 + 3
    assert set(c.documents["source_path"]) == {"lot.zip/exports/europresse.html",
                                               "lot.zip/articles/note.txt", "lot.zip/table.csv"}
    assert reasons(c) == [("lot.zip/image.png", "unsupported_format")]
    assert hashlib.sha256(z.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lot.zip"]  # nothing extracted here


def test_zip_slip_and_nested_archives_refused(tmp_path):
    z = _zip(tmp_path / "evil.zip", {
        "../../evil.txt": ("Évasion\n\n" + PARAGRAPHS[0]).encode(),
        "/etc/abs.txt": ("Absolu\n\n" + PARAGRAPHS[1]).encode(),
        "inner.zip": b"PK\x05\x06" + b"\x00" * 18,
        "ok.txt": ("Bon\n\n" + PARAGRAPHS[2]).encode(),
    })
    c = read_corpus(z, metadata=False)
    assert list(c.documents["source_path"]) == ["evil.zip/ok.txt"]
    assert [r for _, r in reasons(c)] == ["unsafe_archive_member"] * 3
    assert not (tmp_path.parent / "evil.txt").exists()


def test_zip_bomb_refused(tmp_path):
    z = _zip(tmp_path / "bomb.zip", {"bomb.txt": b"a" * (30 * 1024 * 1024),
                                     "ok.txt": ("Bon\n\n" + PARAGRAPHS[2]).encode()})
    c = read_corpus(z, metadata=False)
    assert list(c.documents["source_path"]) == ["bomb.zip/ok.txt"]
    assert reasons(c) == [("bomb.zip", "unsafe_archive_member")]
    assert "ratio" in c.skipped["detail"].iloc[0]


def test_corrupt_zip_listed(tmp_path):
    c = read_corpus(write(tmp_path / "bad.zip", b"PK\x03\x04 not really a zip"), metadata=False)
    assert reasons(c) == [("bad.zip", "malformed_archive")]


def test_norm_space():
    assert norm_space(" a\u00a0 b\n c ") == "a b c"


# --------------------------------------------------------------------------------------
# Factiva
# --------------------------------------------------------------------------------------

FACTIVA_2 = FIXTURES / "factiva_2.html"


def test_factiva_export_plain_and_indexed_layouts():
    c = read_corpus(FACTIVA_2, metadata=False)
    d = c.documents
    assert c.skipped.empty and len(d) == 2
    assert list(d["title"]) == ["La SNCF annonce de nouveaux trains de nuit",
                                "Les pêcheurs bretons inquiets pour la sardine"]
    assert list(d["outlet"]) == ["Le Messager du Rhône", "L'Écho du Littoral"]
    assert list(d["author"]) == ["Sophie Bernard", "Yann Le Gall"]
    assert list(d["date"]) == [pd.Timestamp("2019-10-09"), pd.Timestamp("2019-12-26")]
    assert list(d["export_id"]) == ["MESRHO0020191009ef9a0000x", "ECHLIT0020191226efcq0002y"]
    assert d["section"].iloc[1] == "Économie" and set(d["format"]) == {"factiva"}
    assert d["text"].iloc[1].startswith("Les bancs de sardines")  # lead paragraph first
    assert "La criée demande" in d["text"].iloc[1]
    assert not d["text"].str.contains("Copyright|©|Document|Factiva").any()
    assert "Copyright 2019 Le Messager du Rhône. Tous droits réservés." in set(c.audit["line"])
