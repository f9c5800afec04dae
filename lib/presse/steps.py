"""The build's steps: what each computes, what it needs, and what its result depends on.

A :class:`Step` declares everything the build needs to run it and to know when its tables
are stale; the build never branches on a step's name:

* ``needs`` (alias ``inputs``): the tables passed to ``run`` as keyword arguments;
* ``outputs``: the tables it returns (a dict) when it makes several (default: its name);
* ``code_modules``: the modules whose source the result depends on, besides the module of
  ``run`` (a package counts with all its files);
* ``data_files``: data files its code reads (names in ``presse/data/`` or absolute paths);
* ``options``: build options passed as keyword arguments (``"actors"``: the actor file,
  whose bytes are fingerprinted; ``"every_actor"``: NER actors besides the file's, whose
  value is fingerprinted; ``"n_process"``: spaCy processes, which change no result;
  ``"coref"``: append the pronouns and descriptions resolved by ``presse.coref`` to the
  mentions, off by default; when on, it and the source of ``OPTION_MODULES["coref"]`` are
  fingerprinted);
* ``model_file``: ``"module:function"`` returning the path of the model file in force
  (shipped, or chosen by an environment variable), or a tuple of them when the step reads
  several models; their bytes are fingerprinted.

Register an analysis with one line (``run`` as ``"module:function"`` keeps ``import
presse.build`` cheap)::

    STEPS.append(Step("sentiment", ("sentences",), "presse.sentiment:sentiment_table",
                      scope="document", data_files=("sentiment_addendum.csv",)))
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import pandas as pd

from presse.fingerprint import hash_strings, module_text

__all__ = ["CORE_STEPS", "CORE_TABLES", "OPTIONS", "STEPS", "Step"]

#: Build options a step may declare (see :class:`Step`).
OPTIONS = ("actors", "every_actor", "n_process", "coref", "relation_method",
           "relation_threshold")
#: Modules whose source a result depends on when a boolean option is on.
OPTION_MODULES = {"coref": ("presse.coref",)}
#: Options that change how fast a step runs, not its result (left out of fingerprints).
SPEED_OPTIONS = ("n_process",)


def _resolve(ref: Callable | str) -> Callable:
    if callable(ref):
        return ref
    module, _, attr = str(ref).partition(":")
    return getattr(import_module(module), attr)


@dataclass(frozen=True)
class Step:
    """One step of the build (see the module docstring for each field).

    scope: ``"document"`` when the result for a document depends only on that document (run
        chunk by chunk, in bounded memory); ``"corpus"`` (default) when it needs the whole
        corpus (fitted models, cross-document comparisons).
    """

    name: str
    needs: tuple[str, ...] = ()
    run: Callable | str | None = None
    scope: str = "corpus"
    outputs: tuple[str, ...] = ()
    data_files: tuple[str, ...] = ()
    code_modules: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    model_file: str | tuple[str, ...] | None = None
    inputs: tuple[str, ...] = ()

    def __post_init__(self):
        if self.scope not in {"document", "corpus"}:
            raise ValueError(f"step {self.name!r}: scope must be 'document' or 'corpus'")
        if self.run is None:
            raise ValueError(f"step {self.name!r}: no run function")
        unknown = set(self.options) - set(OPTIONS)
        if unknown:
            raise ValueError(f"step {self.name!r}: unknown options {sorted(unknown)}; "
                             f"known: {OPTIONS}")
        needs = tuple(self.needs or self.inputs)
        object.__setattr__(self, "needs", needs)
        object.__setattr__(self, "inputs", needs)
        object.__setattr__(self, "outputs", tuple(self.outputs))
        object.__setattr__(self, "data_files", tuple(str(f) for f in self.data_files))
        object.__setattr__(self, "code_modules", tuple(self.code_modules))
        object.__setattr__(self, "options", tuple(self.options))

    @property
    def tables(self) -> tuple[str, ...]:
        return self.outputs or (self.name,)

    @property
    def func(self) -> Callable:
        return _resolve(self.run)

    def model_paths(self) -> list[Path]:
        """The model files in force for this step (empty when it declares none)."""
        names = (self.model_file,) if isinstance(self.model_file, str) else self.model_file
        return [Path(_resolve(n)()) for n in names or ()]

    def model_path(self) -> Path | None:
        """The (first) model file in force for this step (None when it declares none)."""
        paths = self.model_paths()
        return paths[0] if paths else None

    def code_hash(self, source: Callable[[str], str | None] = module_text) -> str:
        """Hash of the code of ``run``: the source of its module (read without importing
        it: cheap cache checks); for a function defined in this module, its own source.
        ``source`` reads a module's text (the build passes its own reader)."""
        if not callable(self.run):
            module, _, attr = str(self.run).partition(":")
            return hash_strings([attr, source(module)])
        func = self.run
        name = getattr(func, "__qualname__", repr(func))
        module = getattr(func, "__module__", "") or ""
        text = None if module == __name__ else source(module, default=None)
        if text is None:
            try:
                text = inspect.getsource(func)
            except (OSError, TypeError):
                text = repr(func)
        return hash_strings([name, text])

    def call(self, tables: dict[str, pd.DataFrame], options: dict) -> dict[str, pd.DataFrame]:
        """Run the step on ``tables`` (its needs) with its declared ``options``; return
        ``{table: DataFrame}`` for every declared output."""
        kwargs = {n: tables[n] for n in self.needs}
        kwargs.update({k: options[k] for k in self.options if k in options})
        result = self.func(**kwargs)
        if isinstance(result, pd.DataFrame):
            if len(self.tables) != 1:
                raise TypeError(f"step {self.name!r} declares outputs {self.tables} but "
                                "returned one DataFrame")
            return {self.tables[0]: result}
        if isinstance(result, dict):
            missing = set(self.tables) - set(result)
            if missing:
                raise TypeError(f"step {self.name!r} did not return tables {sorted(missing)}")
            return {t: result[t] for t in self.tables}
        raise TypeError(f"step {self.name!r} returned {type(result).__name__}, not a "
                        "DataFrame/dict")


# --------------------------------------------------------------------------- foundation steps
def paragraphs_step(documents: pd.DataFrame) -> pd.DataFrame:
    """Paragraphs of the documents (presse.nlp)."""
    from presse.nlp import paragraphs

    return paragraphs(documents)


def sentences_step(paragraphs: pd.DataFrame, n_process: int = 1) -> pd.DataFrame:
    """Sentences of the paragraphs (presse.nlp, spaCy)."""
    from presse.nlp import sentences

    return sentences(paragraphs, n_process=n_process)


def mentions_step(sentences: pd.DataFrame, documents: pd.DataFrame,
                  actors: str | None = None, every_actor: bool = True,
                  coref: bool = False) -> pd.DataFrame:
    """Actor mentions (presse.actors) with the build's actor file; with ``every_actor``,
    the persons and organisations found by NER as well; with ``coref``, plus the pronouns
    and descriptions resolved by presse.coref (rule "coref")."""
    from presse.actors import find_mentions

    mentions = find_mentions(sentences, documents, actors=str(actors) if actors else None,
                             every_actor=every_actor)
    if coref:
        from presse.coref import add_coreference

        mentions = add_coreference(mentions, sentences, documents)
    return mentions


def stories_step(documents: pd.DataFrame) -> pd.DataFrame:
    """Same-story ids over the whole corpus (presse.story): doc_id, story_id."""
    from presse.story import assign_stories

    docs = documents[["doc_id", "text"]].reset_index(drop=True)
    story = assign_stories(docs) if len(docs) else pd.Series([], dtype="string")
    return pd.DataFrame({"doc_id": docs["doc_id"].astype("string"),
                         "story_id": pd.Series(story, dtype="string").values})


#: The foundation steps (documents are read by the corpus loader before them).
CORE_STEPS: list[Step] = [
    Step("paragraphs", ("documents",), paragraphs_step, scope="document",
         code_modules=("presse.nlp",)),
    Step("sentences", ("paragraphs",), sentences_step, scope="document",
         code_modules=("presse.nlp",), options=("n_process",)),
    Step("mentions", ("sentences", "documents"), mentions_step, scope="document",
         code_modules=("presse.actors", "presse.text"),
         data_files=("actors.yml", "stopwords_fr.txt"),
         options=("actors", "every_actor", "coref")),
    Step("stories", ("documents",), stories_step, scope="corpus",
         code_modules=("presse.story", "presse.text"), data_files=("stopwords_fr.txt",)),
]

#: Registered analysis steps: one line per analysis (see the module docstring).
STEPS: list[Step] = [
    # every actor id of the corpus, with the merge of name variants across articles
    Step("actor_index", ("mentions",), "presse.actors.index:actor_index_table",
         scope="corpus", code_modules=("presse.actors", "presse.text"),
         data_files=("actors.yml",), options=("actors",)),
    # rule engine (presse.relations, which parses with presse.nlp and falls back on the
    # tone lexicon), or the learned extractor (presse.relation_model; DEFAULT_METHOD): one
    # parse for both tables
    Step("stance_relations", ("sentences", "mentions", "documents"),
         "presse.relation_model:stance_relations_step", scope="document",
         outputs=("stance", "relations"),
         code_modules=("presse.relations", "presse.nlp", "presse.sentiment", "presse.text",
                       "presse.evaluate", "presse.tone"),
         data_files=("relation_cues.csv", "sentiment_addendum.csv", "stopwords_fr.txt",
                     "media_fr.txt"),
         # the relation model, and the tone model whose probabilities are among its features
         model_file=("presse.relation_model:model_path", "presse.tone:model_path"),
         # ``presse build --relations combined --relation-threshold 0.8`` (None: defaults)
         options=("relation_method", "relation_threshold")),
    Step("topics", ("paragraphs", "documents"), "presse.topics:topics_tables",
         outputs=("topics", "doc_topics"), code_modules=("presse.text",),
         data_files=("stopwords_fr.txt",)),
    # the learned tone model in force (shipped, or $PRESSE_TONE_MODEL) and its code
    Step("sentiment", ("sentences",), "presse.sentiment:sentiment_table", scope="document",
         data_files=("sentiment_addendum.csv", "stopwords_fr.txt"),
         code_modules=("presse.tone", "presse.text", "presse.evaluate"),
         model_file="presse.tone:model_path"),
]

CORE_TABLES = ("documents", "paragraphs", "sentences", "mentions")
