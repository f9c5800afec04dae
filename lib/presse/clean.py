"""Text cleaning for French news: small composable ``str -> str`` steps and auditable
boilerplate removal.

Two layers, in the style of textacy's ``preprocessing``:

1. **Normalisation steps** (pure ``str -> str``, each idempotent on its own): line endings,
   mojibake repair (ftfy), Unicode NFC, control characters, exotic spaces, apostrophes,
   whitespace. :func:`make_pipeline` composes any of them; :data:`DEFAULT_STEPS` /
   :func:`normalize_text` is the default pipeline. The composed pipeline is applied until it
   reaches a fixed point (at most a few rounds), so ``normalize_text(normalize_text(s)) ==
   normalize_text(s)`` holds even when one step re-exposes work for another (e.g. a narrow
   space turned into a plain space that ftfy then reads as part of a mojibake sequence).

2. **Document cleaning** (:func:`clean_document`, :func:`remove_boilerplate`,
   :func:`extract_title`): line-level removal of web boilerplate (share buttons, comment
   forms, newsletter blurbs, bylines, photo captions, section labels, datelines, URL slugs,
   repeated titles). Every removed line is returned with its line number and a reason code,
   so a notebook can show exactly what was dropped. The rules, *strong* (anywhere) or
   *edge* (header and footer only), are the table of :mod:`presse.boilerplate`; the header
   ends at the first *prose paragraph*, a line of at least :data:`PROSE_MIN_WORDS` words
   that no rule matches, and the footer begins after the last.

Canonical apostrophe: the ASCII ``'`` (U+0027). French typography prefers ``’`` (U+2019),
but web text mixes both (often within one article), and every downstream consumer (spaCy's
tokenizer exceptions, elisions ``l'``/``d'``/``qu'``, lexicon look-ups, user regexes)
handles the ASCII form most simply (:func:`normalize_apostrophes`). Guillemets ``« »`` and
double quotes are kept.

Homes of what the cleaner uses (re-exported here): character tables and the language check
:func:`~presse.text.is_french` in :mod:`presse.text`; French dates in
:mod:`presse.readers.dates`; byte decoding and mojibake repair in
:mod:`presse.readers.encoding`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

from presse.boilerplate import OUTLET_HINTS, RULES, Rule, match_rule
from presse.readers.dates import (
    INLINE_DATE_PREFIX,
    MONTHS_FR,  # noqa: F401 - re-exported
    parse_french_date,
)
from presse.readers.encoding import (
    DecodeError,
    bom_encoding,  # noqa: F401 - re-exported
    decode_bytes,
    detect_encoding,
    fix_mojibake,
)
from presse.text import (
    ACCENT_APOSTROPHES,
    APOSTROPHES,
    ENGLISH_FUNCTION_WORDS,  # noqa: F401 - re-exported
    OTHER_SPACES,
    SPACES,
    WIDE_APOSTROPHE,
    count_words,
    function_words,
    is_french,
    nfc,
)

Step = Callable[[str], str]

#: Lines with at least this many words that no rule matches are article prose; they bound
#: the header and footer zones in which edge rules apply.
PROSE_MIN_WORDS = 20

#: Longest fallback title (first sentence of the body) before it is shortened.
TITLE_MAX_CHARS = 160

# ---------------------------------------------------------------------------------------
# Normalisation steps (str -> str)
# ---------------------------------------------------------------------------------------

_NEWLINE_CHARS = "\r\u0085\u2028\u2029\x0b\x0c\x1c\x1d\x1e"
_NEWLINES = re.compile(f"\r\n|[{_NEWLINE_CHARS}]")


def normalize_newlines(text: str) -> str:
    """Map every line-break convention (CRLF, CR, U+2028/2029, NEL, VT, FF) to ``\\n``.

    One line break becomes exactly one ``\\n``, so line numbers are preserved.
    """
    if not any(c in text for c in _NEWLINE_CHARS):  # fast path (most texts)
        return text
    return _NEWLINES.sub("\n", text)


def normalize_unicode(text: str) -> str:
    """Unicode NFC (composed accents: ``e`` + U+0301 -> ``é``)."""
    return nfc(text)


# C0/C1 controls except tab and newline; zero-width and invisible formatting characters
# (ZWSP, word joiner, BOM, soft hyphen, bidi marks). ZWJ/ZWNJ and variation selectors are
# kept: they are part of emoji and some scripts.
_CONTROL = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def remove_control_chars(text: str) -> str:
    """Drop control characters and invisible formatting characters (keeps ``\\t``, ``\\n``)."""
    return _CONTROL.sub("", text)


# NBSP, narrow NBSP (French thin space before ; : ! ?), en/em/thin/hair/figure spaces,
# ideographic space, Ogham space mark, medium mathematical space, tab.
_SPACES = re.compile(f"[\t{SPACES}{OTHER_SPACES}]")


def normalize_spaces(text: str) -> str:
    """Map non-breaking, narrow and other Unicode spaces (and tabs) to a plain space."""
    return _SPACES.sub(" ", text)


_APOS_ALWAYS = re.compile(
    "[" + "".join(c for c in APOSTROPHES if c not in ACCENT_APOSTROPHES) + WIDE_APOSTROPHE + "]"
)
_APOS_BETWEEN_LETTERS = re.compile(rf"(?<=[^\W\d_])[{ACCENT_APOSTROPHES}](?=[^\W\d_])")


def normalize_apostrophes(text: str) -> str:
    """Map apostrophe variants to the canonical ASCII apostrophe ``'``.

    ``’`` (U+2019), ``‘`` (U+2018), ``ʼ`` (U+02BC), ``′`` (U+2032), full-width ``＇`` are
    always mapped; ``´`` and `````` only between two letters (``l´homme``), since elsewhere
    they are accents or code quotes. Guillemets and double quotes are left alone.
    """
    return _APOS_BETWEEN_LETTERS.sub("'", _APOS_ALWAYS.sub("'", text))


_INNER_SPACES = re.compile(r" {2,}")
_EDGE_SPACES = re.compile(r"^ +| +$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalize_whitespace(text: str) -> str:
    """Collapse runs of spaces, strip line ends, keep paragraph breaks as one blank line.

    Single ``\\n`` are kept (line structure is information for boilerplate removal); two or
    more consecutive line breaks become exactly ``\\n\\n``; the text is stripped.
    """
    if "  " in text:
        text = _INNER_SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _EDGE_SPACES.sub("", text)
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


#: Character-level normalisation that keeps one output line per input line.
LINE_PRESERVING_STEPS: tuple[Step, ...] = (
    normalize_newlines,
    fix_mojibake,
    normalize_newlines,
    normalize_unicode,
    remove_control_chars,
    normalize_spaces,
    normalize_apostrophes,
)

#: The default pipeline: character normalisation then whitespace.
DEFAULT_STEPS: tuple[Step, ...] = (*LINE_PRESERVING_STEPS, normalize_whitespace)


def make_pipeline(*steps: Step, max_rounds: int = 4) -> Step:
    """Compose ``str -> str`` steps left to right into one ``str -> str`` function.

    The composition is repeated until the text stops changing (at most ``max_rounds``
    times), which makes the pipeline idempotent whenever its steps converge.
    """
    if not steps:
        raise ValueError("make_pipeline needs at least one step")

    def pipeline(text: str) -> str:
        for _ in range(max_rounds):
            before = text
            for step in steps:
                text = step(text)
            if text == before:
                break
        return text

    pipeline.steps = steps  # type: ignore[attr-defined]
    pipeline.__name__ = "pipeline(" + ", ".join(s.__name__ for s in steps) + ")"
    return pipeline


#: Default normalisation: ``normalize_text(s)`` (no boilerplate removal).
normalize_text: Step = make_pipeline(*DEFAULT_STEPS)
_normalize_lines: Step = make_pipeline(*LINE_PRESERVING_STEPS)


def _line_preserving(text: str) -> str:
    """Line-preserving normalisation that guarantees the same number of lines out as in."""
    text = normalize_newlines(text)
    out = _normalize_lines(text)
    if out.count("\n") == text.count("\n"):
        return out
    # A repair merged or split lines (rare): normalise line by line instead.
    return "\n".join(_normalize_lines(line).replace("\n", " ") for line in text.split("\n"))


# ---------------------------------------------------------------------------------------
# Document cleaning
# ---------------------------------------------------------------------------------------


@dataclass
class Removed:
    """One removed line (or line fragment): 1-based ``line_no`` in the decoded text (line
    breaks normalised), the removed ``line`` text, and the ``reason`` code."""

    line_no: int
    line: str
    reason: str


@dataclass
class CleanResult:
    """Result of :func:`clean_document`.

    ``text``: clean body (paragraphs joined by ``\\n\\n``); ``title`` and ``title_source``
    ("headline" = a header line, "first_sentence" = fallback, None when empty);
    ``removed``: every removed line with its reason; ``dateline``/``date``: a date stated in
    the text (publication or update line, inline prefix) and its parsed value;
    ``date_kind``: "stated" or "updated"; ``outlet_hint``: a publisher named by the page's
    own furniture (newsletter consent line, copyright line).
    """

    text: str
    title: str | None = None
    title_source: str | None = None
    removed: list[Removed] = field(default_factory=list)
    dateline: str | None = None
    date: pd.Timestamp | None = None
    date_kind: str | None = None
    outlet_hint: str | None = None


def _norm_key(line: str) -> str:
    """Comparison key for repeated lines: casefolded letters and digits only."""
    return re.sub(r"[\W_]+", " ", line.casefold()).strip()


def _is_title_like(line: str) -> bool:
    n = count_words(line)
    return 2 <= n <= 30 and len(line) <= 250 and not line.rstrip().endswith((".", ",", ";"))


def _is_caption_like(line: str) -> bool:
    s = line.rstrip()
    n = count_words(s)
    sentences = len(re.findall(r"[.!?](?:\s|$)", s))
    return 4 <= n < PROSE_MIN_WORDS * 2 and s.endswith(".") and sentences <= 2


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?[.!?…])(?:\s|$)", text.strip(), flags=re.DOTALL)
    s = (m.group(1) if m else text.strip()).split("\n")[0].strip()
    if len(s) > TITLE_MAX_CHARS:
        s = s[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] + "…"
    return s


def extract_title(lines: list[str], removed_idx: set[int] | None = None) -> tuple[str | None, int | None, list[int]]:
    """Find the headline among the header lines.

    ``lines``: normalised lines of a document; ``removed_idx``: 0-based indices already
    removed as boilerplate (e.g. a URL slug first line or a section label), skipped here.
    Returns ``(title, title_index, caption_indices)``: the first title-like line (2-30 words,
    no final period) before the first prose paragraph, its index, and the indices of
    caption-like lines (a full sentence ending with a period) that precede it in the header
    (a photo caption printed above the headline). ``(None, None, [])`` when the header holds
    no headline; the caller then falls back to the first sentence of the body.
    """
    removed_idx = removed_idx or set()
    captions: list[int] = []
    for i, line in enumerate(lines):
        if i in removed_idx or not line.strip():
            continue
        if count_words(line) >= PROSE_MIN_WORDS:
            break
        if _is_title_like(line):
            nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if nxt[:1].islower():  # a hard-wrapped sentence, not a headline
                break
            return line.strip(), i, captions
        if _is_caption_like(line):
            captions.append(i)
            continue
        break
    return None, None, []


def _zones(lines: list[str], n_words: list[int] | None = None) -> tuple[int, int]:
    """Index of the first and last prose line (``(len, -1)`` when there is none)."""
    if n_words is None:
        n_words = [count_words(line) for line in lines]
    prose = [
        i
        for i, line in enumerate(lines)
        if n_words[i] >= PROSE_MIN_WORDS
        and match_rule(line, in_edge=True, n_words=n_words[i]) is None
    ]
    if not prose:
        return len(lines), -1
    return prose[0], prose[-1]


def _paragraphs(lines: list[str]) -> list[str]:
    """Join kept lines into paragraphs.

    Blank lines separate paragraphs; inside a block each line is its own paragraph (web
    text puts one paragraph per line) unless it looks hard-wrapped: the line does not end a
    sentence or a heading and the next one starts in lower case, then they are joined.
    """
    paras: list[str] = []
    current: str | None = None
    for line in lines:
        s = line.strip()
        if not s:
            if current:
                paras.append(current)
            current = None
            continue
        if current and not re.search(r"[.!?…:;»\"')\]]$", current) and s[:1].islower():
            current = f"{current} {s}"
        else:
            if current:
                paras.append(current)
            current = s
    if current:
        paras.append(current)
    return paras


def remove_boilerplate(
    text: str, *, title: str | None = None
) -> tuple[str, list[Removed]]:
    """Remove web boilerplate lines from ``text``; return ``(clean_text, removed)``.

    ``removed`` lists every removed line with its 1-based line number and reason code. The
    input is normalised first (:data:`LINE_PRESERVING_STEPS`), which never changes the line
    count, so line numbers refer to the input's lines. Use :func:`clean_document` to also
    extract the title and the dateline.
    """
    res = clean_document(text, title=title)
    return res.text, res.removed


def clean_document(text: str, *, title: str | None = None) -> CleanResult:
    """Normalise a raw article and remove its boilerplate, auditably.

    Steps: line-preserving normalisation; strong rules on every line and edge rules in the
    header/footer zones; inline date prefix on the first line (``date 2025-09-25 Le
    sommet...``); headline detection (:func:`extract_title`) with photo captions above it;
    repeated copies of the headline anywhere; paragraphs joined with ``\\n\\n``.

    ``title``: a known title (e.g. from a table column); when given, header lines equal to it
    are removed as ``repeated_title`` and no headline is searched.
    """
    norm = _line_preserving(text)
    lines = [ln.strip() for ln in norm.split("\n")]
    raw_lines = lines[:]
    n_words = [count_words(line) for line in lines]
    first_prose, last_prose = _zones(lines, n_words)
    removed: dict[int, str] = {}
    result = CleanResult(text="")

    for i, line in enumerate(lines):
        in_edge = i < first_prose or i > last_prose
        reason = match_rule(line, in_edge=in_edge, n_words=n_words[i])
        if reason:
            removed[i] = reason

    # Dateline lines: capture the date (first one wins; "mis à jour" = update time).
    for i in sorted(removed):
        if removed[i] == "dateline":
            ts = parse_french_date(lines[i])
            if ts is not None and result.date is None:
                result.dateline, result.date = lines[i], ts
                result.date_kind = "updated" if re.search(
                    r"mis(e)? à jour|modifié|actualisé|updated", lines[i], re.IGNORECASE
                ) else "stated"

    # Outlet named by the page furniture (only in removed lines: never guessed from prose).
    for i in sorted(removed):
        for rx in OUTLET_HINTS:
            m = rx.search(lines[i])
            if m and result.outlet_hint is None:
                result.outlet_hint = m.group("o").strip(" .")

    fragments: list[Removed] = []
    # Inline date prefix on the first non-removed, non-empty line.
    for i, line in enumerate(lines):
        if i in removed or not line:
            continue
        m = INLINE_DATE_PREFIX.match(line)
        if m:
            ts = parse_french_date(m.group("date") or m.group("iso"))
            fragments.append(Removed(i + 1, m.group(0).strip(), "date_prefix"))
            lines[i] = line[m.end():].strip()
            if ts is not None and result.date is None:
                result.dateline, result.date, result.date_kind = m.group(0).strip(), ts, "stated"
        break

    # Headline and captions above it.
    if title:
        result.title, result.title_source = title.strip(), "given"
    else:
        t, ti, captions = extract_title(lines, set(removed))
        if t is not None:
            result.title, result.title_source = t, "headline"
            removed[ti] = "title"
            for c in captions:
                removed[c] = "caption"

    # Repeated headline anywhere.
    if result.title:
        key = _norm_key(result.title)
        for i, line in enumerate(lines):
            if i not in removed and line and _norm_key(line) == key:
                removed[i] = "repeated_title"

    kept = [ln if i not in removed else "" for i, ln in enumerate(lines)]
    body = "\n\n".join(_paragraphs(kept))
    result.text = normalize_text(body)  # a fixed point of the default pipeline
    if result.title is None and result.text:
        result.title, result.title_source = _first_sentence(result.text), "first_sentence"

    audit = [Removed(i + 1, raw_lines[i], r) for i, r in removed.items()] + fragments
    result.removed = sorted(audit, key=lambda r: (r.line_no, r.reason))
    return result


def unaccounted_lines(raw_text: str, clean_text: str, removed: Iterable[Removed]) -> list[tuple[int, str]]:
    """Lines of ``raw_text`` that are neither in the audit nor in ``clean_text``.

    The proof that cleaning lost nothing: every non-blank line of the (normalised) raw text
    is either listed as removed (with its reason) or found, whitespace-insensitively, in the
    clean body (hard-wrapped lines are found piece by piece; a removed inline date prefix is
    subtracted first). Returns ``[(line_no, line), ...]``, empty when all is accounted for.
    """
    lines = _line_preserving(raw_text).split("\n")
    removed = list(removed)
    whole = {r.line_no for r in removed if r.reason != "date_prefix"}
    prefix = {r.line_no: " ".join(r.line.split()) for r in removed if r.reason == "date_prefix"}
    flat = " ".join(clean_text.split())
    lost = []
    for i, line in enumerate(lines, start=1):
        s = " ".join(line.split())
        if not s or i in whole:
            continue
        if i in prefix and s.startswith(prefix[i]):
            s = s[len(prefix[i]):].strip()
        if s and s not in flat:
            lost.append((i, line))
    return lost


def removed_frame(removed: Iterable[Removed], doc_id: str | None = None) -> pd.DataFrame:
    """Audit rows as a DataFrame: doc_id, line_no, line, reason."""
    rows = [
        {"doc_id": doc_id, "line_no": r.line_no, "line": r.line, "reason": r.reason}
        for r in removed
    ]
    return pd.DataFrame(rows, columns=["doc_id", "line_no", "line", "reason"])


__all__ = [
    "DEFAULT_STEPS",
    "LINE_PRESERVING_STEPS",
    "RULES",
    "CleanResult",
    "DecodeError",
    "Removed",
    "Rule",
    "clean_document",
    "count_words",
    "decode_bytes",
    "detect_encoding",
    "extract_title",
    "fix_mojibake",
    "is_french",
    "make_pipeline",
    "match_rule",
    "normalize_apostrophes",
    "normalize_newlines",
    "normalize_spaces",
    "normalize_text",
    "normalize_unicode",
    "normalize_whitespace",
    "parse_french_date",
    "remove_boilerplate",
    "remove_control_chars",
    "removed_frame",
    "unaccounted_lines",
]



def __getattr__(name: str):
    # FRENCH_FUNCTION_WORDS: the "detect" list of presse/data/stopwords_fr.txt, read on use.
    if name == "FRENCH_FUNCTION_WORDS":
        return function_words("detect")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
