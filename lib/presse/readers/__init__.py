"""Readers: turning raw input files into article records, one home per input format.

Small modules, each owning one concern:

* :mod:`presse.readers.encoding` - bytes to text: BOMs, UTF-8 (also with stray bytes),
  UTF-16 without BOM, single-byte Western codecs (cp1252, latin-1/9, Mac-Roman, cp850)
  decided by a French-letter plausibility check; doubtful cases are refused, never guessed.
* :mod:`presse.readers.dates` - French written dates, ISO and day-first numeric dates
  (``dateparser`` for the written forms).
* :mod:`presse.readers.base` - :class:`Article` and :class:`Problem`, what every reader
  yields, and the HTML text helpers shared by the export readers.
* :mod:`presse.readers.europresse`, :mod:`presse.readers.factiva`,
  :mod:`presse.readers.nexis` - press-database exports holding many articles per file.
* :mod:`presse.readers.archives` - ``.zip`` members and ``.gz`` streams, read in place.
* :mod:`presse.readers.office` - ``.docx``, ``.odt``, ``.rtf`` and ``.pdf`` text.

This package imports nothing at import time (its modules are imported where used), so
:mod:`presse.clean` can import :mod:`presse.readers.dates` without a cycle. The corpus
loader (:mod:`presse.corpus`) dispatches files to these readers and turns their
:class:`~presse.readers.base.Problem` events into rows of the skip report.
"""
