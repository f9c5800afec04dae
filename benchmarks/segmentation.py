"""Speed of paragraph/sentence segmentation and actor matching.

Usage: python benchmarks/segmentation.py [--bench-dir DIR] [--n 1000] [--n-process 1]

Measures, on the embedded corpus (data/raw, through the corpus loader) and on the first
``--n`` articles of ``news_fr_dev.csv.gz`` (read with pandas, never copied into the repo):
paragraphs, sentences and sentences per second of ``presse.nlp.sentences`` (fast senter
pipeline), and sentences per second of ``presse.actors.find_mentions``. Timings on a shared
machine are noisy; the pipelines are loaded before timing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd
from presse import config
from presse.actors import find_mentions, get_matcher
from presse.nlp import get_nlp, paragraphs, sentences


def measure(name: str, docs: pd.DataFrame, n_process: int) -> dict:
    """Wall and CPU time of segmentation and matching (CPU time is less sensitive to other
    processes on a shared machine; with n_process > 1 only the wall time is meaningful)."""
    w0, c0 = time.perf_counter(), time.process_time()
    paras = paragraphs(docs)
    sents = sentences(paras, n_process=n_process)
    w1, c1 = time.perf_counter(), time.process_time()
    ments = find_mentions(sents, docs if "date" in docs else None)
    w2, c2 = time.perf_counter(), time.process_time()
    n_words = int(sents["text"].str.split().str.len().sum())
    n = len(sents)
    return {
        "corpus": name, "docs": len(docs), "paragraphs": len(paras), "sentences": n,
        "words": n_words,
        "segment wall s": round(w1 - w0, 2), "segment cpu s": round(c1 - c0, 2),
        "sent/s (wall)": round(n / max(w1 - w0, 1e-9)),
        "sent/s (cpu)": round(n / max(c1 - c0, 1e-9)),
        "mentions": len(ments), "match wall s": round(w2 - w1, 2),
        "match sent/s (wall)": round(n / max(w2 - w1, 1e-9)),
        "match sent/s (cpu)": round(n / max(c2 - c1, 1e-9)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=config.BENCH)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args()
    with config.pinned_threads():
        get_nlp()
        get_nlp(parse=True)  # NER, used by the matcher on the few sentences that need it
        get_matcher()
        rows = []
        from presse.corpus import load_corpus

        rows.append(measure("embedded (data/raw)", load_corpus(), args.n_process))
        bench = args.bench_dir / "news_fr_dev.csv.gz"
        if bench.is_file():
            news = pd.read_csv(bench, nrows=args.n)
            docs = pd.DataFrame({"doc_id": news["id"].astype(str), "text": news["text"],
                                 "date": pd.to_datetime(news["date"], errors="coerce")})
            rows.append(measure(f"news_fr_dev first {len(docs)}", docs, args.n_process))
        else:
            print(f"(no {bench}: bench corpus skipped)")
    print(pd.DataFrame(rows).to_markdown(index=False) if _has_tabulate()
          else pd.DataFrame(rows).to_string(index=False))


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
