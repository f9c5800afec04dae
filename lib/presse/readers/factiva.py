"""Factiva HTML exports ("Full Article/Report" saved as HTML): one document per article.

Each article is a ``<div class="article frArticle">`` (the second class names the
language). Two layouts are read, as documented by public Factiva parsers (e.g. the R
package tm.plugin.factiva):

* **with indexing**: a table of two-letter field codes, one row each - ``HD`` headline,
  ``BY`` author, ``WC`` word count, ``PD`` publication date, ``SN`` source name, ``SE``
  section, ``LP`` lead paragraph(s), ``TD`` the rest of the text, ``AN`` accession number,
  ``CY`` copyright, ``LA`` language, and others kept as furniture;
* **plain**: a headline (``div#hd``, ``span.xxHeadline``), a column of short ``div``
  lines (author, word count, date, time, source name, source code, language, copyright),
  ``p.articleParagraph`` paragraphs, and a final ``Document <accession number>`` line.

The format is recognised from its markup (:func:`is_factiva`). As for Europresse, every
visible piece of text is a field, the body, or in :attr:`Article.removed` with a reason.
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
from presse.readers.dates import parse_date

__all__ = ["is_factiva", "read_factiva"]

_MARKER = re.compile(r"""class\s*=\s*["']article\s+[a-z]{2}Article\b""", re.IGNORECASE)
_UNIT_CLASS = re.compile(r"^[a-z]{2}article$")
_WORDS = re.compile(r"^\d[\d\s.,]*\s*(?:mots|words|wörter|palabras)$", re.IGNORECASE)
_TIME = re.compile(r"^\d{1,2}[:h]\d{2}(?:\s*(?:gmt|utc|[ap]m))?$", re.IGNORECASE)
_DOC = re.compile(r"^(?:document|doc\.?)\s+(\S+)$", re.IGNORECASE)
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|droits réservés", re.IGNORECASE)
_LANG = re.compile(r"^(?:français|french|anglais|english|allemand|german|espagnol|spanish)$",
                   re.IGNORECASE)
_CODE = re.compile(r"^[A-Z0-9]{3,10}$")


def is_factiva(head: str) -> bool:
    """Whether the beginning of an HTML page carries Factiva's article markup."""
    return bool(_MARKER.search(head))


def _is_unit(el) -> bool:
    if not isinstance(el.tag, str) or el.tag.lower() != "div":
        return False
    tokens = (el.get("class") or "").lower().split()
    return "article" in tokens and any(_UNIT_CLASS.match(t) for t in tokens)


def _is_date(s: str) -> bool:
    try:
        return parse_date(s) is not None
    except ValueError:
        return False


def _texts(el) -> list[str]:
    return [t for t in map(norm_space, visible_text(el)) if t]


def _reason(node, text: str) -> str:
    return "export_copyright" if _COPYRIGHT.search(text) else "export_furniture"


def _indexed(el, position: int, shown: str) -> Article | Problem | None:
    """The article from a table of field codes, or None when there is no such table."""
    fields: dict[str, tuple] = {}
    for tr in el.iter("tr"):
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in {"td", "th"}]
        if len(cells) == 2:
            code = norm_space(" ".join(cells[0].itertext())).upper()
            if re.fullmatch(r"[A-Z]{2,3}", code) and code not in fields:
                fields[code] = (tr, cells[1])
    if "HD" not in fields and "TD" not in fields and "LP" not in fields:
        return None

    def value(code: str) -> str | None:
        return norm_space(" ".join(fields[code][1].itertext())) or None if code in fields else None

    paras = [p for code in ("LP", "TD") if code in fields for p in block_texts(fields[code][1])]
    if not paras:
        return Problem("malformed_article",
                       f"{shown} article {position}: no text (LP/TD); article ignored", position,
                       texts=_texts(el))
    used = {"HD", "BY", "PD", "SN", "SE", "LP", "TD", "AN"}
    taken = {fields[c][0] for c in used if c in fields}
    removed = [(code, "export_field_code") for code in fields if code in used]
    removed += leftovers(el, taken, _reason)
    an = value("AN")
    return Article(
        text="\n\n".join(paras), format="factiva", position=position, title=value("HD"),
        date=value("PD"), outlet=value("SN"), author=value("BY"), section=value("SE"),
        export_id=re.sub(r"^(?:document|doc\.?)\s+", "", an, flags=re.IGNORECASE) if an else None,
        removed=removed,
    )


def _plain(el, position: int, shown: str) -> Article | Problem:
    head = next((n for n in el.iter() if n.get("id") == "hd" or
                 any(t.endswith("headline") for t in (n.get("class") or "").lower().split())),
                None)
    paras_el = [n for n in el.iter("p") if class_has(n, "articleParagraph") or any(
        t.endswith("articleparagraph") for t in (n.get("class") or "").lower().split())]
    paras = [t for p in paras_el for t in block_texts(p)]
    if not paras:
        return Problem("malformed_article",
                       f"{shown} article {position}: no article paragraph; article ignored",
                       position, texts=_texts(el))
    title = " ".join(block_texts(head)) if head is not None else None
    taken = set(paras_el) | ({head} if head is not None else set())
    lines = leftovers(el, taken, _reason)
    date = outlet = author = export_id = None
    removed: list[tuple[str, str]] = []
    after_date = False
    for text, reason in lines:
        if (m := _DOC.match(text)) and export_id is None:
            export_id = m.group(1)
        elif date is None and _is_date(text):
            date, after_date = text, True
            continue
        elif after_date and _TIME.match(text):
            removed.append((text, "export_furniture"))
            continue
        elif after_date and outlet is None and not _CODE.match(text):
            outlet = text
        elif (date is None and author is None and not _WORDS.match(text)
              and reason != "export_copyright"):
            author = text
        else:
            removed.append((text, reason))
        after_date = after_date and outlet is None
    return Article(text="\n\n".join(paras), format="factiva", position=position, title=title,
                   date=date, outlet=outlet, author=author, export_id=export_id,
                   removed=removed)


def _article(el, position: int, shown: str) -> Article | Problem:
    got = _indexed(el, position, shown)
    return got if got is not None else _plain(el, position, shown)


def read_factiva(chunks: Iterable[str], shown: str) -> Iterator[Article | Problem]:
    """Articles of a Factiva HTML export, read from its decoded text ``chunks`` (see
    :func:`presse.readers.base.split_export`)."""
    return split_export(chunks, shown, _is_unit, _article, "Factiva")
