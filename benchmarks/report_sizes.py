"""The report at three sizes: the embedded corpus, 33 and 2,000 news articles.

    python benchmarks/report_sizes.py [--bench ../shared/bench] [--sizes 33 2000]
                                      [--out /tmp/report_sizes] [--no-embedded]
                                      [--no-speedup]

Corpora of 33 and 2,000 articles are cut from ``news_fr_dev.csv.gz`` (articles naming
Trump, Putin or Russia first, then the others, in file order) and written as one CSV
without an id column, so ids are ``corpus_N:row`` — the case where truncated ids collide.
For each corpus ``presse report`` runs (timed), every page is opened in headless Chromium
(Debian's /usr/bin/chromium, ``scripts/ensure-chromium.sh``) and screenshotted whole, and
the script checks:

- no two tick labels of any figure intersect, and no label leaves its figure (measured in
  the kernel on the drawn figure, before it is shown: an IPython start-up hook calls
  ``presse.figures.tick_label_overlaps`` and ``labels_outside_figure``);
- no figure repeats a label on an axis of categories (duplicated display labels);
- no sentence of a cell tagged ``embedded-corpus`` appears in a page of another corpus;
- every figure lies inside the page width (and how much the browser had to shrink it).

Then ``presse build`` on the largest corpus is timed with one process and with every core
(the local Dask cluster ``presse build`` starts by default), and the speed-up printed.
Prints its figures; asserts nothing (benchmarks never fail a build on timings).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from presse import config

HOOK = r'''
import json, os
from IPython import get_ipython

def _presse_check_figures(*_):
    import matplotlib.pyplot as plt
    from presse.figures import tick_label_overlaps
    path = os.environ.get("PRESSE_FIGURE_LOG")
    if not path:
        return
    for num in plt.get_fignums():
        fig = plt.figure(num)
        if getattr(fig, "_presse_checked", False):
            continue
        fig._presse_checked = True
        try:
            overlaps = tick_label_overlaps(fig)
            outside = []  # inline figures are saved with bbox_inches="tight": nothing is cut
        except Exception as exc:  # noqa: BLE001 - never break the notebook
            overlaps, outside = [], [f"check failed: {exc}"]
        dups = []
        for ax in fig.get_axes():
            for axis in (ax.xaxis, ax.yaxis):
                if "Date" in type(axis.get_major_formatter()).__name__:
                    continue  # dates repeat day numbers by design ("Jul 15 Aug 15")
                texts = [t.get_text() for t in axis.get_ticklabels() if t.get_text().strip()]
                if texts and not all(re.fullmatch(r"[−\-+0-9.,% e]+", t) for t in texts):
                    seen = {t for t in texts if texts.count(t) > 1}
                    dups += sorted(seen)
        with open(path, "a", encoding="utf-8") as fh:
            cell = (get_ipython().user_ns.get("_ih") or [""])[-1].strip().splitlines()
            fh.write(json.dumps({"notebook": (cell[0] if cell else "?")[:70],
                                 "figure": num, "size": list(fig.get_size_inches()),
                                 "overlaps": overlaps[:5], "n_overlaps": len(overlaps),
                                 "outside": outside[:5], "duplicates": dups[:5]}) + "\n")

import re
import matplotlib.pyplot as _plt

_presse_show = _plt.show


def _presse_checked_show(*args, **kwargs):  # the inline show() closes the figures it shows
    _presse_check_figures()
    return _presse_show(*args, **kwargs)


_plt.show = _presse_checked_show
get_ipython().events.register("post_execute", _presse_check_figures)
'''

ACTORS = re.compile(r"\b(?:Trump|Poutine|Putin|Russie|Kremlin)\b")


def make_corpus(bench: Path, n: int, folder: Path) -> Path:
    """``n`` articles of the news benchmark as one CSV (title, date, text; no id)."""
    src = bench / "news_fr_dev.csv.gz"
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        news = pd.read_csv(fh)
    news = news.dropna(subset=["text"])
    about = news["text"].str.contains(ACTORS) | news["title"].fillna("").str.contains(ACTORS)
    chosen = pd.concat([news[about], news[~about]]).head(n)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"corpus_{n}.csv"
    chosen[["title", "date", "text"]].to_csv(path, index=False)
    return path


def install_hook(tmp: Path) -> Path:
    """An IPYTHONDIR whose start-up script checks every figure before it is shown."""
    startup = tmp / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-presse-figure-check.py").write_text(HOOK, encoding="utf-8")
    os.environ["IPYTHONDIR"] = str(tmp / "ipython")
    return tmp / "figures.jsonl"


def words(text: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(re.findall(r"\w+", text.lower()))


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,1000", "--no-first-run"):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def check_pages(driver, out: Path, shots: Path) -> list[dict]:
    """Open every page, screenshot it whole, measure figure widths."""
    rows = []
    for page in sorted(out.glob("*.html")):
        driver.set_window_size(1280, 1000)
        driver.get(page.as_uri())
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1280, min(int(height) + 100, 30000))
        state = driver.execute_script(
            """
            const W = document.documentElement.clientWidth;
            return Array.from(document.images).map(i => {
              const r = i.getBoundingClientRect();
              return {left: r.left, right: r.right, shown: r.width, natural: i.naturalWidth,
                      page: W};
            });
            """
        )
        shots.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(shots / f"{page.stem}.png"))
        outside = [s for s in state if s["left"] < 0 or s["right"] > s["page"] + 1]
        shrunk = [s["natural"] / s["shown"] for s in state if s["shown"]]
        rows.append({"page": page.name, "figures": len(state), "outside_page": len(outside),
                     "max_shrink": round(max(shrunk, default=1.0), 2)})
    return rows


def embedded_sentences() -> dict[str, list[str]]:
    import nbformat
    from presse.report import TAG_EMBEDDED, find_notebooks, tagged_sentences

    return {p.stem: tagged_sentences(nbformat.read(p, as_version=4), TAG_EMBEDDED)
            for p in find_notebooks()}


def run_one(name: str, corpus: Path | None, out: Path, log: Path, driver, shots: Path) -> dict:
    from presse.report import render_reports

    log.write_text("", encoding="utf-8")
    t0 = time.perf_counter()
    results = render_reports(corpus=corpus, out=out, progress=False, timeout=3600)
    seconds = time.perf_counter() - t0
    figs = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]
    pages = check_pages(driver, out, shots / name)
    leaked = []
    if corpus is not None:
        for stem, sentences in embedded_sentences().items():
            page = out / f"{stem}.html"
            if page.exists():
                text = words(page.read_text(encoding="utf-8"))
                leaked += [f"{stem}: {s[:60]}" for s in sentences if words(s) in text]
    return {
        "corpus": name, "report_s": round(seconds, 1),
        "pages": {r.name: r.status for r in results},
        "figures_checked": len(figs),
        "figures_with_overlaps": [f for f in figs if f["n_overlaps"]],
        "figures_with_labels_outside": [f for f in figs if f["outside"]],
        "figures_with_duplicate_labels": [f for f in figs if f["duplicates"]],
        "embedded_sentences_shown": leaked,
        "page_checks": pages,
    }


def time_build(corpus: Path, out: Path, workers: int) -> float:
    from presse.cli import build_tables

    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    build_tables(corpus=corpus, out=out, progress=False, workers=workers,
                 engine="auto" if workers == 1 else "dask")
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=config.BENCH)
    ap.add_argument("--sizes", type=int, nargs="+", default=[33, 2000])
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "report_sizes")
    ap.add_argument("--no-embedded", action="store_true")
    ap.add_argument("--no-speedup", action="store_true")
    ap.add_argument("--speedup-only", action="store_true",
                    help="only time presse build on the largest corpus (1 process vs all cores)")
    args = ap.parse_args(argv)
    if args.speedup_only:
        args.out.mkdir(parents=True, exist_ok=True)
        return speedup(args)
    args.out.mkdir(parents=True, exist_ok=True)
    log = install_hook(args.out)
    os.environ["PRESSE_FIGURE_LOG"] = str(log)
    corpora: list[tuple[str, Path | None]] = [] if args.no_embedded else [("embedded", None)]
    corpora += [(f"{n} articles", make_corpus(args.bench, n, args.out / "corpora"))
                for n in args.sizes]
    driver = browser()
    summary = []
    try:
        for name, corpus in corpora:
            slug = name.replace(" ", "_")
            res = run_one(slug, corpus, args.out / slug, log, driver, args.out / "shots")
            summary.append(res)
            print(f"\n== {name}: presse report {res['report_s']:.0f} s; pages {res['pages']}")
            print(f"   figures checked {res['figures_checked']}: overlapping tick labels in "
                  f"{len(res['figures_with_overlaps'])}, labels outside in "
                  f"{len(res['figures_with_labels_outside'])}, duplicated labels in "
                  f"{len(res['figures_with_duplicate_labels'])}")
            for key in ("figures_with_overlaps", "figures_with_labels_outside",
                        "figures_with_duplicate_labels"):
                for f in res[key][:5]:
                    print(f"     {key}: {f['notebook']} fig {f['figure']}: "
                          f"{f['overlaps'] or f['outside'] or f['duplicates']}")
            print(f"   embedded-corpus sentences shown: {len(res['embedded_sentences_shown'])}"
                  + "".join(f"\n     {s}" for s in res["embedded_sentences_shown"][:5]))
            for p in res["page_checks"]:
                print(f"   {p['page']:<22} figures {p['figures']:>3}  outside page "
                      f"{p['outside_page']}  largest shrink x{p['max_shrink']}")
    finally:
        driver.quit()
    print(f"\nscreenshots: {args.out / 'shots'}")
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1, default=str))
    return 0 if args.no_speedup else speedup(args)


def speedup(args) -> int:
    """Time ``presse build`` on the largest corpus with one process, then all cores."""
    n = max(args.sizes)
    corpus = args.out / "corpora" / f"corpus_{n}.csv"
    if not corpus.exists():
        corpus = make_corpus(args.bench, n, args.out / "corpora")
    one = time_build(corpus, args.out / "build_1", 1)
    cores = os.cpu_count() or 1
    many = time_build(corpus, args.out / f"build_{cores}", cores)
    print(f"\n== presse build, {n} articles: 1 process {one:.0f} s; {cores} workers "
          f"(local Dask) {many:.0f} s; speed-up x{one / many:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
