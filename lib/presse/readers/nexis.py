"""LexisNexis / Nexis Uni exports (DOCX or RTF): one document per article.

A Nexis Uni download holds several articles in one file. Its structure, as described by
public documentation and parsers (the R packages LexisNexisTools and tm.plugin.lexisnexis),
is a sequence of paragraphs:

* a **cover page** before the first article: user name, date and time, job number,
  ``Documents (N)`` and the numbered list of titles, client/matter, search terms, search
  type, "Narrowed by" filters;
* per article, a **header block**: title, outlet, date (``March 3, 2025 Monday`` or
  ``lundi 3 mars 2025``, sometimes with a time or an edition), the copyright line, then
  labelled fields (``Section: ÉCONOMIE; Pg. 12``, ``Length: 812 words``, ``Byline: ...``,
  ``Dateline:``, ``Highlight:``; French labels ``Rubrique``, ``Longueur : 812 mots``,
  ``Auteur`` are read too);
* the line ``Body`` (``Corps``), then the body paragraphs;
* optional trailing sections: ``Graphic`` (captions), ``Classification`` with
  ``Language:``, ``Publication-Type:``, ``Subject:``, and ``Load-Date:``;
* the separator ``End of Document`` (``Fin du document``).

:func:`split_nexis` reads the paragraphs as a stream (one article held at a time). Every
line ends in a field (title), the body, or :attr:`Article.removed` with a reason
(``export_cover``, ``export_header``, ``export_copyright``, ``export_classification``,
``export_graphic``, ``export_separator``, ``export_page``), so the split loses nothing. An
article without a ``Body`` line or without body text is a :class:`Problem` with its
position (its lines in :attr:`Problem.texts`); the others still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from presse.readers.base import Article, Problem, norm_space
from presse.readers.dates import DATE_PATTERN, parse_date

__all__ = ["is_nexis", "split_nexis"]

_END = re.compile(r"^(?:end of document|fin du document)$", re.IGNORECASE)
_BODY = re.compile(r"^(?:body|corps|corps du texte)$", re.IGNORECASE)
_FIELD = re.compile(
    r"^(?P<label>section|rubrique|length|longueur|byline|auteurs?|signature|dateline|"
    r"highlight|chapô|chapeau|edition|édition|journal code|pg\.?)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_TRAILER = re.compile(
    r"^(?:classification|graphic|graphique|notes|(?:load-date|date de chargement|language|"
    r"langue|publication-type|subject|sujet)\s*:)", re.IGNORECASE)
_GRAPHIC = re.compile(r"^(?:graphic|graphique)$", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^(?:copyright|©|\(c\))", re.IGNORECASE)
_COVER = re.compile(
    r"^(?:user name|nom d'utilisateur|utilisateur|date and time|date et heure|job number|"
    r"numéro de (?:tâche|travail)|documents?\s*\(\d+\)|client/matter|client/dossier|"
    r"search terms|termes de recherche|search type|type de recherche|narrowed by|"
    r"affiné par|content type|type de contenu|timeline|chronologie|\d+\.\s)",
    re.IGNORECASE,
)
_PAGES = re.compile(r"\s*;?\s*(?:pg\.?|p\.)\s*([\w-]+(?:\s*,\s*[\w-]+)*)\s*$", re.IGNORECASE)
_AUTHOR_LABELS = {"byline", "auteur", "auteurs", "signature"}


def is_nexis(lines: Iterable[str]) -> bool:
    """Whether paragraphs look like a Nexis export: an ``End of Document`` separator, or a
    ``Body`` line after a ``Length:`` field."""
    seen_length = False
    for line in lines:
        s = norm_space(line)
        if _END.match(s):
            return True
        m = _FIELD.match(s)
        if m and m.group("label").lower() in {"length", "longueur"}:
            seen_length = True
        elif seen_length and _BODY.match(s):
            return True
    return False


def _date_of(line: str):
    """The date of a header line (also ``3 mars 2025 - Édition Paris``), else None."""
    try:
        return parse_date(line)
    except ValueError:
        pass
    head = re.split(r"\s+-\s+|,\s*(?=[^\d])", line, maxsplit=1)[0]
    if head != line:
        try:
            return parse_date(head)
        except ValueError:
            pass
    m = DATE_PATTERN.match(line)
    return parse_date(m.group(0)) if m else None


def _article(lines: list[str], position: int, shown: str, first: bool
             ) -> Article | Problem:
    """One article from its lines (separator excluded)."""
    body_at = next((i for i, s in enumerate(lines) if _BODY.match(s)), None)
    if body_at is None:
        return Problem("malformed_article",
                       f"{shown} article {position}: no 'Body' line; article ignored",
                       position, texts=list(lines))
    header, rest = lines[:body_at], lines[body_at + 1:]
    end_body = next((i for i, s in enumerate(rest) if _TRAILER.match(s)), len(rest))
    body, trailer = rest[:end_body], rest[end_body:]
    if not body:
        return Problem("malformed_article",
                       f"{shown} article {position}: no text after 'Body'; article ignored",
                       position, texts=list(lines))
    removed: list[tuple[str, str]] = [(lines[body_at], "export_header")]
    graphic = False  # inside a "Graphic" section (captions) until the next trailer line
    for s in trailer:
        if _TRAILER.match(s):
            graphic = bool(_GRAPHIC.match(s))
        removed.append((s, "export_graphic" if graphic else "export_classification"))
    f_at = next((i for i, s in enumerate(header) if _FIELD.match(s)), len(header))
    pre, fields = header[:f_at], header[f_at:]
    fields_out: dict[str, str] = {}
    for s in fields:
        m = _FIELD.match(s)
        if m:
            label = m.group("label").lower()
            fields_out.setdefault("author" if label in _AUTHOR_LABELS else label,
                                  m.group("value").strip())
        removed.append((s, "export_copyright" if _COPYRIGHT.match(s) else "export_header"))
    kept = [(i, s) for i, s in enumerate(pre) if not _COPYRIGHT.match(s)]
    d_at = next((i for i, s in reversed(kept) if _date_of(s) is not None), None)
    title = outlet = date = None
    if d_at is not None:
        date = pre[d_at]
        before = [i for i, _ in kept if i < d_at]
        outlet_at = before[-1] if len(before) >= 2 else None
        title_at = before[-2] if len(before) >= 2 else (before[-1] if before else None)
    else:
        not_cover = [i for i, s in kept if not (first and _COVER.match(s))]
        title_at, outlet_at = (not_cover[0] if not_cover else None), None
    if outlet_at is not None:
        outlet = pre[outlet_at]
    if title_at is not None:
        title = pre[title_at]
    for i, s in enumerate(pre):
        if i == title_at:
            continue
        if _COPYRIGHT.match(s):
            reason = "export_copyright"
        elif title_at is not None and i < title_at:
            reason = "export_cover" if first else "export_page"
        else:
            reason = "export_header"
        removed.append((s, reason))
    section = fields_out.get("section") or fields_out.get("rubrique")
    pages = fields_out.get("pg") or fields_out.get("pg.")
    if section and (m := _PAGES.search(section)):
        pages = pages or m.group(1)
        section = section[: m.start()].strip(" ;,") or None
    return Article(text="\n\n".join(body), format="nexis", position=position, title=title,
                   date=date, outlet=outlet, author=fields_out.get("author") or None,
                   section=section or None, pages=pages, removed=removed)


def split_nexis(paragraphs: Iterable[str], shown: str) -> Iterator[Article | Problem]:
    """Articles of a Nexis export from its paragraphs (soft line breaks split into lines,
    whitespace collapsed, blank lines dropped), one article at a time."""
    held: Article | None = None
    lines: list[str] = []
    position = 0

    def finish() -> Article | Problem:
        nonlocal position
        position += 1
        return _article(lines, position, shown, first=position == 1)

    for para in paragraphs:
        for raw in para.split("\n"):
            s = norm_space(raw)
            if not s:
                continue
            if not _END.match(s):
                lines.append(s)
                continue
            item = finish()
            lines = []
            if isinstance(item, Article):
                item.removed.append((s, "export_separator"))
                if held is not None:
                    yield held
                held = item
            else:
                item.texts.append(s)
                yield item
    if lines and any(_BODY.match(s) for s in lines):  # a last article without separator
        item = finish()
        if isinstance(item, Article):
            if held is not None:
                yield held
            held = item
        else:
            yield item
    elif lines:
        if held is not None:
            held.removed.extend((s, "export_page") for s in lines)
        elif position:
            yield Problem("malformed_article", f"{shown}: {len(lines)} line(s) after the last "
                          "article, and no article loaded to audit them with", texts=lines)
        else:
            yield Problem("no_article_text", f"{shown}: Nexis export with no article",
                          texts=lines)
    if held is not None:
        yield held
    elif position == 0 and not lines:
        yield Problem("no_article_text", f"{shown}: Nexis export with no article")
