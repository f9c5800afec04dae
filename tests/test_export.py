"""Exports (presse.export): each format written, then read back."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from presse import export as E
from presse.build import read_table
from presse.cli import main

DOCS = pd.DataFrame({
    "doc_id": ["a01", "a/02"],
    "title": ["Sommet d'Anchorage", "Sanctions"],
    "date": pd.to_datetime(["2025-08-16", None]),
    "outlet": ["Le Monde", None],
    "story_id": ["s_1", "s_2"],
    "text": ["Trump reçoit Poutine.\n\nLe *Kremlin* salue « un dialogue utile ».",
             "Les États-Unis annoncent des sanctions."],
})


def test_iramuteq_starred_lines_and_round_trip(tmp_path):
    path = E.to_iramuteq(DOCS, tmp_path / "corpus.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "**** *doc_a01 *journal_le-monde *date_2025-08 *story_s-1"
    assert lines[3] == ""
    assert lines[4] == "**** *doc_a-02 *journal_NA *date_NA *story_s-2"
    back = E.read_iramuteq(path)
    assert back.columns.tolist() == ["doc", "journal", "date", "story", "text"]
    assert back.loc[0, "text"] == ("Trump reçoit Poutine.\n"
                                   "Le Kremlin salue « un dialogue utile ».")
    assert "*" not in "".join(back["text"])  # asterisks are IRaMuTeQ markup
    assert back.loc[1, "text"] == DOCS.loc[1, "text"]
    with pytest.raises(ValueError, match="letters and digits"):
        E.to_iramuteq(DOCS, tmp_path / "x.txt", variables={"outlet": "le_journal"})


def test_iramuteq_reader_rejects_text_before_the_first_header(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_text("du texte\n**** *a_b\nsuite\n", encoding="utf-8")
    with pytest.raises(ValueError, match="before the first"):
        E.read_iramuteq(p)


def test_txm_txt_and_metadata_round_trip(tmp_path):
    folder = E.to_txm(DOCS, tmp_path / "txm")
    assert sorted(p.name for p in folder.iterdir()) == ["a01.txt", "a_02.txt", "metadata.csv"]
    header = (folder / "metadata.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "id,title,date,outlet,story_id"
    back = E.read_txm(folder)
    assert back["id"].tolist() == ["a01", "a_02"]
    assert back["text"].tolist() == DOCS["text"].tolist()
    assert back.loc[0, "date"] == "2025-08-16" and back.loc[1, "date"] == ""
    assert back.loc[0, "title"] == "Sommet d'Anchorage"


def test_gexf_actor_graph_round_trip(tmp_path):
    rel = pd.DataFrame({"source": ["trump", "trump", "putin"],
                        "target": ["putin", "putin", "trump"], "polarity": [1, -1, 1]})
    men = pd.DataFrame({"actor": ["trump", "putin", "putin", "zelensky"]})
    G = E.actor_graph(rel, men)
    path = E.to_gexf(G, tmp_path / "actors.gexf")
    back = nx.read_gexf(path)
    assert back.is_directed() and set(back.nodes) == {"trump", "putin", "zelensky"}
    e = back.edges["trump", "putin"]
    assert e["weight"] == 2 and e["positive"] == 1 and e["negative"] == 1
    assert e["polarity"] == 0.0
    assert back.nodes["putin"]["mentions"] == 2


def test_gexf_bytes_are_reproducible(tmp_path, monkeypatch):
    import time as _time

    rel = pd.DataFrame({"source": ["trump", "putin"], "target": ["putin", "trump"],
                        "polarity": [1, -1]})
    a = E.to_gexf(E.actor_graph(rel), tmp_path / "a.gexf", date="2025-08-16").read_bytes()
    # another day (networkx stamps the export day with time.strftime): same bytes
    monkeypatch.setattr(_time, "strftime", lambda fmt, *args: "2031-01-02")
    b = E.to_gexf(E.actor_graph(rel), tmp_path / "b.gexf", date="2025-08-16").read_bytes()
    assert a == b and b'lastmodifieddate="2025-08-16"' in a
    c = E.to_gexf(E.actor_graph(rel), tmp_path / "c.gexf").read_bytes()
    assert b"lastmodifieddate" not in c and nx.read_gexf(tmp_path / "c.gexf").number_of_edges() == 2


def test_tables_csv_and_parquet_read_back(tmp_path):
    tables = {"documents": DOCS,
              "topics": pd.DataFrame({"topic_id": [0], "top_terms": [["paix", "sommet"]]})}
    csvs = E.export_tables(tables, tmp_path / "csv", "csv")
    back = pd.read_csv(csvs[0], keep_default_na=False)
    assert back["doc_id"].tolist() == ["a01", "a/02"]
    assert back["date"].tolist() == ["2025-08-16", ""]
    assert pd.read_csv(csvs[1])["top_terms"].tolist() == ["paix|sommet"]
    pq = E.export_tables(tables, tmp_path / "pq", "parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(pq[0]), DOCS)
    with pytest.raises(ValueError):
        E.export_tables(tables, tmp_path, "xlsx")


@pytest.mark.parametrize("fmt", E.FORMATS)
def test_cli_export_every_format_on_the_embedded_corpus(fmt, embedded_build, tmp_path,
                                                        capsys):
    out_tables, _ = embedded_build
    assert main(["export", "--format", fmt, "--out", str(tmp_path / fmt),
                 "--tables-dir", str(out_tables)]) == 0
    assert f"({fmt})" in capsys.readouterr().out
    docs = read_table("documents", out_tables)
    if fmt == "iramuteq":
        back = E.read_iramuteq(tmp_path / fmt / "corpus_iramuteq.txt")
        assert len(back) == len(docs) >= 5
    elif fmt == "txm":
        assert len(E.read_txm(tmp_path / fmt / "txm")) >= 5
    elif fmt == "gexf":
        assert nx.read_gexf(tmp_path / fmt / "actors.gexf").number_of_nodes() > 0
        assert nx.read_gexf(tmp_path / fmt / "cooccurrence.gexf").number_of_edges() > 0
    else:
        names = sorted(p.stem for p in (tmp_path / fmt).iterdir())
        assert names == sorted(E.table_names())
        reader = pd.read_csv if fmt == "csv" else pd.read_parquet
        assert len(reader(tmp_path / fmt / f"documents.{fmt}")) == len(docs)


def test_cli_export_rejects_unknown_format(tmp_path):
    with pytest.raises(SystemExit):
        main(["export", "--format", "docx", "--out", str(tmp_path)])
