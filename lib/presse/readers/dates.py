"""Dates as the French press writes them.

Two entry points:

* :func:`parse_date` - a date *field* (a table cell, an export header, HTML metadata):
  ISO 8601, day-first numeric (``09/10/2019``), French or English written dates with day
  names, abbreviated months, ``1er``, times (``à 7h52``, ``14 h 30``), and labelled forms
  (``Publié le ... Mis à jour le ...``: the publication date is kept). Written dates go to
  ``dateparser`` (French then English, absolute dates only: ``hier`` or ``il y a 2 jours``
  are refused, they depend on the day the file is read). Raises ``ValueError`` for an
  unparsable non-blank value: callers list it per row, never as a silent NaT.
* :func:`parse_french_date` - the first date found *inside* free text (datelines), with
  :data:`DATE_PATTERN`, the compiled pattern the boilerplate rules of
  :mod:`presse.boilerplate` also use to recognise dateline lines, and
  :data:`INLINE_DATE_PREFIX`, a date glued to the start of an article's first line.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any

import pandas as pd

from presse.readers.base import is_blank

__all__ = ["DATE_PATTERN", "INLINE_DATE_PREFIX", "MONTHS_FR", "parse_date", "parse_french_date"]

MONTHS_FR = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8,
    "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11,
    "nov": 11, "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}  # fmt: skip
_MONTH_RE = "|".join(sorted(MONTHS_FR, key=len, reverse=True))
_WEEKDAY_RE = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_TIME_RE = r"(?:(?:à\s*)?(?P<h>\d{1,2})\s*(?:h|:)\s*(?P<mi>\d{2})?(?:\s*(?:min)?)?)"
_DATE_FR = (
    rf"(?:{_WEEKDAY_RE}\s+)?(?P<d>\d{{1,2}})(?:er)?\s+(?P<mon>{_MONTH_RE})\.?\s+(?P<y>\d{{4}})"
)
_DATE_NUM = r"(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4})"
_DATE_ISO = r"(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"
#: A French written, day-first numeric or ISO date, optionally followed by a time.
DATE_PATTERN = re.compile(
    rf"(?:{_DATE_FR}|{_DATE_NUM}|{_DATE_ISO})(?:\s*(?:,|à|-)?\s*{_TIME_RE})?", re.IGNORECASE
)

#: Inline prefix ``date 2025-09-25`` / ``Publié le 8 novembre 2024`` glued to the first line.
#: A keyword is required (or a bare ISO date, which no sentence starts with), and no comma
#: may follow: "Le 19 juillet 2016, Adama Traoré est décédé..." is prose, not a prefix.
INLINE_DATE_PREFIX = re.compile(
    rf"^\s*(?:(?:date|publié(?: le)?|mis à jour(?: le)?|mise à jour(?: le)?|posté le)"
    rf"\s*:?\s*(?P<date>{_DATE_ISO}|{_DATE_FR}|{_DATE_NUM})|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}))"
    rf"(?:[ T]\d{{1,2}}[:h]\d{{2}}(?::\d{{2}})?)?\s*[-–—|:]?\s+(?=\S)",
    re.IGNORECASE,
)


def parse_french_date(text: str) -> pd.Timestamp | None:
    """Parse the first French date in ``text`` (``8 novembre 2024 à 7h52``, ``08/11/2024``,
    ``2024-11-08 07:52``) into a Timestamp (minutes kept when given), else ``None``."""
    m = DATE_PATTERN.search(text)
    if not m:
        return None
    return _from_match(m)


def _from_match(m: re.Match) -> pd.Timestamp | None:
    g = m.groupdict()
    try:
        if g["mon"]:
            y, mo, d = int(g["y"]), MONTHS_FR[g["mon"].lower()], int(g["d"])
        elif g["m2"]:
            y, mo, d = int(g["y2"]), int(g["m2"]), int(g["d2"])
        else:
            y, mo, d = int(g["y3"]), int(g["m3"]), int(g["d3"])
        h = int(g["h"]) if g["h"] else 0
        mi = int(g["mi"]) if g["mi"] else 0
        return pd.Timestamp(year=y, month=mo, day=d, hour=h, minute=mi)
    except (ValueError, KeyError):
        return None


# "Publié le 9 octobre 2019 à 10h12 Mis à jour le 10 octobre 2019": keep the publication.
_UPDATE_SPLIT = re.compile(r"\b(?:mis|mise)\s+à\s+jour|\bmodifié|\bactualisé|\bupdated",
                           re.IGNORECASE)
_LABEL = re.compile(r"^\W*(?:publié|paru|posté|mis en ligne|publication|date|published|"
                    r"le|du|on)\b\s*(?:le\b|:)?\s*", re.IGNORECASE)
_SPACED_TIME = re.compile(r"\b(\d{1,2})\s*h\s*(\d{2})\b")
_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["absolute-time"],
}


def parse_date(value: Any) -> pd.Timestamp | None:
    """Parse a date field (see the module docstring) to a naive Timestamp (timezones
    converted to UTC); ``None`` if blank; ``ValueError`` if not a date."""
    if is_blank(value):
        return None
    if isinstance(value, datetime | pd.Timestamp):
        ts = pd.Timestamp(value)
    else:
        ts = _parse_text(str(value).strip())
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts


@lru_cache(maxsize=65536)
def _parse_text(s: str) -> pd.Timestamp:
    try:  # fast path for plain ISO dates
        return pd.Timestamp(datetime.fromisoformat(s))
    except ValueError:
        pass
    try:
        return pd.to_datetime(s, format="ISO8601")
    except (ValueError, TypeError):
        pass
    try:
        return pd.to_datetime(s, dayfirst=True, format="%d/%m/%Y")
    except (ValueError, TypeError):
        pass
    head = _UPDATE_SPLIT.split(s, maxsplit=1)[0]
    head = _SPACED_TIME.sub(r"\1:\2", _LABEL.sub("", head)).strip(" ,;-|")
    m = DATE_PATTERN.fullmatch(head)
    if m and (ts := _from_match(m)) is not None:  # common French forms without dateparser
        return ts
    import dateparser

    dt = dateparser.parse(head, languages=["fr", "en"], settings=_DATEPARSER_SETTINGS)
    if dt is None:
        raise ValueError(f"unparsable date {s!r}")
    return pd.Timestamp(dt)
