"""Read speed of a large Europresse-style export.

    .venv/bin/python benchmarks/readers.py                 # 10,000 articles in one file
    .venv/bin/python benchmarks/readers.py --articles 2000 --files 20

Writes a synthetic export (``--files`` HTML pages sharing ``--articles`` articles, each a
distinct French text generated here, with Europresse's markup, search-hit highlights and
footer) into a temporary folder, then measures, each in a fresh subprocess:

* ``split``: :func:`presse.readers.europresse.read_europresse` alone (decode + split);
* ``load``: :func:`presse.corpus.read_corpus` (split, cleaning, language check, dates,
  duplicate and same-story detection): the documents table a build starts from.

Printed: articles/s and peak memory (maximum resident set size of the subprocess, which
includes lxml's C allocations, minus nothing: the interpreter and imports are in it), plus
the export's size. Timings depend on the machine's load (the load average is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("gouvernement ministre réforme budget élus région commune habitants entreprise "  # noqa: SIM905
         "salariés syndicats négociation accord hôpital école université transport énergie "
         "prix marché agriculteurs récolte sécheresse tribunal enquête procès député sénat "
         "élection campagne sondage électeurs Europe Bruxelles Paris Lyon Marseille Bretagne "
         "Alsace rentrée été hiver printemps automne travaux chantier projet débat vote loi "
         "décret mesure aide subvention dette impôt taxe croissance emploi chômage").split()
FUNCTION = "le la les de des du un une et à en pour que qui dans sur avec par est a ont".split()  # noqa: SIM905


def _sentence(rng: random.Random) -> str:
    n = rng.randint(12, 24)
    words = [rng.choice(FUNCTION) if k % 2 else rng.choice(WORDS) for k in range(n)]
    return (" ".join(words).capitalize()) + "."


def _article(i: int, rng: random.Random) -> str:
    paras = []
    for _ in range(rng.randint(4, 8)):
        s = " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
        w = rng.choice(WORDS)
        paras.append("<p>" + s.replace(f" {w} ", f" <mark>{w}</mark> ", 1) + "</p>")
    day = 1 + i % 28
    return (
        "<article><header><div class='rdp__DocPublicationName'><span class='DocPublicationName'>"
        f"Le Journal {i % 40}, no. {20000 + i}</span></div>"
        f"<span class='DocHeader'>Rubrique {i % 9}, lundi {day} mars 2025 {300 + i % 500} "
        f"mots, p. {1 + i % 30}</span><div class='titreArticle'><p class='titreArticleVisu'>"
        f"{_sentence(rng)[:-1]} ({i})</p></div><div class='docAuthors'>Auteur {i % 300}</div>"
        "</header><section><div class='DocText clearfix'><div class='docOcurrContainer'>"
        + "".join(paras) + f" <p>Référence {i}.</p></div></div></section><footer>"
        f"<div class='publiC-lblNodoc'>news·202503{day:02d}·BJ·{i:07d}</div>"
        f"<div class='Doc-LegalInfo'>© 2025 Le Journal {i % 40}. Tous droits réservés.</div>"
        "</footer></article>\n"
    )


def write_export(folder: Path, n_articles: int, n_files: int) -> int:
    rng = random.Random(0)
    per = -(-n_articles // n_files)
    total = 0
    for f in range(n_files):
        path = folder / f"europresse_{f:03d}.html"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Europresse.com"
                     "</title></head><body>\n")
            fh.writelines(_article(i, rng) for i in range(f * per, min((f + 1) * per, n_articles)))
            fh.write("</body></html>\n")
        total += path.stat().st_size
    return total


_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, folder = sys.argv[1], Path(sys.argv[2])
t = time.perf_counter()
if mode == "split":
    from presse.readers.base import text_chunks
    from presse.readers.europresse import read_europresse
    n = 0
    for p in sorted(folder.glob("*.html")):
        with open(p, encoding="utf-8") as fh:
            n += sum(1 for a in read_europresse(text_chunks(fh), p.name) if hasattr(a, "text"))
    skipped = 0
else:
    from presse.corpus import read_corpus
    c = read_corpus(folder, metadata=False)
    n, skipped = len(c.documents), len(c.skipped)
secs = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"n": n, "skipped": skipped, "secs": secs, "rss": rss}))
"""


def measure(mode: str, folder: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, mode, str(folder)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--files", type=int, default=1)
    args = ap.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f} (cpus: {os.cpu_count()})")
    with tempfile.TemporaryDirectory(prefix="presse-bench-readers-") as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        size = write_export(folder, args.articles, args.files)
        print(f"export: {args.articles:,} articles in {args.files} file(s), "
              f"{size / 2**20:.1f} MiB, written in {time.perf_counter() - t:.1f} s")
        print(f"{'step':<6} {'articles':>9} {'skipped':>8} {'seconds':>8} {'articles/s':>11} "
              f"{'peak RSS MiB':>13}")
        for mode in ("split", "load"):
            r = measure(mode, folder)
            print(f"{mode:<6} {r['n']:>9,} {r['skipped']:>8,} {r['secs']:>8.1f} "
                  f"{r['n'] / r['secs']:>11,.0f} {r['rss'] / 2**20:>13.0f}")


if __name__ == "__main__":
    main()
