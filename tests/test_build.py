"""The build pipeline: cache, invalidation, chunked resume, atomic outputs, CLI."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from presse import build as B
from presse import config
from presse.cli import main

CONTRACT = {
    "documents": ["doc_id", "source_path", "title", "date", "date_source", "outlet", "text",
                  "n_words", "story_id"],
    "paragraphs": ["doc_id", "para_id", "text"],
    "sentences": ["doc_id", "sent_id", "para_id", "text"],
    "mentions": ["doc_id", "sent_id", "actor", "surface", "start", "end"],
}


REGISTERED_STEPS = list(B.STEPS)  # before the fixture below empties the registry


@pytest.fixture(autouse=True)
def core_steps_only(monkeypatch):
    """Build only the foundation tables here (the analyses have their own tests); the
    session ``embedded_build`` fixture still runs every registered step."""
    monkeypatch.setattr(B, "STEPS", [])


def _tree_state(folder: Path) -> dict[str, tuple[str, int]]:
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                               p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_embedded_build_tables_follow_the_contract(embedded_build):
    out, result = embedded_build
    tables = B.load_tables(list(CONTRACT), out=out, rebuild="never")
    for name, cols in CONTRACT.items():
        assert set(cols) <= set(tables[name].columns), name
        assert len(tables[name]) == result.tables[name] > 0
    docs, sents, ments = tables["documents"], tables["sentences"], tables["mentions"]
    assert len(docs) == 5
    assert set(sents["doc_id"]) == set(docs["doc_id"])
    # offsets point into the sentence text
    joined = ments.merge(sents, on=["doc_id", "sent_id"], suffixes=("", "_s"))
    assert all(t[s:e] == surf for t, s, e, surf in zip(
        joined["text"], joined["start"], joined["end"], joined["surface"], strict=True))
    counts = ments["actor"].value_counts()
    assert counts["putin"] > 10 and counts["trump"] > 10 and counts["russia"] > 5
    assert (out / B.MANIFEST).is_file() and (out / B.SKIPPED_CSV).is_file()


def test_build_never_writes_into_the_raw_folder(make_corpus, tmp_path):
    corpus = make_corpus()
    before = _tree_state(corpus)
    B.build(corpus, tmp_path / "out", progress=False)
    assert _tree_state(corpus) == before


def test_embedded_raw_files_untouched(embedded_build):
    out, _ = embedded_build
    before = _tree_state(config.RAW)
    B.load_tables(["sentences"], out=out)  # a cache check re-reads (hashes) raw files
    assert _tree_state(config.RAW) == before
    assert not list(config.RAW.glob(".*.tmp"))


def test_second_build_reuses_everything(make_corpus, tmp_path):
    corpus, out = make_corpus(), tmp_path / "out"
    first = B.build(corpus, out, chunk_size=2, progress=False)
    state = _tree_state(out / "sentences")
    second = B.build(corpus, out, chunk_size=2, progress=False)
    assert (first.chunks_done, first.chunks_reused) == (2, 0)
    assert (second.chunks_done, second.chunks_reused) == (0, 2)
    assert _tree_state(out / "sentences") == state
    assert second.tables == first.tables
    assert B.is_current(["mentions"], corpus, out)


def test_changed_raw_file_rebuilds_only_its_chunk(make_corpus, tmp_path):
    corpus, out = make_corpus(), tmp_path / "out"
    B.build(corpus, out, chunk_size=1, progress=False)
    path = corpus / "a03_sanctions.txt"
    path.write_text(path.read_text(encoding="utf-8") + " Emmanuel Macron a réagi.",
                    encoding="utf-8")
    assert not B.is_current(["mentions"], corpus, out)
    result = B.build(corpus, out, chunk_size=1, progress=False)
    assert (result.chunks_done, result.chunks_reused) == (1, 2)
    ments = B.load_tables(["mentions"], corpus, out, rebuild="never")["mentions"]
    assert "macron" in set(ments["actor"])


def test_force_recomputes(make_corpus, tmp_path):
    corpus, out = make_corpus(), tmp_path / "out"
    B.build(corpus, out, progress=False)
    assert B.build(corpus, out, force=True, progress=False).chunks_done == 1


def test_chunked_and_single_chunk_builds_are_identical(make_corpus, tmp_path):
    corpus = make_corpus()
    B.build(corpus, tmp_path / "one", chunk_size=100, progress=False)
    B.build(corpus, tmp_path / "many", chunk_size=1, progress=False)
    for name in ("documents", "sentences", "mentions"):
        a = B.read_table(name, tmp_path / "one")
        b = B.read_table(name, tmp_path / "many")
        assert len(list((tmp_path / "many" / name).glob("part-*.parquet"))) == 3
        pd.testing.assert_frame_equal(a.drop(columns=["story_id"], errors="ignore"),
                                      b.drop(columns=["story_id"], errors="ignore"))


def _interrupting_step(state: dict):
    def run(sentences: pd.DataFrame) -> pd.DataFrame:
        state["calls"] += 1
        if state["calls"] == state["fail_at"]:
            raise KeyboardInterrupt
        return sentences[["doc_id", "sent_id"]].assign(n_chars=sentences["text"].str.len())
    return run


def test_interrupted_build_resumes_and_keeps_cache_consistent(make_corpus, tmp_path,
                                                              monkeypatch):
    corpus, out = make_corpus(), tmp_path / "out"
    state = {"calls": 0, "fail_at": 3}
    step = B.Step("lengths", ("sentences",), _interrupting_step(state), scope="document")
    monkeypatch.setattr(B, "STEPS", [step])
    B.build(corpus, out, chunk_size=1, tables=["sentences"], progress=False)
    before = B.read_table("sentences", out)
    with pytest.raises(KeyboardInterrupt):
        B.build(corpus, out, chunk_size=1, progress=False)
    # the previous manifest still describes complete, readable tables
    manifest = json.loads((out / B.MANIFEST).read_text())
    assert "lengths" not in manifest["tables"]
    pd.testing.assert_frame_equal(B.read_table("sentences", out), before)
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    # rerun: the two finished chunks are reused, only the interrupted one is computed
    result = B.build(corpus, out, chunk_size=1, progress=False)
    assert (result.chunks_done, result.chunks_reused) == (1, 2)
    assert state["calls"] == 4
    lengths = B.read_table("lengths", out)
    assert len(lengths) == len(before)


def test_failed_write_leaves_previous_outputs(make_corpus, tmp_path, monkeypatch):
    corpus, out = make_corpus(), tmp_path / "out"
    B.build(corpus, out, progress=False)
    before = _tree_state(out)
    (corpus / "a01_sommet.txt").write_text("Nouveau texte sur Poutine et Trump. " * 5,
                                           encoding="utf-8")

    def disk_full(df, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(B, "write_parquet_atomic", disk_full)
    with pytest.raises(OSError):
        B.build(corpus, out, progress=False)
    assert _tree_state(out) == before


def test_registered_steps_document_and_corpus(make_corpus, tmp_path, monkeypatch):
    corpus, out = make_corpus(), tmp_path / "out"
    seen = {}

    def per_doc(sentences):
        return sentences[["doc_id", "sent_id"]].assign(one=1)

    def corpus_wide(documents, mentions):
        seen["docs"] = len(documents)
        counts = mentions.groupby("actor").size().rename("n").reset_index()
        return {"actor_counts": counts, "n_docs": pd.DataFrame({"n": [len(documents)]})}

    monkeypatch.setattr(B, "STEPS", [
        B.Step("ones", ("sentences",), per_doc, scope="document"),
        B.Step("counts", ("documents", "mentions"), corpus_wide,
               outputs=("actor_counts", "n_docs")),
    ])
    tables = B.load_tables(["ones", "actor_counts", "n_docs"], corpus, out, chunk_size=1)
    assert seen["docs"] == 3  # the corpus step saw the assembled tables, not one chunk
    assert tables["n_docs"]["n"].tolist() == [3]
    assert tables["actor_counts"].set_index("actor")["n"]["putin"] >= 3
    assert len(tables["ones"]) == len(B.read_table("sentences", out))


def test_unknown_table_and_bad_step(tmp_path, make_corpus):
    with pytest.raises(KeyError, match="unknown table"):
        B.load_tables(["nope"], make_corpus(), tmp_path / "out")
    with pytest.raises(ValueError, match="scope"):
        B.Step("x", (), lambda: None, scope="galaxy")


def test_missing_table_without_rebuild(tmp_path, make_corpus):
    with pytest.raises(FileNotFoundError):
        B.load_tables(["sentences"], make_corpus(), tmp_path / "empty", rebuild="never")


def test_cli_build_prints_summary(make_corpus, tmp_path, capsys):
    corpus, out = make_corpus(), tmp_path / "out"
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--quiet",
                 "--chunk-size", "2"]) == 0
    text = capsys.readouterr().out
    for name in ("documents", "paragraphs", "sentences", "mentions"):
        assert name in text
    assert "skipped inputs: none" in text
    assert main(["build", "--corpus", str(tmp_path / "missing"), "--out", str(out),
                 "--quiet"]) == 2
    assert "missing" in capsys.readouterr().err


def test_output_inside_the_corpus_is_refused(make_corpus):
    corpus = make_corpus()
    with pytest.raises(ValueError, match="must not be inside the corpus"):
        B.build(corpus, corpus / "processed", progress=False)
    assert not (corpus / "processed").exists()


def test_code_change_invalidates_only_dependent_tables(make_corpus, tmp_path, monkeypatch):
    corpus, out = make_corpus(), tmp_path / "out"

    def v1(sentences):
        return sentences[["doc_id", "sent_id"]].assign(v=1)

    def v2(sentences):
        return sentences[["doc_id", "sent_id"]].assign(v=2)

    monkeypatch.setattr(B, "STEPS", [B.Step("extra", ("sentences",), v1, scope="document")])
    B.build(corpus, out, progress=False)
    sentence_parts = _tree_state(out / "sentences")
    assert B.is_current(["extra"], corpus, out)
    monkeypatch.setattr(B, "STEPS", [B.Step("extra", ("sentences",), v2, scope="document")])
    assert B.stale_tables(["extra"], corpus, out) == ["extra"]
    assert set(B.load_tables(["extra"], corpus, out)["extra"]["v"]) == {2}
    assert _tree_state(out / "sentences") == sentence_parts  # not recomputed


def test_data_file_change_invalidates_its_step(make_corpus, tmp_path, monkeypatch):
    """A step's declared data_files are part of its code fingerprint."""
    corpus, out = make_corpus(), tmp_path / "out"
    lexicon = tmp_path / "lexicon.csv"
    lexicon.write_text("term,weight\nbon,1\n", encoding="utf-8")

    def run(sentences):
        w = pd.read_csv(lexicon)["weight"].iloc[0]
        return sentences[["doc_id", "sent_id"]].assign(w=w)

    monkeypatch.setattr(B, "STEPS", [B.Step("lex", ("sentences",), run, scope="document",
                                            data_files=(str(lexicon),))])
    B.build(corpus, out, progress=False)
    sentence_parts = _tree_state(out / "sentences")
    assert B.is_current(["lex"], corpus, out)
    lexicon.write_text("term,weight\nbon,2\n", encoding="utf-8")
    assert B.stale_tables(["lex"], corpus, out) == ["lex"]
    assert set(B.load_tables(["lex"], corpus, out)["lex"]["w"]) == {2}
    assert _tree_state(out / "sentences") == sentence_parts  # not recomputed


def test_sentiment_step_declares_its_addendum():
    step = next(s for s in REGISTERED_STEPS if s.name == "sentiment")
    assert (config.PACKAGE_DATA / step.data_files[0]).is_file()


def test_stance_and_relations_are_one_step_fingerprinted_with_what_it_declares(monkeypatch,
                                                                              tmp_path):
    ctx = B.Context(out=Path("."), corpus=Path("."), actors=None, steps=tuple(REGISTERED_STEPS))
    real_text = B._module_text
    step = next(s for s in REGISTERED_STEPS if "stance" in s.tables)
    assert step.tables == ("stance", "relations")  # one parse, two tables
    assert "relation_cues.csv" in step.data_files
    assert all((config.PACKAGE_DATA / f).is_file() for f in step.data_files)
    assert [p.name for p in step.model_paths()] == ["relation_model.json.gz",
                                                    "tone_model.json.gz"]
    before = B._step_extra(step, ctx)
    # the tone model's probabilities are features of the relation model: another tone
    # model file in force changes the fingerprint
    from presse import tone

    other = tmp_path / "other_tone.json.gz"
    other.write_bytes(b"another model")
    monkeypatch.setenv(tone.MODEL_ENV, str(other))
    assert B._step_extra(step, ctx) != before
    monkeypatch.delenv(tone.MODEL_ENV)
    assert B._step_extra(step, ctx) == before
    # the rule engine parses with presse.nlp and reuses the sentiment lexicon: editing
    # either module must change the step's fingerprint
    for module in ("presse.sentiment", "presse.nlp", "presse.text"):
        monkeypatch.setattr(B, "_module_text", lambda m, *a, _m=module, **k:
                            (real_text(m, *a, **k) or "") + ("#edit" if m == _m else ""))
        assert B._step_extra(step, ctx) != before, module
        monkeypatch.setattr(B, "_module_text", real_text)


def test_steps_declare_options_instead_of_name_checks():
    by_name = {s.name: s for s in [*B.CORE_STEPS, *REGISTERED_STEPS]}
    assert by_name["mentions"].options == ("actors", "every_actor", "coref")
    assert by_name["sentences"].options == ("n_process",)
    # the coref switch changes the mentions fingerprint only when it is on
    ctx = B.Context(out=Path("."), corpus=Path("."), actors=None, steps=())
    off = B._step_extra(by_name["mentions"], ctx)
    assert off == B._step_extra(by_name["mentions"], B.Context(
        out=Path("."), corpus=Path("."), actors=None, steps=(), coref=False))
    assert off != B._step_extra(by_name["mentions"], B.Context(
        out=Path("."), corpus=Path("."), actors=None, steps=(), coref=True))
    with pytest.raises(ValueError, match="unknown options"):
        B.Step("x", ("sentences",), lambda sentences: sentences, options=("colour",))
    step = B.Step("x", inputs=("sentences",), run=lambda sentences: sentences)
    assert step.needs == ("sentences",)


def test_console_script_entry_point():
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("presse")
    proc = subprocess.run([str(exe), "build", "--help"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0
    assert "--chunk-size" in proc.stdout and "--corpus" in proc.stdout


def test_bad_inputs_are_reported_not_fatal(make_corpus, tmp_path):
    from conftest import SAMPLE_ARTICLES

    corpus = make_corpus(dict(SAMPLE_ARTICLES), metadata="")
    (corpus / "vide.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = B.build(corpus, tmp_path / "out", progress=False)
    assert result.tables["documents"] == 3
    reasons = dict(zip(result.skipped["source_path"].str.split("/").str[-1],
                       result.skipped["reason"], strict=True))
    assert reasons == {"vide.txt": "empty_file", "image.txt": "binary_file"}
    written = pd.read_csv(tmp_path / "out" / B.SKIPPED_CSV)
    assert len(written) == 2 and "image.txt" in " ".join(written["detail"])
    assert "image.txt" in result.summary()


def test_table_corpus_in_chunks(tmp_path):
    from conftest import SAMPLE_ARTICLES

    texts = list(SAMPLE_ARTICLES.values())
    table = pd.DataFrame({"id": [f"r{i}" for i in range(6)],
                          "date": ["2025-08-16", "2024-11-08", "2025-10-22"] * 2,
                          "text": [t + f" Paragraphe {i}." for i, t in
                                   enumerate(texts * 2)]})
    path = tmp_path / "articles.csv"
    table.to_csv(path, index=False)
    result = B.build(path, tmp_path / "out", chunk_size=4, progress=False)
    assert (result.chunks_done, result.tables["documents"]) == (2, 6)
    docs = B.read_table("documents", tmp_path / "out")
    assert docs["doc_id"].tolist() == [f"r{i}" for i in range(6)]
    ments = B.read_table("mentions", tmp_path / "out")
    # the role resolves with each row's date
    roles = ments[ments["surface"].str.contains("président américain")]
    assert set(roles["actor"]) == {"trump"}


def test_custom_actor_file_is_kept_by_load_tables(make_corpus, tmp_path):
    corpus, out = make_corpus(), tmp_path / "out"
    actors = tmp_path / "actors.yml"
    actors.write_text("actors:\n  anchorage:\n    label: Anchorage\n    kind: organisation\n"
                      "    aliases: [Anchorage, Alaska]\n", encoding="utf-8")
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--quiet",
                 "--actors", str(actors)]) == 0
    manifest = (out / B.MANIFEST).read_text()
    ments = B.load_tables(["mentions"], corpus, out)["mentions"]
    # the file's actors (NER actors come besides them: rules ner / ner_name)
    assert set(ments.loc[~ments["rule"].isin(["ner", "ner_name"]), "actor"]) == {"anchorage"}
    assert (out / B.MANIFEST).read_text() == manifest  # read, not rebuilt
    # editing the actor file makes the mentions stale
    actors.write_text(actors.read_text().replace("Alaska", "Kiev"), encoding="utf-8")
    assert B.stale_tables(["mentions"], corpus, out, actors=actors) == ["mentions"]


def test_stale_corpus_step_alone_reuses_other_cached_tables(make_corpus, tmp_path, monkeypatch):
    """Loading only a stale corpus step's tables, with every other table cached (chunk
    markers listing document tables the selection does not need), rebuilds just that step."""
    corpus, out = make_corpus(), tmp_path / "out"

    def per_doc(sentences):
        return sentences[["doc_id", "sent_id"]].assign(one=1)

    def n_docs_v1(documents):
        return {"n_docs": pd.DataFrame({"n": [len(documents)], "v": [1]})}

    def n_docs_v2(documents):
        return {"n_docs": pd.DataFrame({"n": [len(documents)], "v": [2]})}

    steps = [B.Step("ones", ("sentences",), per_doc, scope="document")]
    monkeypatch.setattr(B, "STEPS", steps + [B.Step("count", ("documents",), n_docs_v1,
                                                    outputs=("n_docs",))])
    B.build(corpus, out, progress=False)
    ones_parts = _tree_state(out / "ones")
    monkeypatch.setattr(B, "STEPS", steps + [B.Step("count", ("documents",), n_docs_v2,
                                                    outputs=("n_docs",))])
    assert B.stale_tables(["n_docs", "ones"], corpus, out) == ["n_docs"]
    assert B.load_tables(["n_docs"], corpus, out)["n_docs"]["v"].tolist() == [2]
    assert _tree_state(out / "ones") == ones_parts  # kept, still listed and current
    assert B.is_current(["ones", "sentences", "n_docs"], corpus, out)


def test_two_builds_into_one_folder_never_interleave(tmp_path):
    """The build lock: a second holder waits (or, without waiting, stops with a message
    naming the folder) while the first holds it."""
    import subprocess
    import sys

    from presse.build import build_lock

    out = tmp_path / "tables"
    with build_lock(out):
        with (pytest.raises(RuntimeError, match="another presse build is writing to"),
              build_lock(out, wait=False)):
            pass
        # another process blocks until the lock is released
        code = ("import sys, pathlib; from presse.build import build_lock\n"
                f"with build_lock(pathlib.Path({str(out)!r}), wait=False): pass")
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=False)
        assert res.returncode != 0 and "another presse build" in res.stderr
    with build_lock(out, wait=False):  # released: free again
        pass


def test_outputs_follow_the_umask(tmp_path):
    """Files written atomically get the mode a plain open() gives (umask), not mkstemp's 0600,
    so a report folder copied to a web server stays readable."""
    import os

    from presse.io import write_text_atomic

    old = os.umask(0o022)
    try:
        p = write_text_atomic(tmp_path / "page.html", "<p>ok</p>")
    finally:
        os.umask(old)
    assert (p.stat().st_mode & 0o777) == 0o644


def test_every_actor_option_changes_the_mentions_fingerprint_not_n_process():
    by_name = {s.name: s for s in [*B.CORE_STEPS, *REGISTERED_STEPS]}
    ctx = B.Context(out=Path("."), corpus=Path("."), actors=None, steps=())
    on = B._step_extra(by_name["mentions"], ctx)
    assert B._step_extra(by_name["mentions"], replace(ctx, every_actor=False)) != on
    assert B._step_extra(by_name["mentions"], replace(ctx, n_process=2)) == on
    assert by_name["actor_index"].scope == "corpus"
    assert by_name["actor_index"].needs == ("mentions",)


def test_coref_choice_is_kept_by_load_tables(make_corpus, tmp_path):
    """A notebook's ``load_tables`` call does not undo ``presse build --coref``: the manifest
    records the choice and the tables are read, not rebuilt without coreference."""
    corpus, out = make_corpus(), tmp_path / "out"
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--quiet",
                 "--coref"]) == 0
    manifest = (out / B.MANIFEST).read_text()
    assert json.loads(manifest)["coref"] is True
    B.load_tables(["mentions"], corpus, out)
    assert (out / B.MANIFEST).read_text() == manifest  # read, not rebuilt
    # asking for no coreference explicitly does rebuild the mentions
    assert B.stale_tables(["mentions"], corpus, out, coref=False) == ["mentions"]


def test_load_tables_with_a_folder_reads_the_corpus_built_there(make_corpus, tmp_path):
    """``load_tables(names, out=FOLDER)`` without a corpus reads the tables of the corpus
    built into FOLDER (``presse build --corpus C --out FOLDER``, ``presse report``): before,
    it took the embedded corpus as the default and rebuilt FOLDER's tables from it."""
    corpus, out = make_corpus(), tmp_path / "out"
    B.build(corpus, out, progress=False)
    manifest = (out / B.MANIFEST).read_text()
    docs = B.load_tables(["documents"], out=out)["documents"]
    assert docs["doc_id"].tolist() == B.read_table("documents", out)["doc_id"].tolist()
    assert not docs["source_path"].str.contains("data/raw").any()
    assert (out / B.MANIFEST).read_text() == manifest  # read, not rebuilt
    # the corpus moved away: the tables are read as they are, not rebuilt from data/raw
    moved = corpus.rename(tmp_path / "elsewhere")
    docs = B.load_tables(["documents"], out=out)["documents"]
    assert not docs["source_path"].str.contains("data/raw").any()
    assert (out / B.MANIFEST).read_text() == manifest
    assert moved.is_dir()
