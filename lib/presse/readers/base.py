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

__all__ = [
    "Article", "Problem", "block_texts", "class_has", "is_blank", "leftovers", "norm_space",
    "stream_units", "text_chunks", "visible_text",
]


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
    #: A weaker date, used only when neither ``date`` nor a dateline in the text gives one
    #: (a document's "created" property), and where it comes from.
    fallback_date: str | None = None
    fallback_source: str | None = None


@dataclass
class Problem:
    """Something a reader could not read: ``reason`` (a skip-report code), ``detail``
    (human-readable, names the position), ``position`` (article rank or member name) and
    ``texts``: the visible text of a malformed article that was not loaded, so that an
    export's text stays fully accounted for (articles + audited furniture + these)."""

    reason: str
    detail: str
    position: int | str | None = None
    texts: list[str] = field(default_factory=list)


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


def stream_units(chunks, is_unit) -> Iterator[tuple[Any, list[str]]]:
    """Pull-parse HTML from text ``chunks`` and yield ``(element, [])`` for every element
    for which ``is_unit(element)`` is true (an article of an export), then once
    ``(None, outside)`` with the visible text found outside every unit.

    Memory stays bounded: a unit is cleared once the consumer is done with it, and removed
    from the tree (its tail text kept in ``outside``) when the next one ends. Units nested
    inside a unit are not units.
    """
    from lxml import etree

    parser = etree.HTMLPullParser(events=("end",), remove_comments=True, remove_pis=True,
                                  huge_tree=True)
    done: list[Any] = []
    outside: list[str] = []
    for chunk in chunks:
        parser.feed(chunk)
        for _, el in parser.read_events():
            if not is_unit(el) or any(is_unit(a) for a in el.iterancestors()):
                continue
            for prev in done:
                parent = prev.getparent()
                if prev.tail and prev.tail.strip():
                    outside.append(prev.tail)
                prev.tail = None
                if parent is not None:
                    parent.remove(prev)
            done = []
            yield el, []
            el.clear(keep_tail=True)
            done.append(el)
    root = parser.close()
    outside.extend(visible_text(root))
    yield None, [t for t in outside if t.strip()]


def text_chunks(fh, size: int = 1 << 16) -> Iterator[str]:
    """Read a text file object in chunks of ``size`` characters."""
    while chunk := fh.read(size):
        yield chunk


def class_has(el, *names: str) -> bool:
    """Whether the ``class`` attribute of ``el`` holds one of ``names`` (case-insensitive)."""
    cls = el.get("class") if isinstance(el.tag, str) else None
    if not cls:
        return False
    tokens = {c.lower() for c in cls.split()}
    return any(n.lower() in tokens for n in names)


def leftovers(el, fields: set, reason_of) -> list[tuple[str, str]]:
    """Visible text of ``el`` outside the ``fields`` elements, as ``(paragraph, reason)``
    pairs; ``reason_of(node, text)`` names why each paragraph is export furniture."""
    out: list[tuple[str, str]] = []

    def contains_field(node) -> bool:
        return any(d in fields for d in node.iter())

    def add(node, texts) -> None:
        out.extend((t, reason_of(node, t)) for t in (norm_space(x) for x in texts) if t)

    def walk(node) -> None:
        add(node, [node.text or ""])
        for child in node:
            if child not in fields:
                if not isinstance(child.tag, str) or child.tag.lower() in _INVISIBLE:
                    pass
                elif contains_field(child):
                    walk(child)
                else:
                    add(child, block_texts(child))
            add(node, [child.tail or ""])

    walk(el)
    return out


def split_export(chunks, shown: str, is_unit, make_article, name: str
                 ) -> Iterator[Article | Problem]:
    """The articles of an export page: ``make_article(element, position, shown)`` for every
    unit of :func:`stream_units`. The visible text around the units (the page's own header
    and footer) is added to the last article's ``removed`` as ``export_page``, so nothing
    is unaccounted for; a page with no unit at all is a :class:`Problem`."""
    held: Article | None = None
    position = 0
    for el, outside in stream_units(chunks, is_unit):
        if el is None:
            page = [(norm_space(t), "export_page") for t in outside if norm_space(t)]
            if held is not None:
                held.removed.extend(page)
                yield held
            elif position == 0:
                yield Problem("no_article_text", f"{shown}: {name} markup but no article")
            return
        position += 1
        item = make_article(el, position, shown)
        if isinstance(item, Problem):
            yield item
            continue
        if held is not None:
            yield held
        held = item
