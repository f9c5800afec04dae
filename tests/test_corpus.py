"""Corpus loading: formats, encodings, metadata, and every bad-input case."""

from __future__ import annotations

import builtins
import hashlib
import json
import os
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest
from presse import config, corpus
from presse.corpus import load_corpus, read_corpus

SUBJECTS = ["la réforme des retraites", "le budget de la défense", "la saison des vendanges",
            "le festival de Cannes", "la crise du logement", "les élections européennes",
            "la sécheresse dans le Sud", "le prix de l'électricité", "la rentrée scolaire",
            "le Tour de France", "la dette publique", "les transports en commun"]


def article(i: int, extra: str = "") -> str:
    """A distinct French article (about one subject) with accents and an apostrophe."""
    s = SUBJECTS[i % len(SUBJECTS)]
    return (
        f"Titre numéro {i} sur {s}\n\n"
        f"Le gouvernement a présenté jeudi ses propositions sur {s}, une question qui "
        f"divise l'opinion depuis des mois et qui sera débattue à l'Assemblée nationale. "
        f"Les syndicats ont déjà annoncé qu'ils s'opposeraient à une partie du texte.{extra}\n\n"
        f"Selon les derniers sondages, une majorité de Français juge que {s} n'est pas "
        f"traitée avec assez de sérieux par les élus, et réclame des mesures rapides. "
        f"Le dossier numéro {i} reste donc très sensible pour l'exécutif."
    )


def write(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode(encoding)
    path.write_bytes(data)
    return path


def reasons(c: corpus.Corpus) -> dict[str, str]:
    """{file name: reason} of the skip report."""
    return {Path(p).name: r for p, r in zip(c.skipped.source_path, c.skipped.reason, strict=True)}


def tree_hash(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------------------
# formats and encodings
# --------------------------------------------------------------------------------------


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write(root / "a_utf8.txt", article(0))
    write(root / "b_bom.txt", article(1), "utf-8-sig")
    write(root / "c_cp1252.txt", article(2).replace("'", "’"), "cp1252")
    write(root / "sub" / "d_latin1.txt", article(3), "latin-1")
    write(root / "e_utf16.txt", article(4), "utf-16")
    body = "".join(f"<p>{p}</p>" for p in article(5).split("\n\n")[1:])
    write(root / "f_page.html",
          "<html><head><meta charset='utf-8'><title>Page</title></head><body>"
          "<nav><a href='/'>Accueil</a> <a href='/p'>Politique</a></nav>"
          f"<article><h1>Titre de la page</h1>{body}</article>"
          "<footer>Partager · Mentions légales</footer></body></html>")
    pd.DataFrame({"ID": ["c1", "c2"], "Body": [article(6), article(7)],
                  "Titre": ["Titre CSV 1", "Titre CSV 2"], "Date": ["2024-03-01", ""],
                  "Media": ["Le Journal", ""]}).to_csv(root / "g_table.csv", sep=";",
                                                       index=False, encoding="cp1252")
    write(root / "h_lines.jsonl", "\n".join(
        json.dumps({"content": article(i), "published": f"2025-01-0{i}"}, ensure_ascii=False)
        for i in (8, 9)) + "\n")
    pd.DataFrame({"text": [article(10), article(11)], "title": ["P1", "P2"]}).to_parquet(
        root / "i_table.parquet")
    return root


def test_mixed_formats_and_encodings_load(mixed):
    c = read_corpus(mixed)
    assert c.skipped.empty, c.skipped.to_dict("records")
    d = c.documents.set_index("doc_id")
    # sorted by path relative to the corpus folder (sub/ after the top-level files)
    assert list(d.index) == ["a_utf8", "b_bom", "c_cp1252", "e_utf16", "f_page", "c1", "c2",
                             "h_lines:1", "h_lines:2", "i_table:1", "i_table:2", "d_latin1"]
    assert d.loc["a_utf8", "encoding"] == "utf-8"
    assert d.loc["b_bom", "encoding"] == "utf-8-sig"
    assert d.loc["c_cp1252", "encoding"] == "cp1252"
    assert d.loc["e_utf16", "encoding"] == "utf-16"
    for doc_id, i in [("a_utf8", 0), ("b_bom", 1), ("c_cp1252", 2), ("d_latin1", 3),
                      ("e_utf16", 4), ("c1", 6), ("h_lines:2", 9), ("i_table:1", 10)]:
        assert f"propositions sur {SUBJECTS[i]}" in d.loc[doc_id, "text"]
        assert "l'opinion" in d.loc[doc_id, "text"]  # ’ normalised
    assert d.loc["d_latin1", "source_path"] == "corpus/sub/d_latin1.txt"
    assert d.loc["f_page", "format"] == "html" and d.loc["f_page", "title"] == "Titre de la page"
    assert not d.loc["f_page", "text"].startswith("Titre de la page")
    assert "Partager" not in d.loc["f_page", "text"]
    assert d.loc["c1", "title"] == "Titre CSV 1" and d.loc["c1", "outlet"] == "Le Journal"
    assert d.loc["c1", "date"] == pd.Timestamp("2024-03-01")
    assert d.loc["c1", "date_source"] == "table column 'Date'"
    assert pd.isna(d.loc["c2", "date"]) and d.loc["c2", "date_source"] == ""
    assert d.loc["h_lines:1", "date"] == pd.Timestamp("2025-01-08")
    assert d.loc["a_utf8", "title"] == "Titre numéro 0 sur la réforme des retraites"
    assert (d["n_words"] > 50).all()
    assert str(c.documents["date"].dtype).startswith("datetime64")


def test_single_file_inputs(mixed):
    assert load_corpus(mixed / "g_table.csv")["doc_id"].tolist() == ["c1", "c2"]
    assert load_corpus(mixed / "a_utf8.txt")["doc_id"].tolist() == ["a_utf8"]


def test_table_streaming_in_small_chunks_gives_same_documents(mixed):
    big = load_corpus(mixed, chunksize=10_000)
    small = load_corpus(mixed, chunksize=1)
    pd.testing.assert_frame_equal(big, small)
    batches = list(corpus.iter_document_frames(mixed, batch_size=5))
    assert [len(b[0]) for b in batches] == [5, 5, 2]
    assert pd.concat([b[0] for b in batches])["doc_id"].tolist() == big["doc_id"].tolist()


def test_raw_files_never_modified(mixed):
    before = tree_hash(mixed)
    read_corpus(mixed)
    assert tree_hash(mixed) == before


def test_embedded_raw_files_never_modified():
    before = tree_hash(config.RAW)
    read_corpus()
    assert tree_hash(config.RAW) == before


# --------------------------------------------------------------------------------------
# bad input: one case each; the rest of the corpus still loads
# --------------------------------------------------------------------------------------


@pytest.fixture
def good(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    write(root / "ok1.txt", article(0))
    write(root / "ok2.txt", article(1))
    return root


def _check(c, name: str, reason: str) -> str:
    assert reasons(c) == {name: reason}
    assert {"ok1", "ok2"} <= set(c.documents["doc_id"])
    detail = c.skipped["detail"].iloc[0]
    assert name in detail  # the message names the file
    return detail


def test_empty_file(good):
    write(good / "empty.txt", b"")
    write(good / "blank.txt", b"  \n\n ")
    c = read_corpus(good)
    assert reasons(c) == {"empty.txt": "empty_file", "blank.txt": "empty_file"}
    assert set(c.documents["doc_id"]) == {"ok1", "ok2"}


def test_binary_file(good):
    write(good / "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200))
    write(good / "nul.txt", article(3).encode() + b"\x00\x00\x01\x02")
    c = read_corpus(good)
    assert reasons(c) == {"image.txt": "binary_file", "nul.txt": "binary_file"}


def test_undecodable_bytes(good):
    write(good / "junk.txt", bytes(range(0x80, 0xA0)) * 50 + b"\x81\x8d\x8f\x90\x9d" * 20)
    _check(read_corpus(good), "junk.txt", "undecodable")


def test_html_without_article_text(good):
    write(good / "menu.html", "<html><body><nav><a href='/'>Accueil</a></nav>"
                              "<div class='share'>Partager</div></body></html>")
    _check(read_corpus(good), "menu.html", "no_article_text")


def test_too_large_file_skipped_without_reading(good):
    big = good / "big.txt"
    with open(big, "wb") as fh:  # sparse 50 MB file
        fh.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    try:
        c = read_corpus(good)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    detail = _check(c, "big.txt", "too_large")
    assert "52,428,800 bytes" in detail
    assert peak < 10 * 1024 * 1024  # never read into memory


def test_too_large_is_configurable(good):
    c = read_corpus(good, max_bytes=100)
    assert set(reasons(c).values()) == {"too_large"} and c.documents.empty


def test_non_french(good):
    write(good / "english.txt",
          "Trump and Putin\n\nDonald Trump said on Monday that the talks with Russia were "
          "going well and that he would meet the Russian president soon, according to the "
          "White House. The two leaders have spoken several times this year.")
    detail = _check(read_corpus(good), "english.txt", "non_french")
    assert "ratio" in detail


def test_duplicate_identical_bytes(good):
    write(good / "zz_copy.txt", article(0))
    detail = _check(read_corpus(good), "zz_copy.txt", "duplicate")
    assert "identical bytes to 'ok1'" in detail


def test_duplicate_identical_cleaned_text(good):
    write(good / "zz_crlf.txt", (article(1) + "\n\nPartager\n").replace("\n", "\r\n"))
    detail = _check(read_corpus(good), "zz_crlf.txt", "duplicate")
    assert "identical cleaned text to 'ok2'" in detail


def test_unreadable_file(good, monkeypatch):
    locked = write(good / "locked.txt", article(5))
    os.chmod(locked, 0)
    real_open = builtins.open

    def guarded(file, *args, **kwargs):  # root ignores chmod: simulate the error too
        if Path(str(file)).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    try:
        detail = _check(read_corpus(good), "locked.txt", "unreadable")
    finally:
        os.chmod(locked, 0o644)
    assert "Permission denied" in detail


def test_unsupported_format_listed(good):
    write(good / "notes.pages", b"PK\x03\x04 whatever")
    _check(read_corpus(good), "notes.pages", "unsupported_format")


def test_corrupt_docx_listed(good):
    write(good / "notes.docx", b"PK\x03\x04 whatever")
    _check(read_corpus(good), "notes.docx", "malformed_document")


def test_table_rows_missing_text_and_malformed(good):
    write(good / "t.csv", "id,text\nr1,\"" + article(4).replace('"', "") + "\"\nr2,\n"
          "r3,a,b,c\n")
    write(good / "t.jsonl", json.dumps({"text": article(5)}) + "\n{not json\n[1, 2]\n"
          + json.dumps({"title": "sans texte"}) + "\n")
    c = read_corpus(good)
    rows = c.skipped[c.skipped.reason == "malformed_row"]["detail"].tolist()
    assert len(rows) == 5, rows
    assert any("t.csv row 2: no text" in r for r in rows)
    assert any("t.csv: row 3 (line " in r and "expected 2 fields, saw 4" in r for r in rows)
    assert any("t.jsonl: line 2: invalid JSON" in r for r in rows)
    assert any("t.jsonl: line 3: not a JSON object" in r for r in rows)
    assert any("t.jsonl row 4: no text" in r for r in rows)
    assert {"r1", "t:1", "ok1", "ok2"} == set(c.documents["doc_id"])


def test_table_without_text_column(good):
    pd.DataFrame({"titre": ["a"], "date": ["2024-01-01"]}).to_csv(good / "notext.csv",
                                                                  index=False)
    detail = _check(read_corpus(good), "notext.csv", "malformed_table")
    assert "no text column" in detail


def test_table_duplicate_id_and_bad_date(good):
    pd.DataFrame({"id": ["x", "x"], "text": [article(6), article(7)],
                  "date": ["pas une date", "2024-01-01"]}).to_parquet(good / "p.parquet")
    c = read_corpus(good)
    assert sorted(c.skipped["reason"]) == ["bad_date", "duplicate_id"]
    x = c.documents.set_index("doc_id").loc["x"]
    assert pd.isna(x["date"])  # kept, without a date


def test_corrupt_parquet(good):
    write(good / "broken.parquet", b"PAR1 this is not parquet PAR1")
    _check(read_corpus(good), "broken.parquet", "malformed_table")


# --------------------------------------------------------------------------------------
# metadata
# --------------------------------------------------------------------------------------


def test_metadata_merged_and_bad_rows_reported(good):
    write(good / "metadata.csv",
          "file,date,date_source,outlet,note\n"
          "ok1.txt,2024-11-08 07:52,stated in text: x; precision: minute,Le Monde,\n"
          "ok2.txt,le 32 machin,inferred: y,,\n"
          "ghost.txt,2024-01-01,inferred: z,,\n"
          ",2024-01-01,inferred,,\n")
    c = read_corpus(good)
    d = c.documents.set_index("doc_id")
    assert d.loc["ok1", "date"] == pd.Timestamp("2024-11-08 07:52")
    assert d.loc["ok1", "date_source"] == "stated in text: x; precision: minute"
    assert d.loc["ok1", "outlet"] == "Le Monde"
    assert pd.isna(d.loc["ok2", "date"])  # bad row ignored, file still loads
    assert "metadata.csv" not in set(c.documents["source_path"])
    r = c.skipped.groupby("reason")["detail"].apply(list).to_dict()
    assert len(r["bad_metadata"]) == 2
    assert any("line 3 (ok2.txt): unparsable date" in m for m in r["bad_metadata"])
    assert r["metadata_unmatched"] == ["metadata row for 'ghost.txt' matches no loaded document"]


def test_metadata_without_file_column_ignored(good):
    meta = pd.DataFrame({"name": ["ok1.txt"], "date": ["2024-01-01"]})
    c = read_corpus(good, metadata=meta)
    assert c.skipped["reason"].tolist() == ["bad_metadata"]
    assert len(c.documents) == 2


def test_dateline_in_text_used_when_no_metadata(good):
    write(good / "dated.txt", "Un titre\n\nMis à jour le 8 novembre 2024 à 7h52\n\n"
          + article(8).split("\n\n", 1)[1])
    d = load_corpus(good, metadata=False).set_index("doc_id")
    assert d.loc["dated", "date"] == pd.Timestamp("2024-11-08 07:52")
    assert d.loc["dated", "date_source"].startswith("update time in text:")


def test_same_stem_in_two_folders_gets_distinct_ids(good):
    write(good / "x" / "ok1.txt", article(9))
    ids = load_corpus(good)["doc_id"].tolist()
    assert len(ids) == len(set(ids)) == 3 and "x/ok1" in ids


# --------------------------------------------------------------------------------------
# the embedded corpus
# --------------------------------------------------------------------------------------


def test_embedded_corpus():
    c = read_corpus()
    d = c.documents
    assert len(d) == 5 and c.skipped.empty
    assert d["doc_id"].tolist() == sorted(p.stem for p in config.RAW.glob("*.txt"))
    assert list(d.columns[:9]) == ["doc_id", "source_path", "title", "date", "date_source",
                                   "outlet", "text", "n_words", "story_id"]
    assert d["date"].notna().all()
    assert d["date_source"].str.match(r"^(stated in text|update time in text|inferred): ").all()
    assert d["date_source"].str.contains("precision: ").all()
    assert d.set_index("doc_id").loc["002_49e0b9f3c81a6a48", "outlet"] == "IGSNEWS"
    stories = d.groupby("story_id")["doc_id"].apply(list).tolist()
    assert sorted(len(s) for s in stories) == [1, 1, 1, 2]
    assert ["000_30c79835d6e92a30", "001_6e9b52c0aa4b40c1"] in stories
    assert d.attrs["skipped"].empty
    audit = d.attrs["audit"]
    assert list(audit.columns) == ["doc_id", "line_no", "line", "reason"]
    assert (d.set_index("doc_id")["n_removed_lines"]
            == audit.groupby("doc_id").size().reindex(d["doc_id"]).fillna(0)).all()


def test_metadata_csv_is_valid():
    meta, skips = corpus.load_metadata(config.METADATA_CSV)
    assert not skips
    assert sorted(meta["file"]) == sorted(p.name for p in config.RAW.glob("*.txt"))


def test_check_cleaning_embedded_nothing_lost():
    c = read_corpus()
    check = corpus.check_cleaning(c.documents, c.audit)
    assert check["checked"].all()
    assert (check["n_unaccounted"] == 0).all(), check["unaccounted"].tolist()
    assert check["n_removed"].sum() == len(c.audit) > 0


def test_check_cleaning_user_folder(good):
    write(good / "t.csv", "text\n\"" + article(4) + "\"\n")
    c = read_corpus(good)
    check = corpus.check_cleaning(c.documents, c.audit, corpus=good).set_index("doc_id")
    assert check.loc["ok1", "checked"] and check.loc["ok1", "n_unaccounted"] == 0
    assert not check.loc["t:1", "checked"]


def test_plot_timeline_and_date_kind():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    d = load_corpus()
    ax = plot = corpus.plot_timeline(d)
    assert len(ax.get_yticks()) == 5 and plot is ax
    assert [corpus.date_kind(s) for s in d["date_source"]] == [
        "inferred", "inferred", "updated", "inferred", "stated"]
    ax2 = corpus.plot_timeline(d.assign(date=pd.NaT))
    assert ax2.texts[0].get_text() == "no dated document"
    plt.close("all")


def test_same_stem_in_two_formats_and_xhtml(good):
    body = "".join(f"<p>{p}</p>" for p in article(2).split("\n\n")[1:])
    write(good / "ok1.html", '<?xml version="1.0" encoding="utf-8"?>\n'
          '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>X</title></head>'
          f"<body><article>{body}</article></body></html>")
    c = read_corpus(good)
    assert c.skipped.empty, c.skipped.to_dict("records")
    assert set(c.documents["doc_id"]) == {"ok1", "ok2", "ok1.txt"}  # sorted: .html first


def test_too_short_to_judge_language_says_so(good):
    write(good / "short.txt", "Trump et Poutine.")
    assert "too short" in _check(read_corpus(good), "short.txt", "non_french")


def test_truncated_csv_keeps_rows_before_the_error(good):
    rows = "".join(f'r{i},"{article(i + 3)}"\n' for i in range(3))
    write(good / "cut.csv", "id,text\n" + rows + 'r9,"texte coupé au milieu d\'un champ\n')
    c = read_corpus(good)
    detail = c.skipped.set_index("reason").loc["malformed_table", "detail"]
    assert "cut.csv" in detail and "3 row(s) before it were read" in detail
    assert {"r0", "r1", "r2"} <= set(c.documents["doc_id"])
