"""How values are shown to a reader: document labels, sorting, numbers, dates, sizes.

Notebooks and figures use these helpers so that one rule holds everywhere (DESIGN.md §18):

- :func:`doc_labels` — a readable, unique label per document: its title shortened at a
  word boundary, followed by the shortest part of its id that tells it from every other
  id (``« Poutine salue l'élection… » (002)``, ``… (:12)``). Never a truncated id, which
  collides as soon as ids share a prefix (``trump_poutine:1`` .. ``trump_poutine:33``).
- :func:`natural_key` / :func:`natural_sorted` — ``doc2`` before ``doc10``.
- :func:`fmt_int`, :func:`int_columns` — integers as integers (``233``, never ``233.000``).
- :func:`date_unit` — the period (day, week, month, quarter, year) that suits a span.
- :func:`one_per_line` — whether a per-item view (one article per line or bar) stays
  readable, or should switch to per-period, per-outlet or top-N views.
- :func:`md` — Markdown rendered from computed values (the commentary of the notebooks);
  :func:`join_words` (``a, b and 3 more``) and :func:`signed` (``+0.29``, ``−0.14``) are
  the pieces such sentences are made of.

Everything here is pure (no printing, no global state); the functions take and return
plain Python values or pandas objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "MAX_ITEMS_PER_LINE",
    "DateUnit",
    "date_unit",
    "doc_labels",
    "fmt_int",
    "int_columns",
    "join_words",
    "known_outlets",
    "md",
    "natural_key",
    "natural_sorted",
    "one_per_line",
    "plural",
    "short_ids",
    "shorten",
    "signed",
]

#: Above this many items (articles, pairs, rows), a figure shows one line per item no
#: longer: it switches to periods, outlets or the top N.
MAX_ITEMS_PER_LINE = 30

_SPLIT = re.compile(r"(\d+)")
_SEP = re.compile(r"([_:\-/.# ]+)")


def known_outlets(documents: pd.DataFrame) -> pd.Series:
    """The ``outlet`` of each document (indexed by ``doc_id``), missing where the corpus
    does not name it: a blank or whitespace-only outlet (what a table without an outlet
    column gives) is missing, not an outlet called ``""``."""
    col = documents["outlet"] if "outlet" in documents else pd.Series(pd.NA, index=documents.index)
    named = col.astype("string").str.strip()
    named = named.astype(object).where(named.notna() & (named != ""), None)
    return pd.Series(named.to_numpy(), index=documents["doc_id"].to_numpy(), name="outlet")


def natural_key(value: object) -> tuple:
    """Sort key that orders the digit runs of a string by value: ``a2`` < ``a10``.

    >>> sorted(["d10", "d2", "d1"], key=natural_key)
    ['d1', 'd2', 'd10']
    """
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    parts = _SPLIT.split(text.casefold())
    return tuple((0, int(p), p) if p.isdigit() else (1, 0, p) for p in parts if p != "")


def natural_sorted(values: Iterable[object]) -> list:
    """``values`` sorted with :func:`natural_key` (stable for equal keys)."""
    return sorted(values, key=natural_key)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 article"``, ``"2 articles"``, ``"1,234 articles"``."""
    n = int(n)
    return f"{fmt_int(n)} {word if n == 1 else (many or word + 's')}"


def fmt_int(value: object) -> str:
    """An integer with a thousands separator (``1,234``); non-integers as they are."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    try:
        f = float(value)
    except (TypeError, ValueError):
        return str(value)
    if f.is_integer():
        return f"{int(f):,}"
    return f"{f:,.2f}"


def int_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where float columns holding only whole numbers (or NaN) become ``Int64``.

    pandas turns counts into floats after a reindex, a merge or a sum with NaN, and shows
    them as ``233.000``; this shows them as ``233`` again.
    """
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_float_dtype(s):
            vals = s.dropna()
            if len(vals) and (vals == vals.round()).all() and vals.abs().max() < 2**53:
                out[col] = s.round().astype("Int64")
    return out


def shorten(text: object, width: int = 40, placeholder: str = "…") -> str:
    """``text`` on one line, cut at a word boundary to at most ``width`` characters."""
    s = " ".join(str(text or "").split())
    if len(s) <= width:
        return s
    cut = s[: max(1, width - len(placeholder))]
    if s[len(cut)] != " " and " " in cut[width // 2 :]:  # not already at a word end
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.–-—«(") + placeholder


def short_ids(ids: Sequence[object]) -> dict[str, str]:
    """The shortest readable part of each id that no other id shares.

    Ids are split into tokens at ``_ : - / . #`` and spaces. For each id the shortest run
    of leading tokens (``000`` of ``000_30c79835``) or trailing tokens (``:12`` of
    ``trump_poutine:12``, shown with its separator) that is unique among ``ids`` is kept;
    an id of at most 16 characters is kept whole, and so is any id with no unique part.
    The result is unique whenever the ids are.
    """
    ids = [str(i) for i in ids]
    uniq = list(dict.fromkeys(ids))
    tokens = {i: _SEP.split(i) for i in uniq}  # separators kept at odd positions
    out: dict[str, str] = {}
    candidates: dict[str, list[str]] = {}
    for i in uniq:
        parts = tokens[i]
        words = parts[0::2]
        cands = []
        for n in range(1, len(words) + 1):
            cands.append("".join(parts[: 2 * n - 1]))            # head
            tail = "".join(parts[len(parts) - (2 * n - 1):])
            sep = parts[len(parts) - 2 * n] if len(parts) >= 2 * n else ""
            cands.append(sep + tail if sep else tail)            # tail with its separator
        candidates[i] = [c for c in cands if c]
    # a candidate is unique when no other id has the same head/tail
    heads: dict[str, int] = {}
    for i in uniq:
        for c in set(candidates[i]):
            heads[c] = heads.get(c, 0) + 1
    for i in uniq:
        if len(i) <= 16:
            out[i] = i
            continue
        good = [c for c in candidates[i] if heads[c] == 1 and c.strip("_:-/.# ")]
        out[i] = min(good, key=len) if good else i
    # a short form may equal another id kept whole: fall back to the full id then
    seen: dict[str, list[str]] = {}
    for i, s in out.items():
        seen.setdefault(s, []).append(i)
    for s, owners in seen.items():
        if len(owners) > 1:
            for i in owners:
                out[i] = i
    return out


def doc_labels(
    documents: pd.DataFrame, width: int = 34, *, id_col: str = "doc_id", title_col: str = "title"
) -> dict[str, str]:
    """Readable and unique label of every document: ``title… (short id)``.

    The title is shortened to ``width`` characters at a word boundary; the short id
    (:func:`short_ids`) makes the label unique and points to the ``doc_id``. A document
    without a title is labelled by its short id alone. Returns ``{doc_id: label}``.
    """
    ids = [str(i) for i in documents[id_col]]
    short = short_ids(ids)
    titles = documents[title_col] if title_col in documents else [None] * len(ids)
    labels: dict[str, str] = {}
    for i, t in zip(ids, titles, strict=True):
        t = "" if t is None or (isinstance(t, float) and pd.isna(t)) else str(t)
        title = shorten(t, width)
        labels[i] = f"{title} ({short[i]})" if title else short[i]
    return labels


@dataclass(frozen=True)
class DateUnit:
    """A period for grouping dates: pandas frequency, its name and a strftime label."""

    freq: str   # pandas period alias: D, W, M, Q, Y
    name: str   # "day", "week", "month", "quarter", "year"
    fmt: str    # strftime of a period's start

    def label(self, period: pd.Period) -> str:
        if self.freq == "Q":
            return f"{period.year}Q{period.quarter}"
        if self.freq == "W":
            return "week of " + period.start_time.strftime("%Y-%m-%d")
        return period.start_time.strftime(self.fmt)


_UNITS = {
    "D": DateUnit("D", "day", "%Y-%m-%d"),
    "W": DateUnit("W", "week", "%Y-%m-%d"),
    "M": DateUnit("M", "month", "%Y-%m"),
    "Q": DateUnit("Q", "quarter", "%Y"),
    "Y": DateUnit("Y", "year", "%Y"),
}


def date_unit(dates: Iterable[object], max_periods: int = 36) -> DateUnit:
    """The finest of day, week, month, quarter, year giving at most ``max_periods`` periods
    over the span of ``dates`` (NaT ignored). No date or a single day gives ``day``."""
    d = pd.to_datetime(pd.Series(list(dates), dtype="object"), errors="coerce").dropna()
    if d.empty:
        return _UNITS["D"]
    for freq in ("D", "W", "M", "Q", "Y"):
        n = d.dt.to_period(freq).nunique()
        lo, hi = d.min().to_period(freq), d.max().to_period(freq)
        span = (hi - lo).n + 1
        if max(n, span) <= max_periods:
            return _UNITS[freq]
    return _UNITS["Y"]


def one_per_line(n: int, limit: int = MAX_ITEMS_PER_LINE) -> bool:
    """Whether ``n`` items can be shown one per line (row, bar, label) and stay readable."""
    return int(n) <= int(limit)


def md(template: str, /, **values: object) -> str:
    """Markdown from a template and computed values: ``{name}`` fields are filled with
    ``values``; integers are formatted with :func:`fmt_int`, other values with ``str``.

    Notebooks call ``display(Markdown(md("...", n=len(docs))))`` so that every sentence
    about the corpus is computed, not written for one corpus.
    """
    shown: Mapping[str, object] = {
        k: (fmt_int(v) if isinstance(v, int) and not isinstance(v, bool) else v)
        for k, v in values.items()
    }
    return template.format(**shown)


def join_words(items: Iterable[object], limit: int | None = None, *, conj: str = "and",
               more: str = "more") -> str:
    """Items as an English list: ``"a"``, ``"a and b"``, ``"a, b and c"``; ``""`` for none.

    With ``limit``, at most ``limit`` items are named and the rest counted:
    ``join_words("abcde", 2) == "a, b and 3 more"``.
    """
    words = [str(i) for i in items]
    if limit is not None and len(words) > max(int(limit), 1):
        k = max(int(limit), 1)
        words = words[:k] + [f"{fmt_int(len(words) - k)} {more}"]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conj} " + words[-1]


def signed(value: object, digits: int = 2) -> str:
    """A number with its sign always shown (``+0.29``, ``−0.14`` with a true minus sign,
    ``0.00``); ``—`` for a missing value."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    f = round(float(value), digits)
    text = f"{abs(f):.{digits}f}"
    return text if f == 0 else ("+" if f > 0 else "\u2212") + text
