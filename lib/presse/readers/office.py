"""Office documents and PDF: ``.docx``, ``.odt``, ``.rtf`` and ``.pdf``.

* ``.docx`` (python-docx) and ``.odt`` (odfpy): one article per file; the title is the
  first heading (``Title``/``Heading n`` style, ``text:h``) or, without one, found by the
  cleaner from the first lines; the author and the creation date come from the document's
  core properties when present (the creation date is only a fallback: a dateline in the
  text wins, and ``date_source`` says which was used). Body paragraphs and table cells are
  read in document order.
* ``.docx`` and ``.rtf`` (striprtf) **LexisNexis / Nexis Uni exports** are recognised from
  their text (``End of Document`` separators, ``Length:`` and ``Body`` lines) and split
  into one document per article by :mod:`presse.readers.nexis`; any other ``.rtf`` is one
  article.
* ``.pdf`` (pypdf): the text layer, page by page, as one article. A PDF export of a press
  database (Europresse, Factiva, Nexis: recognised from its metadata and first pages) is
  not split, because page furniture cannot be told from articles reliably: it is listed as
  ``pdf_export`` with the format to export instead. A PDF without a text layer (a scan) is
  listed as ``no_text_layer``.

DOCX and ODT are ZIP files: their members' declared sizes and compression ratios are
checked before a library opens them (:func:`presse.readers.archives.zip_problem`). These
libraries read a whole document into memory, so the loader holds such files to
``max_bytes``; Nexis articles are still split one at a time from the paragraphs.
A file that cannot be opened is a :class:`Problem` (``malformed_document``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from presse.readers.base import Article, Problem, norm_space

__all__ = ["READERS", "read_docx", "read_odt", "read_pdf", "read_rtf"]

_HEADING_STYLE = re.compile(r"^(?:title|titre|heading|titre\s*\d|subtitle)", re.IGNORECASE)
_ML = re.IGNORECASE | re.MULTILINE
_GENERIC_TITLE = re.compile(r"^(?:document\s*\d*|untitled|sans titre|microsoft word\b.*)$",
                            re.IGNORECASE)
#: Markers of a press-database PDF export, searched in its metadata and first pages.
EXPORT_PDF_MARKERS = (
    ("Europresse", re.compile(r"europresse|news·\d{8}·|certificat émis le", re.IGNORECASE),
     "export the articles as HTML from Europresse instead"),
    ("Factiva", re.compile(r"\bfactiva\b|^Document [A-Za-z0-9]{20,}$", _ML),
     "save the articles as HTML ('Full Article/Report') from Factiva instead"),
    ("Nexis", re.compile(r"^End of Document$|lexisnexis|nexis uni", _ML),
     "download the articles as DOCX from Nexis Uni instead"),
)


def _single(paragraphs: list[tuple[bool, str]], fmt: str, shown: str, *,
            core_title: str | None = None, author: str | None = None,
            created: str | None = None, what: str = "document") -> Article | Problem:
    """One article from ``(is_heading, text)`` paragraphs."""
    texts = [t for _, t in paragraphs if t]
    if not texts:
        return Problem("no_article_text", f"{shown}: the {what} holds no text")
    title = next((t for h, t in paragraphs if h and t), None)
    if title is None and core_title and not _GENERIC_TITLE.match(core_title) and \
            norm_space(core_title) in {norm_space(t) for t in texts[:3]}:
        title = norm_space(core_title)
    return Article(text="\n\n".join(texts), format=fmt, title=title, author=author or None,
                   fallback_date=created,
                   fallback_source=f"{fmt} core properties: created {created}" if created
                   else None)


def _lines(paragraphs: list[tuple[bool, str]]) -> list[str]:
    return [t for _, t in paragraphs]


# --------------------------------------------------------------------------------------
# DOCX


def _docx_paragraphs(doc) -> list[tuple[bool, str]]:
    from docx.table import Table

    out: list[tuple[bool, str]] = []

    def para(p) -> None:
        style = p.style.name if p.style is not None else ""
        out.append((bool(_HEADING_STYLE.match(style or "")), p.text.strip()))

    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            seen = set()
            for row in block.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is listed once per grid column
                        continue
                    seen.add(id(cell._tc))
                    for p in cell.paragraphs:
                        para(p)
        else:
            para(block)
    return out


def read_docx(path: Path, shown: str) -> Iterator[Article | Problem]:
    """A ``.docx``: one article, or the articles of a Nexis export."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        yield Problem("malformed_document", f"{shown}: not a readable .docx ({exc})")
        return
    except Exception as exc:  # noqa: BLE001 - lxml/zipfile raise many types on broken files
        yield Problem("malformed_document", f"{shown}: not a readable .docx ({exc})")
        return
    paragraphs = _docx_paragraphs(doc)
    from presse.readers import nexis

    if nexis.is_nexis(_lines(paragraphs)):
        yield from nexis.split_nexis(_lines(paragraphs), shown)
        return
    cp = doc.core_properties
    created = cp.created.isoformat(sep=" ") if cp.created is not None else None
    yield _single(paragraphs, "docx", shown, core_title=cp.title, author=cp.author,
                  created=created)


# --------------------------------------------------------------------------------------
# ODT


def read_odt(path: Path, shown: str) -> Iterator[Article | Problem]:
    """An ``.odt``: one article (headings ``text:h`` or a title/heading paragraph style)."""
    from odf import teletype
    from odf.namespaces import DCNS, METANS, STYLENS, TEXTNS
    from odf.opendocument import load

    try:
        doc = load(str(path))
    except Exception as exc:  # noqa: BLE001 - odfpy raises many types on broken files
        yield Problem("malformed_document", f"{shown}: not a readable .odt ({exc})")
        return
    parents: dict[str, str] = {}  # automatic style name -> its parent (named) style
    for styles in (doc.automaticstyles, doc.styles):
        for st in styles.childNodes:
            if getattr(st, "qname", None) == (STYLENS, "style"):
                name = st.getAttrNS(STYLENS, "name")
                parents[name] = st.getAttrNS(STYLENS, "parent-style-name") or ""
    paragraphs: list[tuple[bool, str]] = []

    def is_heading_style(name: str) -> bool:
        for _ in range(5):
            if not name:
                return False
            if _HEADING_STYLE.match(name.replace("_20_", " ")):
                return True
            name = parents.get(name, "")
        return False

    def walk(node) -> None:
        for child in node.childNodes:
            q = getattr(child, "qname", None)
            if q == (TEXTNS, "h") or q == (TEXTNS, "p"):
                style = child.getAttrNS(TEXTNS, "style-name") or ""
                heading = q == (TEXTNS, "h") or is_heading_style(style)
                paragraphs.append((heading, norm_space(teletype.extractText(child))))
            elif child.nodeType == child.ELEMENT_NODE:
                walk(child)

    walk(doc.text)
    meta: dict[str, str] = {}
    for node in doc.meta.childNodes:
        q = getattr(node, "qname", None)
        key = {(DCNS, "title"): "title", (DCNS, "creator"): "creator",
               (METANS, "initial-creator"): "initial", (METANS, "creation-date"): "created",
               }.get(q)
        if key:
            meta[key] = norm_space(teletype.extractText(node))
    yield _single(paragraphs, "odt", shown, core_title=meta.get("title"),
                  author=meta.get("initial") or meta.get("creator"),
                  created=meta.get("created"))


# --------------------------------------------------------------------------------------
# RTF

_ANSICPG = re.compile(rb"\\ansicpg(\d+)")


def read_rtf(path: Path, shown: str, data: bytes | None = None
             ) -> Iterator[Article | Problem]:
    """An ``.rtf``: the articles of a Nexis export, or one article. The code page comes
    from ``\\ansicpg`` (cp1252 when absent); ``\\uN`` escapes are Unicode."""
    from striprtf.striprtf import rtf_to_text

    data = path.read_bytes() if data is None else data
    if not data.lstrip().startswith(b"{\\rtf"):
        yield Problem("malformed_document", f"{shown}: not an RTF file (no '{{\\rtf' header)")
        return
    m = _ANSICPG.search(data[:4096])
    codec = f"cp{m.group(1).decode()}" if m else "cp1252"
    try:
        text = rtf_to_text(data.decode("latin-1"), encoding=codec, errors="replace")
    except (LookupError, ValueError, IndexError) as exc:
        yield Problem("malformed_document", f"{shown}: RTF could not be read ({exc})")
        return
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").split("\n")]
    from presse.readers import nexis

    if nexis.is_nexis(lines):
        yield from nexis.split_nexis(lines, shown)
        return
    yield _single([(False, ln) for ln in lines], "rtf", shown)


# --------------------------------------------------------------------------------------
# PDF


def _pdf_export(reader, first_pages: list[str]) -> tuple[str, str] | None:
    meta = reader.metadata or {}
    fields = " ".join(str(meta.get(k) or "") for k in ("/Producer", "/Creator", "/Title",
                                                         "/Author", "/Subject"))
    sample = fields + "\n" + "\n".join(first_pages)
    for name, rx, advice in EXPORT_PDF_MARKERS:
        if rx.search(sample):
            return name, advice
    return None


def read_pdf(path: Path, shown: str) -> Iterator[Article | Problem]:
    """A ``.pdf``: its text layer as one article (see the module docstring)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            yield Problem("malformed_document",
                          f"{shown}: the PDF is encrypted with a password; not read")
            return
        pages: list[str] = []
        for i, page in enumerate(reader.pages):
            pages.append(page.extract_text() or "")
            if i == 2 and (export := _pdf_export(reader, pages)) is not None:
                break
        else:
            export = _pdf_export(reader, pages[:3])
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as exc:
        yield Problem("malformed_document", f"{shown}: not a readable PDF ({exc})")
        return
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on broken files
        yield Problem("malformed_document", f"{shown}: not a readable PDF ({exc})")
        return
    if export is not None:
        name, advice = export
        yield Problem("pdf_export",
                      f"{shown}: a {name} PDF export (several articles with page furniture "
                      f"that cannot be split reliably); not read: {advice}")
        return
    n_words = sum(len(p.split()) for p in pages)
    if n_words < 5:
        yield Problem("no_text_layer",
                      f"{shown}: {len(pages)} page(s) but no text layer ({n_words} words): "
                      "a scanned PDF? Run OCR on it first (e.g. ocrmypdf) or supply the text")
        return
    yield _single([(False, p.strip()) for p in pages], "pdf", shown, what="PDF")


#: Reader of each office suffix: ``reader(path, shown)`` yields Articles and Problems.
READERS = {".docx": read_docx, ".odt": read_odt, ".rtf": read_rtf, ".pdf": read_pdf}
