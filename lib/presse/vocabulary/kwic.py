"""Concordances (KWIC: key word in context), as TXM and quanteda's ``kwic`` show them.

- :func:`kwic` -- every occurrence of a word, a lemma or a regular expression in a table of
  texts, with ``window`` words of left and right context; one row per occurrence.
- :func:`actor_kwic` -- every mention of an actor (aliases, titles and metonyms as found by
  :mod:`presse.actors`: « le Kremlin » for Putin) from the mentions table, in its sentence.
- :func:`sort_kwic` -- sort by the left context (read from the keyword outwards, as TXM
  does), by the right context or by the keyword, so that recurring phrasings line up.
- :func:`kwic_html` -- an aligned HTML table (left context right-aligned, keyword centred)
  with the article and date, for notebooks and reports.

Texts are normalised first (NFC, non-breaking spaces, typographic apostrophes: see
:mod:`presse.vocabulary._tokens`), so offsets refer to the normalised text.
"""

from __future__ import annotations

import bisect
import fnmatch
import html
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from presse.vocabulary import _tokens

__all__ = ["KWIC_COLUMNS", "actor_kwic", "kwic", "kwic_html", "sort_kwic"]

#: Columns of a concordance table (plus the ``keep`` columns of the input texts).
KWIC_COLUMNS = ["doc_id", "start", "end", "left", "keyword", "right", "match"]
MATCH_KINDS = ("word", "lemma", "regex")


def _word_matcher(pattern: str | Sequence[str], kind: str, case_sensitive: bool):
    """A predicate on :class:`_tokens.Word` for ``kind`` = word or lemma.

    Patterns may use shell wildcards (``négoci*``); several patterns are alternatives.
    """
    pats = [pattern] if isinstance(pattern, str) else list(pattern)
    flags = 0 if case_sensitive else re.IGNORECASE
    rx = re.compile("|".join(f"(?:{fnmatch.translate(_tokens.normalize_text(p))})"
                             for p in pats), flags)
    if kind == "word":
        return lambda w: rx.match(w.form) is not None
    return lambda w: rx.match(_tokens.lemma(w.form)) is not None


def _spans(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the words of ``text`` (punctuation is no word)."""
    ws = _tokens.words(text)
    return [w.start for w in ws], [w.end for w in ws]


def _around(text: str, spans: tuple[list[int], list[int]], start: int, end: int,
            window: int) -> tuple[str, str, str]:
    """(left, keyword, right): ``window`` *words* each side of text[start:end].

    Punctuation is shown where it stands but never counted as a word (« ; » is not one of
    the two words after « l'Ukraine » in « l'Ukraine ; Kiev a négocié »); a quote or a
    full stop glued to the outermost word is kept with it. Whitespace is collapsed.
    """
    if window == 0:
        return "", text[start:end], ""
    starts, ends = spans
    n_left = bisect.bisect_right(ends, start)      # words that end before the keyword
    first_right = bisect.bisect_left(starts, end)  # first word after it
    left = right = ""
    if n_left:
        lo = starts[max(0, n_left - window)]
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1  # an opening quote or bracket glued to the word
        left = " ".join(text[lo:start].split())
    if first_right < len(starts):
        hi = ends[min(len(ends), first_right + window) - 1]
        while hi < len(text) and not text[hi].isspace():
            hi += 1  # closing punctuation glued to the word
        right = " ".join(text[end:hi].split())
    return left, text[start:end], right


def kwic(texts: pd.DataFrame | Iterable[str], pattern: str | Sequence[str], window: int = 5,
         match: str = "word", case_sensitive: bool = False,
         keep: Sequence[str] = ("date", "title", "outlet")) -> pd.DataFrame:
    """Concordance of ``pattern`` in ``texts``.

    texts: a DataFrame with ``doc_id`` and ``text`` (documents, paragraphs or sentences
        table; other columns named in ``keep`` are carried over), or a list of strings
        (doc_id = position).
    pattern: for ``match="word"`` a word form, for ``"lemma"`` a lemma (every inflected
        form matches: « négocier » finds *négocient*, *négocié*), both case-insensitive by
        default, with shell wildcards (``"sanction*"``) and a list meaning "any of";
        for ``"regex"`` a regular expression over the normalised text (may span several
        words: ``r"cessez-le-feu|trêve"``).
    window: words of context on each side (punctuation is shown but not counted).

    Returns DataFrame doc_id, start, end (character offsets of the keyword in the
    normalised text), left, keyword, right, match (the kind), then the ``keep`` columns
    found in ``texts``; one row per occurrence, sorted by doc_id then start.
    """
    if match not in MATCH_KINDS:
        raise ValueError(f"match must be one of {MATCH_KINDS}, got {match!r}")
    if window < 0:
        raise ValueError(f"window must be >= 0, got {window}")
    if isinstance(texts, pd.DataFrame):
        if "text" not in texts.columns:
            raise ValueError(f"texts has no 'text' column (columns: {list(texts.columns)})")
        frame = texts.reset_index(drop=True)
        if "doc_id" not in frame.columns:
            frame = frame.assign(doc_id=range(len(frame)))
    else:
        lst = [str(t) for t in texts]
        frame = pd.DataFrame({"doc_id": range(len(lst)), "text": lst})
    keep = [c for c in keep if c in frame.columns and c not in KWIC_COLUMNS]
    if match == "regex":
        rx = re.compile(pattern if isinstance(pattern, str) else "|".join(pattern),
                        0 if case_sensitive else re.IGNORECASE)
    else:
        pred = _word_matcher(pattern, match, case_sensitive)
    rows = []
    for r, raw in enumerate(frame["text"].fillna("").astype(str)):
        text = _tokens.normalize_text(raw)
        ws = _tokens.words(text)
        spans = ([w.start for w in ws], [w.end for w in ws])
        if match == "regex":
            for m in rx.finditer(text):
                if m.end() == m.start():
                    continue
                rows.append((r, m.start(), m.end(),
                             *_around(text, spans, m.start(), m.end(), window)))
            continue
        for w in ws:
            if pred(w):
                left, kw, right = _around(text, spans, w.start, w.end, window)
                rows.append((r, w.start, w.end, left, kw, right))
    out = pd.DataFrame(rows, columns=["_row", "start", "end", "left", "keyword", "right"])
    out = out.astype({"_row": "int64", "start": "int64", "end": "int64"})
    meta = frame[["doc_id", *keep]].reset_index(drop=True)
    out = out.join(meta, on="_row").drop(columns="_row")
    out["match"] = match
    out = out[KWIC_COLUMNS + keep]
    return out.sort_values(["doc_id", "start"], kind="mergesort").reset_index(drop=True)


def actor_kwic(sentences: pd.DataFrame, mentions: pd.DataFrame, actor: str | Sequence[str],
               window: int = 8, documents: pd.DataFrame | None = None,
               keep: Sequence[str] = ("date", "title", "outlet")) -> pd.DataFrame:
    """Every mention of ``actor`` (an actor id of ``actors.yml``, or several) in context.

    The mentions table already resolves aliases, titles and metonyms (« le chef du
    Kremlin », « Moscou » when it stands for Putin's government, ...); the context is taken
    from the mention's sentence (``window`` words each side, punctuation not counted, never
    across sentences).
    Returns the columns of :func:`kwic` plus sent_id, actor and the ``keep`` columns of
    ``documents``; ``match`` is ``"actor"``; start/end are offsets in the sentence.
    """
    actors = [actor] if isinstance(actor, str) else list(actor)
    m = mentions[mentions["actor"].isin(actors)]
    sent = sentences.set_index(["doc_id", "sent_id"])["text"]
    rows = []
    for doc_id, sent_id, a, start, end in m[["doc_id", "sent_id", "actor", "start",
                                             "end"]].itertuples(index=False):
        text = str(sent.get((doc_id, sent_id), ""))
        start, end = int(start), int(end)
        left, kw, right = _around(text, _spans(text), start, end, window)
        rows.append((doc_id, sent_id, a, start, end, left, kw, right))
    out = pd.DataFrame(rows, columns=["doc_id", "sent_id", "actor", "start", "end", "left",
                                      "keyword", "right"])
    out["match"] = "actor"
    keep = [c for c in keep if documents is not None and c in documents.columns]
    if keep:
        out = out.merge(documents[["doc_id", *keep]], on="doc_id", how="left")
    cols = ["doc_id", "start", "end", "left", "keyword", "right", "match", "sent_id", "actor"]
    out = out[cols + keep].astype({"start": "int64", "end": "int64"})
    return out.sort_values(["doc_id", "sent_id", "start"], kind="mergesort").reset_index(drop=True)


def _left_key(s: str) -> str:
    return " ".join(reversed(s.lower().split()))


#: sorts after every context: an empty context (a mention that opens or ends its sentence)
#: goes last, so the head of a sorted concordance shows contexts to read
_EMPTY_LAST = "\U0010ffff"


def sort_kwic(concordance: pd.DataFrame, by: str = "right") -> pd.DataFrame:
    """Sort a concordance by its ``"left"`` context (nearest word first, as TXM and
    quanteda do), its ``"right"`` context, or the ``"keyword"``; ties keep document order.
    Rows whose sorting context is empty come last."""
    if by not in ("left", "right", "keyword"):
        raise ValueError(f"by must be 'left', 'right' or 'keyword', got {by!r}")
    norm = {"left": _left_key, "right": str.lower, "keyword": str.lower}[by]

    def key(s: pd.Series) -> pd.Series:
        return s.fillna("").astype(str).map(lambda v: norm(v) if v.strip() else _EMPTY_LAST)

    return concordance.sort_values(by, key=key, kind="mergesort").reset_index(drop=True)


def kwic_html(concordance: pd.DataFrame, max_rows: int | None = 50,
              info: Sequence[str] = ("doc_id", "date")) -> str:
    """An aligned HTML concordance: info columns, left context (right-aligned), keyword
    (bold), right context. Rows past ``max_rows`` are summarised in a last line."""
    info = [c for c in info if c in concordance.columns]
    shown = concordance if max_rows is None else concordance.head(max_rows)
    esc = html.escape
    head = "".join(f"<th>{esc(c)}</th>" for c in info)
    lines = ['<table class="presse-kwic" style="font-family:monospace;font-size:0.85em">',
             (f"<thead><tr>{head}<th style='text-align:right'>left</th><th>keyword</th>"
             "<th style='text-align:left'>right</th></tr></thead><tbody>")]
    for _, r in shown.iterrows():
        cells = "".join(
            f"<td>{esc(str(r[c].date()) if isinstance(r[c], pd.Timestamp) else str(r[c]))}</td>"
            if not pd.isna(r[c]) else "<td></td>" for c in info)
        lines.append(
            f"<tr>{cells}<td style='text-align:right;white-space:nowrap'>{esc(r['left'])}</td>"
            f"<td style='text-align:center'><b>{esc(r['keyword'])}</b></td>"
            f"<td style='text-align:left;white-space:nowrap'>{esc(r['right'])}</td></tr>")
    if max_rows is not None and len(concordance) > max_rows:
        lines.append(f"<tr><td colspan='{len(info) + 3}'><i>… {len(concordance) - max_rows} "
                     "more occurrences</i></td></tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)
