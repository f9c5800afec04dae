"""Tests of presse.relation_model: features, persistence, the dev-fold guard, the CLI."""

from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest
from presse import relation_model as RM


def _feats(text: str, names: list[tuple[str, str]], pair=(0, 1)):
    spans = []
    for surface, actor in names:
        i = text.index(surface)
        spans.append(RM.Span(i, i + len(surface), actor, "person"))
    feats, _ = RM.sentence_features([text], [spans], [[pair]])
    return feats[0]


def test_features_of_a_plain_svo_relation():
    f = _feats("Emmanuel Macron a félicité Joe Biden pour sa victoire.",
               [("Emmanuel Macron", "macron"), ("Joe Biden", "biden")])
    assert f["order=st"] == 1.0
    # the small parser may split this sentence: the cue is then seen between the mentions
    assert f.get("cue_path=+", 0) + f.get("cue_btw=+", 0) >= 1.0
    assert f["cue_lemma=féliciter"] == 1.0
    assert f["rule=+1"] == 1.0  # the rule engine's decision is a feature
    assert "neg_path" not in f and "question" not in f and "cond" not in f


def test_features_see_negation_conditionals_questions_and_quotes():
    neg = _feats("Emmanuel Macron n'a pas critiqué Joe Biden.",
                 [("Emmanuel Macron", "macron"), ("Joe Biden", "biden")])
    assert neg.get("neg_path") == 1.0 or neg.get("neg_btw") == 1.0
    assert neg["rule=0"] == 1.0
    cond = _feats("Si Moscou attaquait, Washington sanctionnerait la Russie.",
                  [("Washington", "usa"), ("Russie", "russia")])
    assert cond["si"] == 1.0 and cond["cond"] == 1.0
    q = _feats("Joe Biden va-t-il critiquer Vladimir Poutine ?",
               [("Joe Biden", "biden"), ("Vladimir Poutine", "putin")])
    assert q["question"] == 1.0
    quote = _feats("« Poutine est un menteur », a déclaré Joe Biden.",
                   [("Joe Biden", "biden"), ("Poutine", "putin")])
    assert quote["order=ts"] == 1.0 and quote["tgt_in_quote"] == 1.0
    assert quote["report_verb"] == 1.0 and quote["tone_tgt"] < 0


def test_names_are_not_features():
    f = _feats("Joe Biden a rencontré Angela Merkel à Berlin.",
               [("Joe Biden", "biden"), ("Angela Merkel", "merkel")])
    assert not any("merkel" in k.lower() or "berlin" in k.lower() for k in f)


def test_model_file_round_trip_and_determinism(tmp_path):
    rng = np.random.default_rng(0)
    feats = [{f"w{j}": 1.0 for j in rng.choice(20, 4, replace=False)} for _ in range(60)]
    y = [1 if "w1" in f else -1 if "w2" in f else 0 for f in feats]
    m = RM.RelationModel(C=1.0, threshold=0.4).fit(feats, y)
    a, b = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    da = m.to_file(a)
    db = RM.RelationModel(C=1.0, threshold=0.4).fit(feats, y).to_file(b)
    assert da == db and a.read_bytes() == b.read_bytes()
    back = RM.RelationModel.from_file(a)
    assert back.threshold == 0.4
    assert np.allclose(back.predict_proba(feats), m.predict_proba(feats), atol=1e-5)
    assert (back.decide(back.predict_proba(feats)) == m.decide(m.predict_proba(feats))).all()


def test_bad_model_file_error_names_the_file(tmp_path):
    bad = tmp_path / "broken.json.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(ValueError, match="broken.json.gz"):
        RM.RelationModel.from_file(bad)
    other = tmp_path / "other.json.gz"
    other.write_bytes(gzip.compress(b'{"format": "something-else"}'))
    with pytest.raises(ValueError, match="other.json.gz.*not a presse relation model"):
        RM.RelationModel.from_file(other)
    with pytest.raises(FileNotFoundError, match="missing"):
        RM.load_model(tmp_path / "nope.json.gz")


def test_shipped_model_beats_the_rules_on_the_dev_fold():
    """Regression guard: the dev fold chose the model; it must stay above the rules."""
    items = RM.load_gold()
    dev = items[items["fold"] == "dev"].reset_index(drop=True)
    sc = RM.score_decisions(RM.gold_decisions(dev))
    assert sc.loc["learned", "f1"] > sc.loc["rules", "f1"]
    assert sc.loc["combined", "recall"] >= sc.loc["rules", "recall"]
    assert RM.load_model().meta_["command"] == "presse train relations"


def test_tables_agree_and_keep_the_contract():
    texts = ["Donald Trump a félicité Vladimir Poutine.",
             "Vladimir Poutine a rencontré Donald Trump."]
    sents = pd.DataFrame({"doc_id": "d", "sent_id": [0, 1], "text": texts})
    rows = [(k, a, t.index(n), t.index(n) + len(n)) for k, t in enumerate(texts)
            for n, a in (("Donald Trump", "trump"), ("Vladimir Poutine", "putin"))]
    ments = pd.DataFrame(rows, columns=["sent_id", "actor", "start", "end"]).assign(
        doc_id="d", kind="person")
    docs = pd.DataFrame({"doc_id": ["d"], "date": [pd.Timestamp("2025-01-01")]})
    for method in RM.METHODS:
        st, rel = RM.analyse(sents, ments, docs, method=method)
        assert list(rel.columns) == RM.RELATION_COLUMNS
        assert list(st.columns) == RM.STANCE_COLUMNS
        assert (rel["method"] == method).all() and (st["method"] == method).all()
        assert ((rel["source"] == "trump") & (rel["target"] == "putin") &
                (rel["polarity"] == 1) & (rel["sent_id"] == 0)).any(), method
        held = st[st["label"] != "NONE"]
        for r in rel.itertuples():
            row = st[(st["sent_id"] == r.sent_id) & (st["target"] == r.target)]
            assert len(row) == 1 and row["label"].iloc[0] != "NONE", (method, r)
        assert len(held) >= 1
    with pytest.raises(ValueError, match="method"):
        RM.analyse(sents, ments, docs, method="magic")


def test_cli_trains_on_a_tiny_csv(tmp_path, capsys):
    from presse.cli import main

    texts = [
        ("Emmanuel Macron a félicité Joe Biden.", "Emmanuel Macron", "Joe Biden", 1),
        ("Joe Biden a critiqué Vladimir Poutine.", "Joe Biden", "Vladimir Poutine", -1),
        ("Angela Merkel a rencontré Boris Johnson.", "Angela Merkel", "Boris Johnson", 0),
        ("Boris Johnson a salué Angela Merkel.", "Boris Johnson", "Angela Merkel", 1),
        ("Vladimir Poutine a accusé Joe Biden.", "Vladimir Poutine", "Joe Biden", -1),
        ("Joe Biden a reçu Emmanuel Macron.", "Joe Biden", "Emmanuel Macron", 0),
    ]
    rows = []
    for k, (t, s, g, lab) in enumerate(texts):
        rows.append({"article_id": k % 3, "text": t, "source": s, "source_start": t.index(s),
                     "source_end": t.index(s) + len(s), "target": g,
                     "target_start": t.index(g), "target_end": t.index(g) + len(g),
                     "label": lab})
    labels = tmp_path / "my.csv"
    pd.DataFrame(rows).to_csv(labels, index=False)
    out = tmp_path / "mine.json.gz"
    assert main(["train", "relations", "--labels", str(labels), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "grouped cross-validation" in printed and "learned" in printed
    assert RM.load_model(out).meta_["trained_on"] == "my.csv (6 pairs)"
    assert main(["train", "relations", "--labels", str(labels)]) == 2
    bad = tmp_path / "bad.csv"
    pd.DataFrame(rows).drop(columns="target_end").to_csv(bad, index=False)
    assert main(["train", "relations", "--labels", str(bad), "--out", str(out)]) == 2
    assert "bad.csv" in capsys.readouterr().err


def test_score_intervals_match_score_decisions():
    """The bootstrap's numpy scorer gives score_decisions' figures on the full sample, and
    each interval holds its value."""
    rng = np.random.default_rng(0)
    n = 300
    dec = pd.DataFrame({
        "article_id": rng.integers(0, 60, n),
        "source": np.where(rng.random(n) < 0.2, "WRITER", "A"),
        "label": rng.choice([-1, 0, 1], n, p=[0.1, 0.8, 0.1]),
    })
    for m in RM.METHODS:
        dec[m] = np.where(rng.random(n) < 0.7, dec["label"], rng.choice([-1, 0, 1], n))
    ref = RM.score_decisions(dec)
    ci = RM.score_intervals(dec, n_boot=200)
    assert len(ci) == 4 * len(RM.METHODS)
    for r in ci.itertuples():
        assert r.value == pytest.approx(ref.loc[r.method, r.score])
        assert r.low <= r.value <= r.high
        assert r.n_articles == dec["article_id"].nunique()


def test_build_option_selects_the_relation_method_and_is_kept(make_corpus, tmp_path):
    """``presse build --relations combined --relation-threshold 0.8``: the stance and
    relations tables say which method made them, the manifest records the choice, a
    notebook's ``load_tables`` keeps it, and changing it makes the tables stale."""
    from presse import build as B
    from presse.cli import main

    corpus, out = make_corpus(), tmp_path / "out"
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--quiet",
                 "--workers", "1", "--relations", "combined",
                 "--relation-threshold", "0.8"]) == 0
    manifest = B._load_manifest(out)
    assert (manifest["relation_method"], manifest["relation_threshold"]) == ("combined", 0.8)
    stance = B.read_table("stance", out)
    assert len(stance) and set(stance["method"]) == {"combined"}
    text = (out / B.MANIFEST).read_text()
    assert set(B.load_tables(["stance"], corpus, out)["stance"]["method"]) == {"combined"}
    assert (out / B.MANIFEST).read_text() == text  # kept, not rebuilt with the rules
    assert "stance" in B.stale_tables(["stance"], corpus, out)  # the rules: another table
    assert not B.stale_tables(["stance"], corpus, out, relation_method="combined",
                              relation_threshold=0.8)


def test_relation_options_are_checked():
    from presse import build as B

    assert B._relation_options(None, None) == (None, None)
    assert B._relation_options("rules", None) == (None, None)  # the default: same fingerprint
    assert B._relation_options("learned", "0.7") == ("learned", 0.7)
    with pytest.raises(ValueError, match="one of"):
        B._relation_options("neural", None)
    with pytest.raises(ValueError, match="between 0 and 1"):
        B._relation_options("combined", 1.5)
    with pytest.raises(ValueError, match="learned model"):
        B._relation_options(None, 0.8)
