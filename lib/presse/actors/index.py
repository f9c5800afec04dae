"""The corpus's actors: one row per actor id, and the merge of name variants across articles.

Why a corpus step: the mentions table is built one document at a time (its cache stays valid
chunk by chunk), so an article that only says « Merkel » gets the id ``merkel`` while the
articles that say « Angela Merkel » get ``angela_merkel``. Only the whole corpus can tell
that the two are one person; the ``actor_index`` table records it (``merged_into``) without
rewriting the mentions, and :func:`canonical_ids` applies it to any table on demand.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from presse.actors.entities import HONORIFIC_WORDS, fuller_ids
from presse.text import slug

INDEX_COLUMNS = ["actor", "label", "kind", "source", "n_mentions", "n_documents",
                 "merged_into"]
#: Columns that hold actor ids, per table, for :func:`canonical_ids`.
ID_COLUMNS = ("actor", "source", "target", "speaker")
_HONORIFICS = tuple(h + " " for h in HONORIFIC_WORDS)


def _name(surface: str) -> str:
    for h in _HONORIFICS:
        if surface.startswith(h):
            return surface[len(h):].strip()
    return surface


def _most_frequent(frame: pd.DataFrame, column: str, ties: str = "sorted") -> pd.Series:
    """Per actor, the most frequent value of ``column``; ties go to the first value in sort
    order (``ties="sorted"``) or in row order (``"first"``, as ``value_counts``)."""
    g = frame.assign(_pos=range(len(frame))).groupby(["actor", column])
    n = pd.DataFrame({"n": g.size(), "_pos": g["_pos"].min()}).reset_index()
    tie = column if ties == "sorted" else "_pos"
    n = n.sort_values(["actor", "n", tie], ascending=[True, False, True], kind="stable")
    return n.drop_duplicates("actor").set_index("actor")[column]


def actor_index(mentions: pd.DataFrame, actors: str | Path | pd.DataFrame | None = None
                ) -> pd.DataFrame:
    """Every actor id of a mentions table, with what it stands for.

    Output columns: actor (id), label (the actor file's label; for an actor found by NER
    the most frequent written form among its fullest forms, honorific removed), kind
    (person / country / organisation), source (``file`` or ``ner``), n_mentions,
    n_documents, merged_into (for a person id found by NER that is the last words of
    exactly one longer person id of the corpus, that id: ``merkel`` -> ``angela_merkel``;
    else <NA>). Sorted by n_mentions (descending), then actor. Actor-file ids are never
    merged into another id.
    """
    from presse.actors import load_actors

    file_actors = actors if isinstance(actors, pd.DataFrame) else load_actors(actors)
    first = file_actors.drop_duplicates("actor").set_index("actor")
    m = mentions[mentions["actor"].notna()]
    m = m.assign(actor=m["actor"].astype(str), doc_id=m["doc_id"].astype(str),
                 kind=m["kind"].astype(str), surface=m["surface"].astype(str))
    if len(m) == 0:
        return _typed(pd.DataFrame(columns=INDEX_COLUMNS))
    counts = m.groupby("actor").agg(n_mentions=("doc_id", "size"),
                                    n_documents=("doc_id", "nunique"))
    # every per-actor choice as one grouped operation: a Python loop over the ids costs
    # minutes at 100,000 articles (300,000 ids)
    counts["kind"] = _most_frequent(m, "kind", ties="first")
    in_file = counts.index.isin(first.index)
    ner = m[~m["actor"].isin(first.index)]
    ner = ner.assign(name=ner["surface"].map(_name))
    slugs = {n: slug(n) for n in ner["name"].unique()}
    full = ner["name"].map(slugs) == ner["actor"]
    has_full = full.groupby(ner["actor"]).transform("any")
    # label: the most frequent written form among the fullest ones (all forms when the id
    # was never written in full), ties to the first in alphabetical order
    labels = _most_frequent(ner[full | ~has_full], "name").to_dict()
    rows = [(a, str(first.at[a, "label"]), str(first.at[a, "kind"]), "file")
            for a in counts.index[in_file]]
    ner_counts = counts[~in_file]
    rows += [(a, labels[a], k, "ner") for a, k in zip(ner_counts.index, ner_counts["kind"],
                                                      strict=True)]
    ner_persons = ner_counts.index[ner_counts["kind"] == "person"].tolist()
    out = pd.DataFrame(rows, columns=["actor", "label", "kind", "source"]).set_index("actor")
    out = out.join(counts[["n_mentions", "n_documents"]])
    out["merged_into"] = pd.Series(fuller_ids(ner_persons), dtype="string")
    out = out.reset_index()
    out = out.sort_values(["n_mentions", "actor"], ascending=[False, True], kind="stable")
    return _typed(out[INDEX_COLUMNS])


def canonical_ids(table: pd.DataFrame, actor_index: pd.DataFrame,
                  columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A copy of ``table`` (mentions, stance, relations ...) with every id merged as the
    ``actor_index`` says (``merged_into``): « Merkel » of one article and « Angela Merkel »
    of another become one actor. ``columns``: the id columns to rewrite (default: those of
    ``actor``, ``source``, ``target``, ``speaker`` present)."""
    merge = actor_index.dropna(subset=["merged_into"])
    mapping = dict(zip(merge["actor"].astype(str), merge["merged_into"].astype(str),
                       strict=True))
    out = table.copy()
    for c in columns or [c for c in ID_COLUMNS if c in table.columns]:
        out[c] = out[c].map(lambda a: mapping.get(a, a) if isinstance(a, str) else a
                            ).astype(table[c].dtype)
    return out


def actor_index_table(mentions: pd.DataFrame, actors: str | None = None) -> pd.DataFrame:
    """The build step: :func:`actor_index` of the mentions with the build's actor file."""
    return actor_index(mentions, str(actors) if actors else None)


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype({"actor": "string", "label": "string", "kind": "string",
                      "source": "string", "n_mentions": "int64", "n_documents": "int64",
                      "merged_into": "string"}).reset_index(drop=True)
