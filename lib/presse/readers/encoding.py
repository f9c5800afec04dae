"""Bytes to text, never a silent wrong decoding.

Order of decisions in :func:`detect_encoding`:

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. UTF-16 without a BOM, recognised from its NUL bytes (every other byte is NUL in
   Latin-script text);
3. strict UTF-8 (most files);
4. UTF-8 with a few stray single bytes (a file pasted together from two sources): the
   stray bytes are read as cp1252 when they give French letters, and the encoding label
   says how many there were (``utf-8+cp1252(2)``);
5. single-byte Western codecs (cp1252, ISO-8859-15, latin-1, Mac-Roman, cp850): each
   candidate decoding is scored by :func:`french_plausibility` (accented letters French
   uses, in lower case inside words, and typographic punctuation score up; letters French
   does not use, capitals inside lower-case words, symbols between letters and control
   characters score down). The best wins when it is clearly ahead; otherwise
   :class:`DoubtfulEncoding` is raised with the ranked candidates, and the loader lists the
   file as ``doubtful_encoding`` instead of guessing.

Files streamed in chunks (exports, CSV, JSONL) are decided from their first MB; bytes
further on that are not valid in the chosen encoding do not stop the file:
:class:`RepairingReader` reads them as cp1252 (UTF-8 files) or U+FFFD and counts them, and
the loader lists the file as ``doubtful_encoding`` while keeping its records.

Close codecs that decode the bytes to the same text are one candidate (cp1252, ISO-8859-15
and latin-1 agree on most French text).

Text that was decoded with the wrong codec before it reached us (``Ã©`` for ``é``, a table
exported that way) is repaired by :func:`fix_mojibake` (ftfy), the first cleaning step of
:mod:`presse.clean`.
"""

from __future__ import annotations

import codecs
import re
from typing import Self

__all__ = [
    "STRAY_ERRORS",
    "DecodeError",
    "DoubtfulEncoding",
    "RepairingReader",
    "bom_encoding",
    "decode_bytes",
    "detect_encoding",
    "fix_mojibake",
    "french_plausibility",
    "stream_codec",
]


class DecodeError(ValueError):
    """The bytes are not text in any encoding we accept."""


class DoubtfulEncoding(DecodeError):
    """Several encodings decode the bytes into plausible, different texts.

    ``candidates``: ``[(encoding, score, sample), ...]`` best first; ``sample`` shows the
    first differing words in that decoding.
    """

    def __init__(self, message: str, candidates: list[tuple[str, int, str]]):
        super().__init__(message)
        self.candidates = candidates


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

#: Single-byte codecs tried, in order of preference when they decode to the same text.
SINGLE_BYTE_CANDIDATES = ("cp1252", "iso-8859-15", "latin-1", "mac_roman", "cp850")

#: The minimum lead of the best candidate over the next (plausibility points).
MIN_LEAD = 3

#: Name of the codec error handler that reads stray bytes of UTF-8 text as cp1252.
STRAY_ERRORS = "presse-stray-cp1252"

# Characters French text uses beyond ASCII. Lower-case accented letters and typographic
# punctuation; accented capitals are judged by their context (start of a word or not).
_FRENCH_LOWER = frozenset("àâäçéèêëîïôöùûüÿœæ")
_FRENCH_UPPER = frozenset("ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ")
_FRENCH_PUNCT = frozenset("«»’‘“”…–—€°\u00a0\u202f\u2009•©®§·")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SURROGATE = re.compile("[\udc80-\udcff]")


def bom_encoding(data: bytes) -> str | None:
    """Encoding announced by a byte-order mark at the start of ``data``, else ``None``."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the NUL bytes show UTF-16 without a BOM."""
    sample = data[:8192]
    n = len(sample) // 2
    if n < 8:
        return None
    even, odd = sample[0 : 2 * n : 2].count(0), sample[1 : 2 * n : 2].count(0)
    if odd > 0.6 * n and even < 0.05 * n:
        return "utf-16-le"
    if even > 0.6 * n and odd < 0.05 * n:
        return "utf-16-be"
    return None


def french_plausibility(text: str) -> int:
    """Score how much ``text``'s non-ASCII characters look like French in a Latin script.

    +2 per French lower-case accented letter, +1 per accented capital that starts a word
    and per typographic sign French uses (« » ’ … € ...); -3 per accented capital after a
    lower-case letter (``ÈtÈ``, Mac-Roman read as cp1252), per letter French does not use
    (``ą``, ``Ź``, ``ı``) and per symbol between two letters (``c½ur``); -5 per control or
    replacement character. ASCII scores 0.
    """
    score = 0
    for m in _NON_ASCII.finditer(text):
        c, i = m.group(), m.start()
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if _CONTROL.match(c):
            score -= 5
        elif c in _FRENCH_LOWER:
            score += 2
        elif c in _FRENCH_UPPER:
            score += -3 if prev.isalpha() and prev.islower() else 1
        elif c in _FRENCH_PUNCT:
            score += -3 if prev.isalpha() and nxt.isalpha() and c not in "’·" else 1
        elif c.isalpha() or prev.isalpha() and nxt.isalpha():
            score -= 3
    return score


def _stray_handler(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error(STRAY_ERRORS, _stray_handler)


def _utf8_strays(data: bytes) -> tuple[str, int] | None:
    """``(text, n_stray)`` for UTF-8 with a few stray cp1252 bytes, else None."""
    loose = data.decode("utf-8", errors="surrogateescape")
    strays = _SURROGATE.findall(loose)
    n_multi = len(_NON_ASCII.findall(loose)) - len(strays)
    if not strays or n_multi < 1 or len(strays) > max(3, 0.05 * n_multi):
        return None
    text = data.decode("utf-8", errors=STRAY_ERRORS)
    repaired = "".join(bytes([ord(s) - 0xDC00]).decode("cp1252", errors="replace")
                       for s in strays)
    if french_plausibility(repaired) <= 0:
        return None
    return text, len(strays)


def _sample_diff(texts: list[str]) -> list[str]:
    """A short excerpt of each text around their first difference."""
    first = min((next((i for i, (a, b) in enumerate(zip(t, texts[0], strict=False)) if a != b),
                      len(t)) for t in texts[1:]), default=0)
    start = max(0, first - 20)
    return [t[start : first + 20].replace("\n", " ") for t in texts]


def detect_encoding(data: bytes) -> str:
    """The encoding of ``data`` (see the module docstring). Raises :class:`DecodeError`
    when no encoding gives text, :class:`DoubtfulEncoding` when close codecs compete.

    ``utf-8+cp1252(N)`` means UTF-8 with N stray bytes read as cp1252 (decode it with
    :func:`decode_bytes`, or ``errors=STRAY_ERRORS``).
    """
    bom = bom_encoding(data)
    if bom:
        return bom
    u16 = utf16_without_bom(data)
    if u16:
        try:
            data.decode(u16)
            return u16
        except UnicodeDecodeError:
            pass
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    stray = _utf8_strays(data)
    if stray is not None:
        return f"utf-8+cp1252({stray[1]})"
    decoded: dict[str, str] = {}
    for enc in SINGLE_BYTE_CANDIDATES:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if text not in decoded.values():
            decoded[enc] = text
    ranked = sorted(((french_plausibility(t), -i, e) for i, (e, t) in enumerate(decoded.items())),
                    reverse=True)
    best_score, _, best = ranked[0]
    lead = best_score - ranked[1][0] if len(ranked) > 1 else best_score
    text = decoded[best]
    odd = len(_CONTROL.findall(text))
    if odd > max(2, 0.01 * len(text)):
        raise DecodeError(f"decoded as {best}, {odd} control or out-of-script characters: "
                          "not text")
    if best_score > 0 and lead >= MIN_LEAD:
        return best
    top = ranked[:3]
    samples = _sample_diff([decoded[e] for _, _, e in top])
    cands = [(e, s, smp) for (s, _, e), smp in zip(top, samples, strict=True)]
    if best_score <= 0:
        raise DecodeError("not UTF-8, and no single-byte encoding gives French text (best: "
                          f"{best}, plausibility {best_score}): not text, or not French")
    from charset_normalizer import from_bytes

    guess = from_bytes(data[:65536]).best()
    shown = "; ".join(f"{e} (score {s}): {smp!r}" for e, s, smp in cands)
    raise DoubtfulEncoding(
        "not UTF-8, and no single-byte encoding is clearly the right one: "
        f"{shown}; charset-normalizer guesses {guess.encoding if guess else 'nothing'}. "
        "Re-save the file as UTF-8 or name its encoding", cands)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` to ``(text, encoding)`` (see :func:`detect_encoding`); a BOM is
    dropped. Raises :class:`DecodeError` (or :class:`DoubtfulEncoding`)."""
    enc = detect_encoding(data)
    codec, errors = stream_codec(enc)
    try:
        return data.decode(codec, errors=errors), enc
    except (UnicodeDecodeError, LookupError) as exc:  # pragma: no cover - detect checked it
        raise DecodeError(str(exc)) from exc


def _ftfy_config():
    import ftfy

    # uncurl_quotes=False keeps French typography (’ « »); fix_line_breaks=False because
    # normalize_newlines does it (and line numbers must not move); explain=False for speed.
    return ftfy.TextFixerConfig(
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_character_width=True,
        fix_latin_ligatures=True,
        normalization="NFC",
        explain=False,
    )


_FTFY_CONFIG = None


# Fast path: ftfy's badness check costs ~10 ms per article. Text in which none of these
# occur has nothing ftfy would change that the other steps do not also handle: a
# UTF-8 lead byte read as cp1252/latin-1 (Â-ô) followed by a continuation byte read the same
# way (U+0080-U+00BF or a cp1252 special such as € ‚ ™ “ ” ’ …), a 2-byte lead before a
# space (a lost U+00A0), C1 controls, HTML entities, ligatures, full-width forms,
# surrogates, terminal escapes.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4](?:[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]|(?<=[\u00c2-\u00df]) )"
    "|[\x80-\x9f\ufb00-\ufb06\uff01-\uff5e\ud800-\udfff\x1b]"
    "|&(?:#\\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\\d*);"
)


def fix_mojibake(text: str) -> str:
    """Repair mojibake and encoding damage with ftfy (``Ã©`` -> ``é``, ``â€™`` -> ``’``).

    Configured not to "uncurl" quotes and not to touch line breaks; ligatures (``ﬁ``) and
    full-width letters are unfolded. Legitimate French (accents, ``Œ``, ``«»``) is unchanged.
    ftfy runs only when the text shows a sign of damage (a cheap regex pre-check).
    """
    global _FTFY_CONFIG
    if not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy

    if _FTFY_CONFIG is None:
        _FTFY_CONFIG = _ftfy_config()
    return ftfy.fix_text(text, config=_FTFY_CONFIG)



def stream_codec(encoding: str) -> tuple[str, str]:
    """``(codec, errors)`` to pass to :func:`open` for an encoding label of
    :func:`detect_encoding` (``utf-8+cp1252(N)`` decodes as UTF-8 with stray bytes read as
    cp1252)."""
    if encoding.startswith("utf-8+cp1252"):
        return "utf-8", STRAY_ERRORS
    return encoding, "strict"


def stray_count(encoding: str) -> int:
    """N of a ``utf-8+cp1252(N)`` label (stray bytes known from the sample), else 0."""
    m = re.fullmatch(r"utf-8\+cp1252\((\d+)\)", encoding)
    return int(m.group(1)) if m else 0


class RepairingReader:
    """A text file opened with ``errors="surrogateescape"``, read through: each byte that
    was not valid in the codec (a lone surrogate U+DC80-U+DCFF, which no valid decoding
    yields) becomes its cp1252 reading for UTF-8 files, else U+FFFD; ``n_repaired`` counts
    them. Offers what the readers use: ``read``, ``readline``, iteration, ``seek(0)``, and
    the context-manager protocol."""

    def __init__(self, fh, codec: str):
        self._fh = fh
        self._utf8 = codec.lower().replace("_", "-").startswith("utf-8")
        self.n_repaired = 0

    def _fix(self, text: str) -> str:
        if not _SURROGATE.search(text):
            return text

        def one(m: re.Match) -> str:
            self.n_repaired += 1
            if self._utf8:
                return bytes([ord(m.group()) - 0xDC00]).decode("cp1252", errors="replace")
            return "\ufffd"

        return _SURROGATE.sub(one, text)

    def read(self, size: int = -1) -> str:
        return self._fix(self._fh.read(size))

    def readline(self, size: int = -1) -> str:
        return self._fix(self._fh.readline(size))

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def seek(self, offset: int, whence: int = 0) -> int:
        self.n_repaired = 0 if offset == 0 and whence == 0 else self.n_repaired
        return self._fh.seek(offset, whence)

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
