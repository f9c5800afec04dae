"""presse: French press coverage analysis (corpus, tone, topics, stance).

The public entry points are re-exported here lazily so that ``import presse`` stays cheap
(spaCy and scikit-learn load only when a function that needs them is called).
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("presse")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

_LAZY = {
    "load_corpus": "presse.corpus",
    "load_tables": "presse.build",
    "load_actors": "presse.actors",
    "find_mentions": "presse.actors",
    "fit_topics": "presse.topics",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'presse' has no attribute {name!r}")


__all__ = ["__version__", "find_mentions", "fit_topics", "load_actors", "load_corpus",
           "load_tables"]
