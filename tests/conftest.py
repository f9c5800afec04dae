"""Shared fixtures: a small French corpus factory and a session build of the embedded corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from presse import config

#: Short French articles (2024-2025) used by ``make_corpus``; dated by their text.
SAMPLE_ARTICLES: dict[str, str] = {
    "a01_sommet.txt": (
        "Trump et Poutine se retrouvent à Anchorage\n\n"
        "Le 15 août 2025, Donald Trump a reçu Vladimir Poutine en Alaska. Le chef du Kremlin "
        "a salué « un dialogue utile ». Le président américain espérait un cessez-le-feu.\n\n"
        "À Kiev, Volodymyr Zelensky a dénoncé un sommet tenu sans l’Ukraine. L’OTAN et "
        "Bruxelles restent prudents."
    ),
    "a02_election.txt": (
        "Poutine félicite le président élu\n\n"
        "Le 7 novembre 2024, M. Poutine a félicité Donald Trump. Le porte-parole du Kremlin, "
        "Dmitri Peskov, a jugé les États-Unis « hostiles ». Joe Biden quittera la Maison "
        "Blanche en janvier."
    ),
    "a03_sanctions.txt": (
        "Washington durcit le ton\n\n"
        "Le 22 octobre 2025, les États-Unis ont annoncé des sanctions contre deux groupes "
        "pétroliers russes. Moscou a dénoncé une décision « hostile ». Les Russes restent "
        "divisés, selon Sergueï Lavrov, qui a rencontré Marco Rubio."
    ),
}


#: metadata.csv of the sample corpus (a03 is left undated on purpose).
SAMPLE_METADATA = (
    "file,date,date_source,outlet,note\n"
    "a01_sommet.txt,2025-08-16,stated in text,Test Presse,\n"
    "a02_election.txt,2024-11-08,stated in text,,\n"
)


def write_corpus(folder: Path, articles: dict[str, str] | None = None,
                 encoding: str = "utf-8", metadata: str | None = None) -> Path:
    """Write ``articles`` ({file name: text}) as files in ``folder`` and return it.

    ``metadata``: text of a ``metadata.csv`` written next to the articles (default: the
    sample metadata when ``articles`` is the sample corpus, none otherwise).
    """
    folder.mkdir(parents=True, exist_ok=True)
    if articles is None:
        articles = SAMPLE_ARTICLES
        metadata = SAMPLE_METADATA if metadata is None else metadata
    for name, text in articles.items():
        (folder / name).write_bytes(text.encode(encoding))
    if metadata:
        (folder / "metadata.csv").write_text(metadata, encoding="utf-8")
    return folder


@pytest.fixture
def make_corpus(tmp_path_factory):
    """Factory: ``make_corpus(articles=None, name="corpus", encoding="utf-8", metadata=None)``
    -> a fresh corpus folder (default: three dated sample articles + metadata.csv)."""

    def factory(articles: dict[str, str] | None = None, name: str = "corpus",
                encoding: str = "utf-8", metadata: str | None = None) -> Path:
        return write_corpus(tmp_path_factory.mktemp(name), articles, encoding, metadata)

    return factory


@pytest.fixture(scope="session")
def embedded_build(tmp_path_factory):
    """The embedded corpus (data/raw) built once per session into a temporary folder.

    Returns ``(out_dir, BuildResult)``. Tests must not modify ``out_dir``; copy it first.
    """
    from presse.build import build

    out = tmp_path_factory.mktemp("processed")
    result = build(corpus=config.RAW, out=out, progress=False)
    return out, result
