"""What every reader yields, and the HTML text helpers the export readers share.

A reader is a generator of :class:`Article` (one article found in an input) and
:class:`Problem` (one thing it could not read, with its position), so one malformed
article never stops an export. Readers never write anything; they only read.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Article", "Problem", "block_texts", "is_blank", "norm_space", "visible_text"]


def is_blank(value: Any) -> bool:
    """None, NaN, or a string of only whitespace."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return not str(value).strip()


@dataclass
class Article:
    """One article read from an export or an office document.

    ``text``: the body (paragraphs separated by blank lines); ``position``: 1-based rank of
    the article in its file (None for a one-article file); ``export_id``: the export's own
    document id (Europresse ``news·20250303·LM·...``, Factiva accession number ...);
    ``date``: the date as written (parsed by the loader, which lists it when unparsable);
    ``removed``: the export's furniture taken out of this article, ``(text, reason)``
    pairs, so that the body, the metadata fields and ``removed`` together hold every piece
    of visible text of the article (the loader adds them to the cleaning audit).
    """

    text: str
    format: str
    position: int | None = None
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    author: str | None = None
    section: str | None = None
    pages: str | None = None
    export_id: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Problem:
    """Something a reader could not read: ``reason`` (a skip-report code), ``detail``
    (human-readable, names the position) and ``position`` (article rank or member name)."""

    reason: str
    detail: str
    position: int | str | None = None


_SPACE = re.compile(r"\s+")


def norm_space(s: str | None) -> str:
    """Collapse runs of whitespace (also non-breaking spaces) and strip."""
    return _SPACE.sub(" ", s or "").strip()


#: Elements that end a paragraph; everything else (highlights, links, emphasis) is inline.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "header", "footer", "aside", "h1", "h2", "h3", "h4",
    "h5", "h6", "li", "ul", "ol", "blockquote", "table", "tr", "td", "th", "pre", "dd",
    "dt", "dl", "figure", "figcaption", "br", "hr", "main", "nav", "title",
})  # fmt: skip
_INVISIBLE = frozenset({"script", "style", "noscript", "template"})


def _tag(el) -> str:
    t = el.tag
    return t.lower() if isinstance(t, str) else ""


def block_texts(el) -> list[str]:
    """The paragraphs of an lxml element: text split at block elements and ``<br>``,
    inline markup (search-hit highlights, links, emphasis) joined without a break,
    whitespace collapsed, blank paragraphs dropped; scripts, styles and comments skipped."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        s = norm_space("".join(buf))
        if s:
            out.append(s)
        buf.clear()

    def walk(node) -> None:
        tag = _tag(node)
        if tag in _INVISIBLE or not isinstance(node.tag, str):
            return
        block = tag in BLOCK_TAGS
        if block:
            flush()
        if node.text:
            buf.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if block:
            flush()

    walk(el)
    flush()
    return out


def visible_text(el) -> Iterator[str]:
    """Every visible text node under ``el`` (not its own tail), in document order."""
    if _tag(el) in _INVISIBLE or not isinstance(el.tag, str):
        return
    if el.text:
        yield el.text
    for child in el:
        yield from visible_text(child)
        if child.tail:
            yield child.tail
