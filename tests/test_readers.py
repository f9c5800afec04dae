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
    problems = []
    for item in read_europresse((page[i:i + chunk] for i in range(0, len(page), chunk)), "p"):
        positions.append(item.position)
        if hasattr(item, "text"):
            for s in (item.text, item.title, item.export_id, item.author):
                got.update((s or "").split())
            for line, _ in item.removed:
                got.update(line.split())
        else:  # an article without body: listed, with its text, not loaded
            problems.append(item.position)
            got.update(" ".join(item.texts).split())
    assert sorted(positions) == list(range(1, len(bodies) + 1))
    assert problems == [i + 1 for i, paras in enumerate(bodies) if not paras]
    if len(problems) < len(bodies):  # the page's own text is audited with an article
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


# --------------------------------------------------------------------------------------
# office documents: .docx, .odt, .rtf, .pdf
# --------------------------------------------------------------------------------------


def _docx(path: Path, paragraphs: list[tuple[str | None, str]], *, author: str | None = None,
          created=None, table: list[list[str]] | None = None) -> Path:
    """A .docx of ``(style, text)`` paragraphs (style None = Normal)."""
    import docx

    doc = docx.Document()
    for style, text in paragraphs:
        doc.add_paragraph(text, style=style)
    if table:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for i, row in enumerate(table):
            for j, cell in enumerate(row):
                t.cell(i, j).text = cell
    cp = doc.core_properties
    cp.author = author or ""
    cp.title = ""
    if created is not None:
        cp.created = created
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def test_docx_article_title_from_heading_author_and_created_date(tmp_path):
    from datetime import datetime

    p = _docx(tmp_path / "note.docx",
              [("Heading 1", "La médiathèque rouvre ses portes"), (None, PARAGRAPHS[0]),
               (None, PARAGRAPHS[1])], author="Léa Morel", created=datetime(2024, 5, 2, 9, 30),
              table=[["Horaires", "du mardi au samedi, de dix heures à dix-huit heures"]])
    c = read_corpus(p, metadata=False)
    d = c.documents
    assert c.skipped.empty and len(d) == 1
    assert d["title"].iloc[0] == "La médiathèque rouvre ses portes"
    assert d["author"].iloc[0] == "Léa Morel" and d["format"].iloc[0] == "docx"
    assert "du mardi au samedi" in d["text"].iloc[0]  # table cells are read
    assert "La médiathèque rouvre" not in d["text"].iloc[0]
    assert d["date"].iloc[0] == pd.Timestamp("2024-05-02 09:30")
    assert d["date_source"].iloc[0].startswith("docx core properties: created")


def test_docx_dateline_in_text_wins_over_created(tmp_path):
    from datetime import datetime

    p = _docx(tmp_path / "a.docx", [(None, "Le marché couvert change de mains"),
                                    (None, "Publié le 9 octobre 2019 à 10h12"),
                                    (None, PARAGRAPHS[2])], created=datetime(2024, 5, 2))
    d = read_corpus(p, metadata=False).documents
    assert d["title"].iloc[0] == "Le marché couvert change de mains"  # first line
    assert d["date"].iloc[0] == pd.Timestamp("2019-10-09 10:12")


def test_odt_article(tmp_path):
    from odf import dc, meta
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    doc = OpenDocumentText()
    doc.meta.addElement(meta.InitialCreator(text="Hugo Perrin"))
    doc.meta.addElement(dc.Title(text="Brouillon"))
    doc.text.addElement(H(outlinelevel=1, text="Les abeilles reviennent en ville"))
    for para in PARAGRAPHS:
        doc.text.addElement(P(text=para))
    doc.save(str(tmp_path / "abeilles.odt"))
    c = read_corpus(tmp_path / "abeilles.odt", metadata=False)
    d = c.documents
    assert c.skipped.empty
    assert d["title"].iloc[0] == "Les abeilles reviennent en ville"
    assert d["author"].iloc[0] == "Hugo Perrin" and d["format"].iloc[0] == "odt"
    assert PARAGRAPHS[1] in d["text"].iloc[0]


def test_docx_zip_bomb_and_corrupt_odt_listed(tmp_path):
    (tmp_path / "c").mkdir()
    _zip(tmp_path / "c" / "bombe.docx", {"word/document.xml": b" " * (5 * 1024 * 1024)})
    write(tmp_path / "c" / "cassé.odt", b"PK\x03\x04 pas un document")
    c = read_corpus(tmp_path / "c", metadata=False)
    assert reasons(c) == [("c/bombe.docx", "unsafe_archive"),
                          ("c/cassé.odt", "malformed_document")]


# Nexis Uni exports ---------------------------------------------------------------------

NEXIS_COVER = ["User Name: =utilisateur", "Date and Time: mars 4, 2025 10:00",
               "Job Number: 123456789", "Documents (3)", "1. Le tramway arrive à Besançon",
               "Client/Matter: -None-", "Search Terms: tramway", "Search Type: Natural Language",
               "Narrowed by:", "Content Type Narrowed by", "News Language: French"]


def nexis_article(i: int, *, body: bool = True, english: bool = True) -> list[str]:
    """The lines of one Nexis Uni article (English or French labels)."""
    date = "March 3, 2025 Monday" if english else "lundi 3 mars 2025"
    head = [f"Article Nexis numéro {i}", f"La Voix du Doubs {i}", date,
            f"Copyright 2025 La Voix du Doubs {i} Tous droits réservés"]
    fields = (["Section: RÉGION; Pg. 7", "Length: 312 words", f"Byline: Camille Roux {i}"]
              if english else ["Rubrique : Région", "Longueur : 312 mots",
                               f"Auteur : Camille Roux {i}"])
    paras = [f"{p} (Nexis {i}, paragraphe {k})" for k, p in enumerate(PARAGRAPHS)]
    trailer = ["Classification", "Language: FRENCH; FRANÇAIS", "Publication-Type: Journal",
               "Load-Date: March 4, 2025"]
    return head + fields + (["Body"] + paras if body else []) + trailer + ["End of Document"]


def nexis_lines(n=3, *, bad: int | None = None) -> list[str]:
    out = list(NEXIS_COVER)
    for i in range(1, n + 1):
        out += nexis_article(i, body=i != bad, english=i % 2 == 1)
    return out


def _rtf(lines: list[str]) -> bytes:
    """An RTF file of ``lines`` (non-ASCII as \\uN escapes, as Word writes them)."""
    def esc(s: str) -> str:
        return "".join(c if ord(c) < 128 and c not in "\\{}" else f"\\u{ord(c)}?" for c in s)

    body = "".join(f"\\pard {esc(line)}\\par\n" for line in lines)
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n"
            + body + "}").encode("ascii")


@pytest.mark.parametrize("fmt", ["docx", "rtf"])
def test_nexis_export_one_document_per_article(tmp_path, fmt):
    lines = nexis_lines(3)
    p = (_docx(tmp_path / "nexis.docx", [(None, s) for s in lines]) if fmt == "docx"
         else write(tmp_path / "nexis.rtf", _rtf(lines)))
    c = read_corpus(p, metadata=False)
    d = c.documents
    assert c.skipped.empty, c.skipped
    assert list(d["title"]) == [f"Article Nexis numéro {i}" for i in (1, 2, 3)]
    assert list(d["outlet"]) == [f"La Voix du Doubs {i}" for i in (1, 2, 3)]
    assert set(d["date"]) == {pd.Timestamp("2025-03-03")}
    assert list(d["author"]) == [f"Camille Roux {i}" for i in (1, 2, 3)]
    assert list(d["section"]) == ["RÉGION", "Région", "RÉGION"]
    assert list(d["pages"]) == ["7", "", "7"]
    assert list(d["row"]) == [1, 2, 3] and set(d["format"]) == {"nexis"}
    assert list(d["doc_id"]) == ["nexis:1", "nexis:2", "nexis:3"]
    assert not d["text"].str.contains("End of Document|Load-Date|Copyright|Job Number").any()
    assert set(c.audit["reason"]) >= {"export_cover", "export_header", "export_copyright",
                                      "export_classification", "export_separator"}
    assert "Search Terms: tramway" in set(c.audit["line"])


def test_nexis_malformed_article_listed_with_position_rest_loads(tmp_path):
    p = _docx(tmp_path / "n.docx", [(None, s) for s in nexis_lines(3, bad=2)])
    c = read_corpus(p, metadata=False)
    assert list(c.documents["row"]) == [1, 3]
    assert reasons(c) == [("n.docx", "malformed_article")]
    assert "article 2" in c.skipped["detail"].iloc[0]
    assert "Article Nexis numéro 2" in c.skipped["detail"].iloc[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies=st.lists(st.lists(_para, min_size=0, max_size=4), min_size=1, max_size=5),
       furniture=st.lists(_para, max_size=3), trailing=st.lists(_para, max_size=2))
def test_nexis_splitter_never_loses_text(bodies, furniture, trailing):
    """Every word of the export is in an article (text, title, audited furniture) or in
    the listed malformed article; the article positions are kept."""
    from presse.readers.base import Problem
    from presse.readers.nexis import split_nexis

    lines = list(NEXIS_COVER) + furniture
    for i, paras in enumerate(bodies):
        lines += [f"titre {i}", f"journal {i}", f"{i + 1} mars 2025", "Length: 10 words"]
        lines += (["Body"] + paras if paras else []) + furniture + ["End of Document"]
    lines += trailing
    expected = Counter(" ".join(lines).split())
    got: Counter = Counter()
    positions = []
    for item in split_nexis(lines, "n"):
        if item.position is not None:
            positions.append(item.position)
        if isinstance(item, Problem):
            got.update(" ".join(item.texts).split())
            continue
        for s in (item.text, item.title):
            got.update((s or "").split())
        for line, _ in item.removed:
            got.update(line.split())
    assert sorted(positions) == list(range(1, len(bodies) + 1))
    assert got == expected


# PDF -------------------------------------------------------------------------------------


def _pdf(pages: list[list[str]], producer: str = "presse tests") -> bytes:
    """A minimal PDF with one text line per entry (Helvetica, WinAnsi) on each page."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", None,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            f"<< /Producer ({producer}) >>"]
    kids = []
    for lines in pages:
        ops = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(
            "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
            for s in lines) + " ET"
        stream = ops.encode("cp1252")
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
                    f"/Font << /F1 3 0 R >> >> /Contents {len(objs)} 0 R >>")
        kids.append(len(objs))
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, o in enumerate(objs, start=1):
        offsets.append(len(out))
        body = o if isinstance(o, bytes) else o.encode("cp1252")
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, xref)
    return bytes(out)


def test_pdf_text_read_export_and_scan_listed(tmp_path):
    folder = tmp_path / "c"
    write(folder / "article.pdf", _pdf([["Les vignerons face au gel"] + PARAGRAPHS[:2],
                                        [PARAGRAPHS[2]]]))
    write(folder / "europresse.pdf", _pdf([["Le Courrier du Jura", PARAGRAPHS[0],
                                            "news·20250303·CJ·0001"]], producer="Europresse"))
    write(folder / "scan.pdf", _pdf([[], []]))
    c = read_corpus(folder, metadata=False)
    d = c.documents
    assert list(d["source_path"]) == ["c/article.pdf"] and d["format"].iloc[0] == "pdf"
    assert d["title"].iloc[0] == "Les vignerons face au gel"
    assert "théâtre" in d["text"].iloc[0]  # text of the second page, accents kept
    assert reasons(c) == [("c/europresse.pdf", "pdf_export"), ("c/scan.pdf", "no_text_layer")]
    detail = c.skipped.set_index("reason")["detail"]
    assert "Europresse" in detail["pdf_export"] and "HTML" in detail["pdf_export"]
    assert "no text layer" in detail["no_text_layer"]


def test_corrupt_pdf_listed(tmp_path):
    c = read_corpus(write(tmp_path / "x.pdf", b"%PDF-1.4\nrien\n"), metadata=False)
    assert reasons(c)[0][1] in {"malformed_document", "no_text_layer"}
    assert c.documents.empty


# --------------------------------------------------------------------------------------
# gaps: gz of text and HTML, memory bound, encoding past the sample
# --------------------------------------------------------------------------------------


def test_txt_gz_and_html_gz(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    with gzip.open(folder / "note.txt.gz", "wb") as fh:
        fh.write(("Le pont suspendu\n\n" + PARAGRAPHS[0]).encode("cp1252"))
    with gzip.open(folder / "export.html.gz", "wb") as fh:
        fh.write(EUROPRESSE_3.read_bytes())
    c = read_corpus(folder, metadata=False)
    assert c.skipped.empty
    d = c.documents
    assert sorted(set(d["source_path"])) == ["c/export.html.gz", "c/note.txt.gz"]
    assert (d["format"] == "europresse").sum() == 3
    note = d[d["format"] == "txt"].iloc[0]
    assert note["encoding"] == "cp1252" and "débat" in note["text"]


def test_export_reader_memory_is_bounded(tmp_path):
    """Python memory while reading a ~6 MB export stays far below the file's size
    (tracemalloc sees Python objects; lxml's tree is freed article by article)."""
    import tracemalloc

    from presse.readers.base import text_chunks

    p = write(tmp_path / "big.html", europresse_page([europresse_article(i)
                                                      for i in range(4500)]))
    size = p.stat().st_size
    assert size > 5_000_000
    tracemalloc.start()
    try:
        n = 0
        with open(p, encoding="utf-8") as fh:
            for _ in read_europresse(text_chunks(fh), "big.html"):
                n += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 4500
    assert peak < size / 5, f"peak {peak:,} bytes for a {size:,}-byte export"


def test_stray_byte_past_the_encoding_sample_does_not_stop_the_export(tmp_path):
    arts = [europresse_article(i) for i in range(1000)]
    page = europresse_page(arts).encode("utf-8")
    assert len(page) > 1 << 20
    cut = page.rfind(b"dossier 950")
    page = page[:cut] + "dossier \xe9".encode("cp1252") + page[cut + len("dossier "):]
    c = read_corpus(write(tmp_path / "e.html", page), metadata=False)
    assert len(c.documents) == 1000
    assert reasons(c) == [("e.html", "doubtful_encoding")]
    assert "1 byte(s)" in c.skipped["detail"].iloc[0]
    assert c.documents["text"].str.contains("dossier é950").any()


def test_stray_byte_past_the_sample_in_a_csv(tmp_path):
    rows = pd.DataFrame({"id": range(7000), "texte": [f"{PARAGRAPHS[i % 3]} Ligne {i}." for i in range(7000)]})
    data = rows.to_csv(index=False).encode("utf-8")
    assert len(data) > 1 << 20
    data = data[:-20] + b"\xe0" + data[-19:]
    c = read_corpus(write(tmp_path / "t.csv", data), metadata=False)
    assert reasons(c) == [("t.csv", "doubtful_encoding")] and len(c.documents) == 7000
    assert "rows kept" in c.skipped["detail"].iloc[-1]
