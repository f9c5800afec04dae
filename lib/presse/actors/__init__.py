"""Actors and their mentions: an editable actor file matched with spaCy.

The actor file (``presse/data/actors.yml``, or any file of the same shape) lists canonical
actors — persons, countries, organisations — with their names (aliases), metonyms ("le
Kremlin" for Russia, "Washington" for the United States) and office-holder roles whose
referent depends on the date ("le président américain" is Biden until 2025-01-20, Trump
after). See the header of that file for the format.

Matching (``ActorMatcher``):

1. The text is *folded* character by character (accents removed, ’ -> ', non-breaking spaces
   -> space): the folded text has the same length, so offsets found in it are offsets in the
   original text. It is tokenised with the French spaCy tokenizer (elisions "l'", "d'" are
   split off) and matched with two ``PhraseMatcher``: one on lower-cased tokens, one on the
   exact form for ``case_sensitive`` entries (acronyms, plural demonyms "les Russes").
2. Overlapping matches: the longest wins (``spacy.util.filter_spans``); ``exclude``
   expressions ("Melania Trump", "Washington Post") take part and then are dropped.
3. Roles are resolved with the document date; without a date, a role held by several actors
   is kept with ``actor`` empty and ``status == "ambiguous"`` (candidates listed), never
   guessed. A role with no holder in the file at that date is dropped.
4. spaCy NER (person entities) decides the surname-only cases: a person entity made of known
   given names / initials + an alias surname extends the mention ("Donald J. Trump",
   "Vladimir Vladimirovitch Poutine"); one whose first name is not a known given name of the
   actor is another person ("Mary Trump") and is not counted. NER runs only on the sentences
   where a capitalised word precedes a person alias, so its cost stays small.
5. Honorifics are included in the mention ("M. Poutine"), and an apposition of two mentions of
   the same actor ("le président russe Vladimir Poutine") is a single mention; an ambiguous
   role followed by a name among its candidates is resolved by it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from presse import config
from presse.text import fold

ACTORS_YML: Path = config.PACKAGE_DATA / "actors.yml"

MENTION_COLUMNS = [
    "doc_id", "sent_id", "actor", "surface", "start", "end",
    "kind", "rule", "status", "candidates",
]
HONORIFICS = frozenset({"m.", "mme", "mm.", "mmes", "monsieur", "madame", "mlle"})
_NOT_FIRST_NAMES = frozenset(
    {"hier", "ensuite", "aujourd'hui", "demain", "mardi", "lundi", "mercredi", "jeudi",
     "vendredi", "samedi", "dimanche", "janvier", "fevrier", "mars", "avril", "mai", "juin",
     "juillet", "aout", "septembre", "octobre", "novembre", "decembre", "president",
     "presidente", "car", "ainsi", "certes", "or", "quant", "face", "pour", "mais", "et",
     "ou", "donc", "puis", "enfin", "alors", "selon", "pourtant", "cependant", "desormais",
     "meme", "depuis", "avec", "contre", "chez", "sans", "lorsque", "quand", "si", "comme"}
)
_ARTICLE = re.compile(r"^(?:(?:le|la|les)\s+|l['’]\s*)", re.IGNORECASE)


# --------------------------------------------------------------------------- actor file
def _as_date(value) -> pd.Timestamp | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return pd.Timestamp(value)
    return pd.Timestamp(str(value))


def load_actors(path: str | Path | None = None) -> pd.DataFrame:
    """Read an actor file into one row per (actor, alias).

    Output columns: actor (canonical id), label, kind (person/country/organisation),
    alias (as written in the file), alias_type (name / metonym / role / exclude),
    case_sensitive (bool), valid_from, valid_to (Timestamp or NaT; roles only, ``valid_to``
    exclusive), given_names ("|"-joined, persons), state (a person's country, the actor id
    of its ``state:`` entry, for grouping; "" when absent). Sorted by actor, alias_type, alias.
    Raises ``ValueError`` naming the file and the entry when an entry is malformed.
    """
    import yaml

    path = Path(path) if path is not None else ACTORS_YML
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{config.relpath(path)}: cannot read actor file ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("actors"), dict):
        raise ValueError(  # noqa: TRY004
            f"{config.relpath(path)}: expected a top-level 'actors:' mapping")
    rows = []
    for actor, spec in data["actors"].items():
        where = f"{config.relpath(path)}: actor {actor!r}"
        if not isinstance(spec, dict):
            raise ValueError(f"{where}: expected a mapping of label/kind/aliases")  # noqa: TRY004
        kind = spec.get("kind", "person")
        if kind not in {"person", "country", "organisation"}:
            raise ValueError(f"{where}: kind must be person, country or organisation, not {kind!r}")
        label = str(spec.get("label", actor))
        given = "|".join(str(g) for g in spec.get("given_names") or [])
        state = str(spec.get("state") or "")
        base = {"actor": str(actor), "label": label, "kind": kind, "given_names": given,
                "state": state}

        def add(alias, alias_type, case_sensitive=False, start=None, end=None, base=base):
            rows.append({**base, "alias": str(alias), "alias_type": alias_type,
                         "case_sensitive": case_sensitive, "valid_from": start, "valid_to": end})

        for key, alias_type in (("aliases", "name"), ("metonyms", "metonym"),
                                ("exclude", "exclude")):
            values = spec.get(key) or []
            if not isinstance(values, list):
                raise ValueError(f"{where}: {key} must be a list")  # noqa: TRY004
            for alias in values:
                add(alias, alias_type)
        for alias in spec.get("case_sensitive") or []:
            add(alias, "name", case_sensitive=True)
        for role in spec.get("roles") or []:
            if not isinstance(role, dict) or "alias" not in role:
                raise ValueError(f"{where}: each role needs an 'alias' (and optional from/to)")
            try:
                start, end = _as_date(role.get("from")), _as_date(role.get("to"))
            except (ValueError, TypeError) as exc:
                raise ValueError(f"{where}: bad date in role {role!r} ({exc})") from exc
            add(role["alias"], "role", start=start, end=end)
    unknown = sorted({r["state"] for r in rows} - {""} - {str(a) for a in data["actors"]})
    if unknown:
        raise ValueError(f"{config.relpath(path)}: state must be an actor id of the file, "
                         f"not {', '.join(map(repr, unknown))}")
    cols = ["actor", "label", "kind", "alias", "alias_type", "case_sensitive",
            "valid_from", "valid_to", "given_names", "state"]
    df = pd.DataFrame(rows, columns=cols).drop_duplicates()
    df["valid_from"] = pd.to_datetime(df["valid_from"])
    df["valid_to"] = pd.to_datetime(df["valid_to"])
    return df.sort_values(["actor", "alias_type", "alias", "valid_from"], kind="stable",
                          na_position="first").reset_index(drop=True)


# --------------------------------------------------------------------------- matcher
@dataclass
class Mention:
    """One actor mention in a text: char offsets ``[start, end)`` in that text."""

    start: int
    end: int
    surface: str
    actor: str | None
    kind: str
    rule: str  # name / metonym / role / ner
    status: str = "resolved"  # resolved / ambiguous
    candidates: tuple[str, ...] = ()
    span: object | None = field(default=None, repr=False)  # spaCy Span (match_doc only)


@dataclass
class _Entry:
    key: str
    alias_type: str  # name / metonym / role / exclude
    actor: str | None  # None for roles (resolved later)
    kind: str
    holders: list[tuple[str, pd.Timestamp | None, pd.Timestamp | None]] = field(
        default_factory=list
    )


def _strip_article(alias: str, tokenizer) -> str:
    m = _ARTICLE.match(alias)
    if not m:
        return alias
    rest = alias[m.end():].strip()
    toks = [t.text for t in tokenizer(rest)]
    if len(toks) == 1 and not rest[:1].isupper():
        return alias  # "les 27" stays whole
    return rest


def _to_date(value) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    if pd.isna(ts):
        return None
    return ts.tz_localize(None) if ts.tzinfo is not None else ts


class ActorMatcher:
    """Find actor mentions in texts or spaCy docs (see the module docstring).

    ``actors``: a DataFrame from ``load_actors`` or a path to an actor file (default: the
    bundled file). ``use_ner``: run spaCy NER on the sentences that need it (rule 4).
    """

    def __init__(self, actors: pd.DataFrame | str | Path | None = None, use_ner: bool = True):
        import spacy
        from spacy.matcher import PhraseMatcher

        if actors is None or isinstance(actors, str | Path):
            actors = load_actors(actors)
        self.actors = actors
        self.use_ner = use_ner
        # A blank French tokenizer with its own vocabulary: same tokenisation rules as the
        # model (elisions, hyphens), without the model's lexeme attribute lookups, which
        # make tokenising folded (accent-free) text several times slower.
        self._nlp = spacy.blank("fr")
        self.tokenizer = self._nlp.tokenizer
        vocab = self._nlp.vocab
        self._lower = PhraseMatcher(vocab, attr="LOWER")
        self._exact = PhraseMatcher(vocab, attr="ORTH")
        self.kinds = dict(zip(actors["actor"], actors["kind"], strict=False))
        self.labels = dict(zip(actors["actor"], actors["label"], strict=False))
        self.given_names: dict[str, set[str]] = {}
        for actor, given in zip(actors["actor"], actors["given_names"], strict=False):
            names = {fold(t).lower() for g in str(given or "").split("|") for t in g.split()}
            self.given_names[actor] = {n for n in names if n}
        self._entries: dict[str, _Entry] = {}
        self.person_keys: set[str] = set()
        patterns: dict[tuple[str, bool], list] = {}
        for row in actors.itertuples(index=False):
            text = fold(_strip_article(str(row.alias).strip(), self.tokenizer))
            if not text:
                continue
            cs = bool(row.case_sensitive)
            norm = text if cs else text.lower()
            if row.alias_type == "role":
                key = f"role:{norm}"
                entry = self._entries.setdefault(key, _Entry(key, "role", None, row.kind))
                start = None if pd.isna(row.valid_from) else row.valid_from
                end = None if pd.isna(row.valid_to) else row.valid_to
                entry.holders.append((row.actor, start, end))
            elif row.alias_type == "exclude":
                key = f"exclude:{norm}"
                self._entries.setdefault(key, _Entry(key, "exclude", None, row.kind))
            else:
                key = f"{row.alias_type}:{row.actor}:{norm}"
                self._entries.setdefault(key, _Entry(key, row.alias_type, row.actor, row.kind))
                if row.kind == "person":
                    self.person_keys.add(key)
            patterns.setdefault((key, cs), []).append(text)
        first_tokens: set[str] = set()
        for (key, cs), texts in sorted(patterns.items()):
            docs = [self.tokenizer(t) for t in dict.fromkeys(texts)]
            (self._exact if cs else self._lower).add(key, docs)
            if not key.startswith("exclude:"):
                first_tokens.update(d[0].lower_ for d in docs if len(d))
        # Cheap pre-filter: a text can match only if it contains the first token of a
        # (non-excluded) pattern; texts without one are never tokenised.
        alternation = "|".join(re.escape(t) for t in sorted(first_tokens, key=len, reverse=True))
        self._prefilter = re.compile(rf"(?<!\w)(?:{alternation})")

    def may_match(self, folded_text: str) -> bool:
        """False when the folded text cannot contain any alias (fast pre-filter)."""
        return self._prefilter.search(folded_text.lower()) is not None

    # ------------------------------------------------------------------ public API
    def match_text(self, text: str, date=None, ents: Sequence[tuple[int, int, str]] | None = None
                   ) -> list[Mention]:
        """Mentions in ``text`` (offsets in ``text``), roles resolved with ``date``.

        ``ents``: optional named entities ``(start_char, end_char, label)`` of ``text`` (spaCy
        NER); when None and ``use_ner`` is set, NER runs only if a person alias needs it.
        """
        fdoc = self.tokenizer(fold(text))
        spans = self._raw_spans(fdoc)
        if ents is None and self.use_ner and self._needs_ner(fdoc, spans):
            ents = self.entities([text])[0]
        return self._finish(text, fdoc, spans, _to_date(date), ents)

    def match_doc(self, doc, date=None) -> list[Mention]:
        """Mentions in a spaCy ``doc`` (any pipeline), each with ``.span`` a Span of ``doc``.

        Uses ``doc.ents`` when the doc went through NER. The Span's ``label_`` is the actor id
        (empty for an ambiguous role). For stance/relations: map tokens to actors with
        ``token_actors``.
        """
        from spacy.tokens import Span

        ents = None
        if doc.has_annotation("ENT_IOB"):
            ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        out = self.match_text(doc.text, date=date, ents=ents)
        for m in out:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                m.span = Span(doc, span.start, span.end, label=m.actor or "")
        return out

    def token_actors(self, doc, date=None) -> dict[int, str]:
        """``{token index: actor id}`` for every token inside a resolved mention of ``doc``."""
        out: dict[int, str] = {}
        for m in self.match_doc(doc, date=date):
            if m.actor and m.span is not None:
                for i in range(m.span.start, m.span.end):
                    out[i] = m.actor
        return out

    def entities(self, texts: Iterable[str], batch_size: int = 64) -> list[list]:
        """spaCy NER person/other entities ``(start, end, label)`` of each text."""
        from presse.nlp import get_nlp

        nlp = get_nlp(parse=True)
        # the model's ner has its own tok2vec (the shared one feeds only the morphologizer
        # and the parser): running ner alone gives the same entities for half the time
        disable = [p for p in nlp.pipe_names if p != "ner"]
        return [[(e.start_char, e.end_char, e.label_) for e in d.ents]
                for d in nlp.pipe(list(texts), batch_size=batch_size, disable=disable)]

    # ------------------------------------------------------------------ internals
    def _raw_spans(self, fdoc):
        from spacy.tokens import Span
        from spacy.util import filter_spans

        strings = fdoc.vocab.strings
        spans = [Span(fdoc, s, e, label=strings[k]) for k, s, e in self._lower(fdoc)]
        spans += [Span(fdoc, s, e, label=strings[k]) for k, s, e in self._exact(fdoc)]
        return sorted(filter_spans(spans), key=lambda sp: sp.start)

    def _needs_ner(self, fdoc, spans) -> bool:
        for sp in spans:
            if sp.label_ in self.person_keys and sp.start > 0:
                prev = fdoc[sp.start - 1]
                if prev.text[:1].isupper() and prev.lower_ not in HONORIFICS:
                    return True
        return False

    def _resolve(self, entry: _Entry, date) -> tuple[str | None, str, tuple[str, ...]]:
        if entry.alias_type != "role":
            return entry.actor, "resolved", (entry.actor,)
        if date is None:
            cands = tuple(sorted({a for a, _, _ in entry.holders}))
        else:
            cands = tuple(sorted({a for a, s, e in entry.holders
                                  if (s is None or s <= date) and (e is None or date < e)}))
        if len(cands) == 1:
            return cands[0], "resolved", cands
        if not cands:
            return None, "no_holder", cands
        return None, "ambiguous", cands

    def _finish(self, text, fdoc, spans, date, ents) -> list[Mention]:
        found: list[list] = []  # [start_tok, end_tok, entry, actor, status, cands, rule]
        for sp in spans:
            entry = self._entries[sp.label_]
            if entry.alias_type == "exclude":
                continue
            actor, status, cands = self._resolve(entry, date)
            if status == "no_holder":
                continue
            found.append([sp.start, sp.end, entry, actor, status, cands, entry.alias_type])
        if ents:
            found = self._apply_ner(fdoc, found, ents)
        # honorifics: "M. Poutine"
        for f in found:
            if f[2].kind == "person" and f[0] > 0 and fdoc[f[0] - 1].lower_ in HONORIFICS:
                f[0] -= 1
        # appositions: "le président russe Vladimir Poutine" is one mention
        merged: list[list] = []
        for f in found:
            if merged:
                p = merged[-1]
                adjacent = p[1] == f[0] and p[2].kind == f[2].kind == "person"
                if adjacent and p[3] and p[3] == f[3]:
                    p[1] = f[1]
                    continue
                if adjacent and p[4] == "ambiguous" and f[3] in p[5]:
                    p[1], p[3], p[4], p[5] = f[1], f[3], "resolved", (f[3],)
                    continue
                if adjacent and f[4] == "ambiguous" and p[3] in f[5]:
                    p[1] = f[1]
                    continue
            merged.append(f)
        out = []
        for s, e, entry, actor, status, cands, rule in merged:
            a, b = fdoc[s].idx, fdoc[e - 1].idx + len(fdoc[e - 1].text)
            out.append(Mention(a, b, text[a:b], actor, entry.kind, rule, status, cands))
        return out

    def _apply_ner(self, fdoc, found, ents):
        out = []
        per = [(s, e) for s, e, label in ents if label in {"PER", "PERSON"}]
        for f in found:
            entry = f[2]
            if entry.kind != "person" or entry.alias_type not in {"name", "role"} or not f[3]:
                out.append(f)
                continue
            a, b = fdoc[f[0]].idx, fdoc[f[1] - 1].idx + len(fdoc[f[1] - 1].text)
            ent = next(((s, e) for s, e in per if s <= a and b <= e and (s, e) != (a, b)), None)
            if ent is None or entry.alias_type == "role":
                out.append(f)
                continue
            span = fdoc.char_span(ent[0], ent[1], alignment_mode="expand")
            before = [t for t in fdoc[span.start:f[0]]
                      if not t.is_punct and t.lower_ not in HONORIFICS]
            after = [t for t in fdoc[f[1]:span.end] if not t.is_punct]
            if after or not before:
                out.append(f)  # surname not last, or nothing before: leave the alias match
                continue
            if before[0].lower_ in _NOT_FIRST_NAMES or before[0].is_stop:
                # NER swallowed a sentence-initial word ("Hier Trump"): keep the alias only
                rest = [t for t in before[1:]]
                if not rest:
                    out.append(f)
                    continue
                before = rest
            given = self.given_names.get(f[3], set())

            def ok(tok, given=given):
                w = tok.lower_
                return w in given or re.fullmatch(r"[a-z]\.(-?[a-z]\.)*", w) is not None

            if all(ok(t) for t in before):
                f = [before[0].i, f[1], *f[2:6], "ner"]
                out.append(f)
            # else: another person with the same surname ("Mary Trump"): not counted
        return out


@lru_cache(maxsize=4)
def _default_matcher(path: str | None, use_ner: bool) -> ActorMatcher:
    return ActorMatcher(path, use_ner=use_ner)


def get_matcher(actors: str | Path | None = None, use_ner: bool = True) -> ActorMatcher:
    """A cached ``ActorMatcher`` for an actor file path (default: the bundled file)."""
    return _default_matcher(str(actors) if actors is not None else None, use_ner)


def find_mentions(
    sentences: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    actors: str | Path | pd.DataFrame | None = None,
    use_ner: bool = True,
    batch_size: int = 1000,
    every_actor: bool = True,
) -> pd.DataFrame:
    """Actor mentions in every sentence.

    Input: sentences table (doc_id, sent_id, text; an optional ``date`` column), and
    optionally the documents table (doc_id, date) whose dates resolve time-dependent roles.
    Output columns: doc_id, sent_id, actor (canonical id; <NA> when ambiguous), surface,
    start, end (char offsets in the sentence text), kind, rule (name / metonym / role /
    ner / ner_name), status (resolved / ambiguous), candidates ("|"-joined actor ids).
    Sorted by doc_id, sent_id, start.

    ``every_actor`` (default): besides the actor file's actors, every person and
    organisation spaCy NER finds becomes an actor (``presse.actors.entities``: ids such as
    ``recep_tayyip_erdogan``, name variants merged within each document; rules ``ner`` and
    ``ner_name``); needs ``use_ner``. False gives the actor file's mentions only, the same
    rows as the file-actor mentions of the default. Merge name variants across documents
    with ``actor_index`` and ``canonical_ids``.
    """
    if isinstance(actors, pd.DataFrame):
        matcher = ActorMatcher(actors, use_ner=use_ner)
    else:
        matcher = get_matcher(actors, use_ner=use_ner)
    if len(sentences) == 0:
        return _typed_mentions(pd.DataFrame(columns=MENTION_COLUMNS))
    dates: Sequence = [None] * len(sentences)
    if "date" in sentences.columns:
        dates = list(sentences["date"])
    elif documents is not None and "date" in documents.columns:
        by_doc = dict(zip(documents["doc_id"].astype(str), documents["date"], strict=False))
        dates = [by_doc.get(str(d)) for d in sentences["doc_id"]]
    texts = sentences["text"].astype(str).tolist()
    folded = [fold(t) for t in texts]
    todo = [i for i, f in enumerate(folded) if matcher.may_match(f)]
    fdocs: dict[int, object] = dict(
        zip(todo, matcher.tokenizer.pipe((folded[i] for i in todo), batch_size=batch_size),
            strict=True))
    raw = {i: matcher._raw_spans(fd) for i, fd in fdocs.items()}
    need = [i for i in todo if matcher.use_ner and matcher._needs_ner(fdocs[i], raw[i])]
    ents: dict[int, list] = {}
    if need:
        for i, e in zip(need, matcher.entities([texts[i] for i in need]), strict=True):
            ents[i] = e
    rows = []
    doc_ids = sentences["doc_id"].astype(str).tolist()
    sent_ids = sentences["sent_id"].astype(int).tolist()
    file_spans: list[list[tuple[int, int]]] = [[] for _ in texts]
    for i, (doc_id, sent_id) in enumerate(zip(doc_ids, sent_ids, strict=True)):
        if not raw.get(i):
            continue
        for m in matcher._finish(texts[i], fdocs[i], raw[i], _to_date(dates[i]), ents.get(i)):
            rows.append((doc_id, sent_id, m.actor, m.surface, m.start, m.end, m.kind,
                         m.rule, m.status, "|".join(m.candidates)))
            file_spans[i].append((m.start, m.end))
    if every_actor and matcher.use_ner:
        rows += _entity_rows(matcher, doc_ids, sent_ids, texts, file_spans, ents)
    df = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    return _typed_mentions(df.sort_values(["doc_id", "sent_id", "start"], kind="stable"))


def _entity_rows(matcher: ActorMatcher, doc_ids: list[str], sent_ids: list[int],
                 texts: list[str], file_spans: list[list[tuple[int, int]]],
                 ents: dict[int, list]) -> list[tuple]:
    """Mention rows of the NER actors (``presse.actors.entities``), document by document;
    NER reads a window around each name-like sequence outside the file mentions (and reuses
    the entities of the sentences it already read whole for the file's actors)."""
    from presse.actors.entities import document_entities, name_windows

    ents = dict(ents)
    windows = [(i, a, b) for i, t in enumerate(texts) if i not in ents
               for a, b in name_windows(t, file_spans[i])]
    found = matcher.entities([texts[i][a:b] for i, a, b in windows])
    for (i, a, b), es in zip(windows, found, strict=True):
        cut_left, cut_right = a > 0, b < len(texts[i])
        ents.setdefault(i, []).extend(
            (a + s, a + e, label) for s, e, label in es
            if not (cut_left and s == 0) and not (cut_right and e == b - a))
    by_doc: dict[str, list[int]] = {}
    for i, d in enumerate(doc_ids):
        by_doc.setdefault(d, []).append(i)
    rows = []
    for d, idx in by_doc.items():
        local = {k: ents[i] for k, i in enumerate(idx) if i in ents}
        if not local:
            continue
        found = document_entities([texts[i] for i in idx], [file_spans[i] for i in idx], local)
        for i, sent in zip(idx, found, strict=True):
            rows += [(d, sent_ids[i], actor, surface, s, e, kind, rule, "resolved", actor)
                     for s, e, surface, actor, kind, rule in sent]
    return rows


def _typed_mentions(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype(
        {"doc_id": "string", "sent_id": "int64", "actor": "string", "surface": "string",
         "start": "int64", "end": "int64", "kind": "string", "rule": "string",
         "status": "string", "candidates": "string"}
    ).reset_index(drop=True)


def actor_index(mentions: pd.DataFrame, actors: str | Path | pd.DataFrame | None = None
                ) -> pd.DataFrame:
    """Every actor id of a mentions table with its label, kind, source (file / ner), counts
    and ``merged_into`` (see :func:`presse.actors.index.actor_index`)."""
    from presse.actors.index import actor_index as index

    return index(mentions, actors)


def canonical_ids(table: pd.DataFrame, actor_index: pd.DataFrame,
                  columns: Sequence[str] | None = None) -> pd.DataFrame:
    """``table`` with name variants merged across the corpus as ``actor_index`` says (see
    :func:`presse.actors.index.canonical_ids`)."""
    from presse.actors.index import canonical_ids as canonical

    return canonical(table, actor_index, columns)
