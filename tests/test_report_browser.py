"""The rendered reports, checked in a real browser as a reader would open them.

A small French corpus is written here in several encodings and formats (UTF-8 and
Windows-1252 text files, an HTML page, a CSV table, a JSON-lines table), `render_reports`
runs every notebook of notebooks/ on it once (module-scoped), and headless Chromium opens
the index and every page: each page is screenshotted, every <img> must be decoded
(naturalWidth > 0), a notebook that draws must show at least one figure, no error box or
traceback may appear, and no path of this machine may show.

Chromium comes from Debian's ``chromium`` and ``chromium-driver`` packages
(``scripts/ensure-chromium.sh``, run here when they are missing); selenium talks to
/usr/bin/chromedriver directly (never selenium-manager downloads). The test is skipped,
with the reason, only when Chromium cannot be installed.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import nbformat
import pytest
from presse import config
from presse.report import STATUS_FAILED, STATUS_OK, machine_paths
from report_corpus import small_report

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROME_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1280,1800",
]

# Plotting calls: a notebook whose code has one should show a figure (when it ran fully).
DRAWS = re.compile(r"\bplt\.|\.plot\(|\bplot_\w+\(|\.subplots\(|\.imshow\(|\.hist\(|\.bar\(")

# ---------------------------------------------------------------------------- fixtures
def _chromium_or_skip() -> None:
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return
    script = config.ROOT / "scripts" / "ensure-chromium.sh"
    try:
        proc = subprocess.run(["bash", str(script)], check=False, capture_output=True,
                              text=True, timeout=600)
        why = (proc.stderr or proc.stdout).strip()
    except (OSError, subprocess.TimeoutExpired) as exc:
        why = str(exc)
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip(f"Chromium cannot be installed here ({why or 'no chromium/chromedriver'}); "
                    "install the Debian packages chromium and chromium-driver")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """Every notebook rendered on the small corpus (once per session): (out, results, corpus)."""
    _chromium_or_skip()
    return small_report(tmp_path_factory)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    _chromium_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in CHROME_FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


# ---------------------------------------------------------------------------- checks
def _open(driver, path: Path, shots: Path) -> dict:
    """Open ``path`` and return what the reader sees (text, images, error boxes)."""
    driver.get(path.as_uri())
    driver.execute_script("window.scrollTo(0, document.body.scrollHeight); window.scrollTo(0, 0);")
    state = driver.execute_script(
        """
        const imgs = Array.from(document.images);
        const stderr = Array.from(document.querySelectorAll(
            '[data-mime-type="application/vnd.jupyter.stderr"]')).map(e => e.innerText);
        return {
          title: document.title,
          text: document.body.innerText,
          images: imgs.map(i => ({complete: i.complete, width: i.naturalWidth,
                                  src: i.src.slice(0, 30)})),
          stderr: stderr,
          notices: document.querySelectorAll('.presse-notice').length,
          code_cells: document.querySelectorAll('.jp-CodeCell .jp-InputArea-editor').length,
          fetched: performance.getEntriesByType('resource').map(e => e.name)
                     .filter(n => !n.startsWith('data:') && !n.startsWith('file:')),
          links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
        };
        """
    )
    shot = shots / f"{path.stem}.png"
    assert driver.save_screenshot(str(shot)), f"no screenshot of {path.name}"
    assert shot.stat().st_size > 5_000, f"blank screenshot of {path.name}"
    state["html"] = driver.page_source
    return state


def test_every_page_reads_in_a_browser(report, browser, tmp_path):
    out, results, corpus = report
    problems = []
    total_figures = 0
    for r in results:
        page = _open(browser, out / r.html, tmp_path)
        name = r.html
        nb = nbformat.read(out / r.notebook, as_version=4)
        n_outputs = sum(
            1 for c in nb.cells for o in c.get("outputs", [])
            if any(m in o.get("data", {}) for m in ("image/png", "image/jpeg"))
        )
        draws = any(c.cell_type == "code" and DRAWS.search(c.source) for c in nb.cells)
        images = page["images"]
        total_figures += len(images)
        if r.title not in page["text"]:
            problems.append(f"{name}: title {r.title!r} not shown")
        if "fingerprint" not in page["text"] or "presse" not in page["text"]:
            problems.append(f"{name}: no corpus header")
        bad = [i for i in images if not i["complete"] or i["width"] <= 0]
        if bad:
            problems.append(f"{name}: {len(bad)} image(s) not loaded: {bad}")
        if not all(i["src"].startswith("data:image/") for i in images):
            problems.append(f"{name}: an image is not embedded: {images}")
        if len(images) != n_outputs:
            problems.append(f"{name}: {len(images)} <img> for {n_outputs} figure outputs")
        if r.status == STATUS_OK and draws and not images:
            problems.append(f"{name}: the notebook draws but the page shows no figure")
        if "Traceback" in page["text"] or "output_error" in page["html"]:
            problems.append(f"{name}: a traceback / error box is shown")
        errors = [s for s in page["stderr"] if re.search(r"\b\w*(Error|Exception)\b", s)]
        if errors:
            problems.append(f"{name}: error output shown: {errors[0][:200]}")
        if r.status != STATUS_OK and page["notices"] == 0:
            problems.append(f"{name}: status {r.status!r} but no explanation box")
        leaked = machine_paths(page["html"], [str(corpus.parent)])
        if leaked:
            problems.append(f"{name}: machine paths shown: {leaked}")
        if page["fetched"]:
            problems.append(f"{name}: fetched from the network: {page['fetched'][:3]}")
        if not page["code_cells"]:
            problems.append(f"{name}: no code cell shown (code is shown unless --hide-code)")
        if "index.html" not in page["links"]:
            problems.append(f"{name}: no link back to the index")
    assert not problems, "\n".join(problems)
    assert total_figures >= 1, "no figure anywhere in the report"


def test_no_notebook_crashes_on_a_small_valid_corpus(report):
    """Six dated French articles about the actors: a notebook may say it needs more data
    (a page with an explanation), but an unexpected exception is a bug to fix."""
    out, results, _ = report
    crashed = {r.name: r.message for r in results if r.status == STATUS_FAILED}
    details = {name: (out / "logs" / f"{name}.txt").read_text(encoding="utf-8")[-1500:]
               for name in crashed}
    assert not crashed, "\n\n".join(f"{k}: {v}\n{details[k]}" for k, v in crashed.items())


def test_index_in_browser(report, browser, tmp_path):
    out, results, corpus = report
    page = _open(browser, out / "index.html", tmp_path)
    pages = [h for h in page["links"] if h.endswith(".html")]
    assert pages == [r.html for r in results]
    assert all((out / h).is_file() for h in page["links"] if not h.startswith("#"))
    text = page["text"]
    assert "mes_articles" in text and "6 documents" in text, text[:500]
    for r in results:
        assert r.title in text and r.description in text
    assert machine_paths(page["html"], [str(corpus.parent)]) == []
    assert page["fetched"] == []


def test_corpus_in_every_encoding_was_read(report):
    out, _, _ = report
    import pandas as pd
    from presse.build import load_tables

    docs = load_tables(["documents"], corpus=report[2], out=out / "tables", rebuild="never")[
        "documents"]
    assert len(docs) == 6, docs[["doc_id", "source_path"]].to_string()
    text = " ".join(docs["text"])
    for space in ("\u00a0", "\u202f"):
        text = text.replace(space, " ")
    text = text.replace("\u2019", "'")
    assert "s'est dit « très déçu »" in text  # Windows-1252 file decoded
    assert "Le cœur du problème" in text
    assert "S'abonner" not in text  # HTML boilerplate removed
    assert pd.api.types.is_datetime64_any_dtype(docs["date"])


# ---------------------------------------------------------------------------- web server
def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(report):
    """The report folder behind ``python -m http.server`` on 127.0.0.1 (a free port)."""
    import sys
    import time
    import urllib.request

    out = report[0]
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "index.html", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("python -m http.server did not answer")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_report_folder_served_by_a_static_web_server(report, served, browser, tmp_path):
    """Published as it is: every page and every link of the index answers 200 from a plain
    static server, and every page reads in the browser from http:// with its figures."""
    import urllib.request

    _, results, _ = report
    problems = []
    index = _open_url(browser, served + "index.html", tmp_path / "index.png")
    links = [h for h in index["links"] if not h.startswith(("#", "http"))]
    for href in sorted(set(links) | {r.html for r in results}):
        try:
            with urllib.request.urlopen(served + href, timeout=10) as resp:
                if resp.status != 200:
                    problems.append(f"{href}: HTTP {resp.status}")
        except OSError as exc:
            problems.append(f"{href}: {exc}")
    for r in results:
        page = _open_url(browser, served + r.html, tmp_path / f"{r.name}.png")
        if r.title not in page["title"] + page["text"]:
            problems.append(f"{r.html}: title not shown over http")
        bad = [i for i in page["images"] if not i["complete"] or i["width"] <= 0]
        if bad:
            problems.append(f"{r.html}: {len(bad)} image(s) not loaded over http")
        if page["fetched"]:
            problems.append(f"{r.html}: fetched {page['fetched'][:3]}")
    assert not problems, "\n".join(problems)


def _open_url(driver, url: str, shot: Path) -> dict:
    driver.get(url)
    state = driver.execute_script(
        """
        return {
          title: document.title,
          text: document.body.innerText,
          images: Array.from(document.images).map(i => ({complete: i.complete,
                                                         width: i.naturalWidth})),
          links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
          fetched: performance.getEntriesByType('resource').map(e => e.name)
                     .filter(n => !n.startsWith('data:') && !n.startsWith(location.origin)),
        };
        """
    )
    assert driver.save_screenshot(str(shot)), f"no screenshot of {url}"
    return state
