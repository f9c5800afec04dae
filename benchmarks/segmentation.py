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
    t0 = time.perf_counter()
    paras = paragraphs(docs)
    t1 = time.perf_counter()
    sents = sentences(paras, n_process=n_process)
    t2 = time.perf_counter()
    ments = find_mentions(sents, docs if "date" in docs else None)
    t3 = time.perf_counter()
    n_words = int(sents["text"].str.split().str.len().sum())
    return {
        "corpus": name, "docs": len(docs), "paragraphs": len(paras), "sentences": len(sents),
        "words": n_words, "segment_s": round(t2 - t0, 2),
        "sent_per_s": round(len(sents) / max(t2 - t1, 1e-9)),
        "words_per_s": round(n_words / max(t2 - t1, 1e-9)),
        "mentions": len(ments), "match_s": round(t3 - t2, 2),
        "match_sent_per_s": round(len(sents) / max(t3 - t2, 1e-9)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=config.BENCH)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args()
    with config.pinned_threads():
        get_nlp()
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
