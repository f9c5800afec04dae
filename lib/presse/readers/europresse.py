"""Europresse HTML exports: one document per ``<article>``.

An Europresse export ("Télécharger" > HTML) is one HTML page holding up to 100 (or more)
articles, each an ``<article>`` element whose parts carry stable class names:

==========================  ===========================================================
class                       what it holds
==========================  ===========================================================
``DocPublicationName``      newspaper, sometimes with its issue (``Le Monde, no. 24512``)
``DocHeader``               section, date written in French, length, page
                            (``Économie, lundi 3 mars 2025 812 mots, p. 12``)
``titreArticle``            title (``p.titreArticleVisu`` inside)
``docAuthors``              author(s)
``DocText``                 the body; search hits are inline markup (``<mark>``, ``<b>``,
                            ``<span>``), joined back into the words they split
``publiC-lblNodoc``         the export's document id (``news·20250303·LM·...``)
others (footer, legal)      export furniture: copyright, "Cet article est paru dans ..."
==========================  ===========================================================

The format is recognised from this markup (:func:`is_europresse`), never from the file
name. Reading streams: the page is pull-parsed in chunks and each article is freed once
read. Every piece of visible text ends in a field, the body, or :attr:`Article.removed`
with a reason (``export_publication``, ``export_header``, ``export_copyright``,
``export_furniture``, ``export_page`` for the page around the articles), so the split is
auditable and loses nothing. An article without a body is a :class:`Problem` with its
position; the others still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from presse.readers.base import (
    Article,
    Problem,
    block_texts,
    class_has,
    leftovers,
    norm_space,
    split_export,
    visible_text,
)
from presse.readers.dates import DATE_PATTERN

__all__ = ["is_europresse", "parse_header", "read_europresse"]

_MARKERS = re.compile(
    r"""class\s*=\s*["'][^"']*\b(?:DocPublicationName|DocHeader|titreArticleVisu|"""
    r"""docOcurrContainer|rdp__articletitle|publiC-lblNodoc)\b""",
    re.IGNORECASE,
)
_ISSUE = re.compile(r"\s*[,;]?\s*(?:no|n°|nº|num[ée]ro)\.?\s*\d[\w-]*\s*$", re.IGNORECASE)
_WORDS = re.compile(r"(\d[\d\s\u00a0]*)\s*mots\b", re.IGNORECASE)
_PAGES = re.compile(r"\bp\.\s*([\w-]+(?:\s*,\s*[\w-]+)*)", re.IGNORECASE)
_COPYRIGHT = re.compile(r"©|\(c\)|droits réservés|copyright", re.IGNORECASE)
_ID_PREFIX = re.compile(r"^.*?(?:document|doc\.?)\s*:?\s*", re.IGNORECASE)


def is_europresse(head: str) -> bool:
    """Whether the beginning of an HTML page carries Europresse's article markup."""
    return len({m.group(0).lower() for m in _MARKERS.finditer(head)}) >= 2


def parse_header(header: str, outlet: str | None = None) -> dict[str, str | None]:
    """Split a ``DocHeader`` into date (as written), section and pages.

    ``"Économie, lundi 3 mars 2025 812 mots, p. 12"`` -> date ``lundi 3 mars 2025``,
    section ``Économie``, pages ``12``. A header that repeats the outlet name before the
    date has no section.
    """
    h = norm_space(header)
    out: dict[str, str | None] = {"date": None, "section": None, "pages": None}
    m = DATE_PATTERN.search(h)
    before = h
    if m:
        out["date"] = m.group(0).strip()
        before = h[: m.start()]
    section = before.strip(" ,;-|")
    if outlet and section.lower().startswith(outlet.lower()):
        section = section[len(outlet):].strip(" ,;-|")
    out["section"] = section or None
    p = _PAGES.search(h[m.end():] if m else h)
    out["pages"] = p.group(1) if p else None
    return out


def _first(el, *classes: str):
    for node in el.iter():
        if class_has(node, *classes):
            return node
    return None


def _reason(node, text: str) -> str:
    if class_has(node, "DocPublicationName", "rdp__DocPublicationName"):
        return "export_publication"
    if class_has(node, "DocHeader"):
        return "export_header"
    return "export_copyright" if _COPYRIGHT.search(text) else "export_furniture"


def _article(el, position: int, shown: str) -> Article | Problem:
    pub_el = _first(el, "DocPublicationName")
    header_el = _first(el, "DocHeader")
    title_el = _first(el, "titreArticle", "titreArticleVisu", "rdp__articletitle")
    author_el = _first(el, "docAuthors")
    body_el = _first(el, "DocText")
    id_el = _first(el, "publiC-lblNodoc")
    paragraphs = block_texts(body_el) if body_el is not None else []
    if not paragraphs:
        return Problem("malformed_article",
                       f"{shown} article {position}: no article body (DocText); article ignored",
                       position, texts=[t for t in map(norm_space, visible_text(el)) if t])
    pub = norm_space(" ".join(pub_el.itertext())) if pub_el is not None else ""
    outlet = _ISSUE.sub("", pub).strip(" ,") or None
    header = norm_space(" ".join(header_el.itertext())) if header_el is not None else ""
    parts = parse_header(header, outlet)
    title = " ".join(block_texts(title_el)) if title_el is not None else None
    author = " ".join(block_texts(author_el)) if author_el is not None else None
    export_id = norm_space(" ".join(id_el.itertext())) if id_el is not None else None
    fields = {e for e in (pub_el, header_el, title_el, author_el, body_el, id_el) if e is not None}
    removed = []
    if pub:
        removed.append((pub, "export_publication"))
    if header:
        removed.append((header, "export_header"))
    removed += leftovers(el, fields, _reason)
    return Article(
        text="\n\n".join(paragraphs), format="europresse", position=position,
        title=title or None, date=parts["date"], outlet=outlet, author=author or None,
        section=parts["section"], pages=parts["pages"],
        export_id=_ID_PREFIX.sub("", export_id) if export_id else None, removed=removed,
    )


def _is_unit(el) -> bool:
    return isinstance(el.tag, str) and el.tag.lower() == "article"


def read_europresse(chunks: Iterable[str], shown: str) -> Iterator[Article | Problem]:
    """Articles of an Europresse export, read from its decoded text ``chunks`` (see
    :func:`presse.readers.base.split_export`)."""
    return split_export(chunks, shown, _is_unit, _article, "Europresse")
