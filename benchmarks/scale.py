"""Corpus-sized builds: kg build against bare spaCy, --jobs, Dask, and memory.

Usage: python benchmarks/scale.py [--words N] [--repeat N] [--rss 1000,10000]
       [--skip-dask] [--skip-speed] [--skip-rss] [--workdir DIR] [--json PATH]

The corpus is ``examples/articles`` and ``../shared/eval/dev/articles`` (when
present) copied until it holds ``--words`` words (200,000 by default), each copy
made a distinct article by one added line ("(Copy 3 of 117.txt.)"), so that
content ids differ and nothing is skipped. Words are whitespace-separated
tokens of the article text.

It measures, in this order on the same corpus and printed as markdown tables:

1. bare ``nlp.pipe`` of kg's pipeline (:func:`kg.nlp.load_pipeline`: the same
   spaCy model with kg's rulers), ``n_process=1`` and ``2``, docs consumed and
   dropped, the load not timed;
2. :func:`kg.pipeline.build` into a fresh on-disk store with ``jobs=1`` and
   ``jobs=2`` (everything timed: pipeline load, worker start, ingest,
   extraction, RDF and the store writes with their summaries), and with
   ``dask="local:2"`` (a LocalCluster of two worker processes, its start-up
   timed too) unless ``--skip-dask`` (``--skip-speed`` skips 1 and 2); with
   ``--repeat N`` the sequence runs N times (Dask once, at the end) and each
   step's median counts, since shared machines drift by a fifth in minutes;
3. unless ``--skip-rss``, the peak resident memory of ``kg build --store``
   (one process, ``--jobs 1``) run as a subprocess on corpora of each size of
   ``--rss`` articles (the sum over the process tree, sampled every 0.2 s).

Targets (flagged met / not met): ``--jobs 1`` at least 0.85 of bare spaCy's
words per second; ``--jobs 2`` at least 1.5 times ``--jobs 1``; peak memory at
the largest corpus at most 1.5 times that at the smallest.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from kg.nlp import DEFAULT_MODEL, load_pipeline
from kg.pipeline import build
from kg.store import open_store

REPO = Path(__file__).resolve().parents[1]
SOURCES = [REPO / "examples" / "articles", REPO.parent / "shared" / "eval" / "dev" / "articles"]


@dataclass
class Report:
    words: int = 0
    articles: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    rss_mb: dict[int, float] = field(default_factory=dict)

    def rate(self, name: str) -> float:
        return self.words / self.seconds[name]


def originals() -> list[Path]:
    return sorted(p for folder in SOURCES if folder.is_dir() for p in folder.glob("*.txt"))


def write_corpus(folder: Path, *, words: int = 0, articles: int = 0) -> tuple[int, int]:
    """Copies of the originals until ``words`` words or ``articles`` articles;
    returns (articles, words) written."""
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in originals()]
    folder.mkdir(parents=True, exist_ok=True)
    count = total = copy = 0
    while (words and total < words) or (articles and count < articles):
        for name, text in texts:
            body = f"{text}\n\n(Copy {copy} of {name}.)\n"
            (folder / f"{copy:05d}-{name}").write_text(body, encoding="utf-8")
            count += 1
            total += len(body.split("---", 1)[-1].split())
            if articles and count >= articles:
                break
        copy += 1
    return count, total


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def bare_spacy(corpus: Path, processes: int) -> float:
    nlp = load_pipeline(DEFAULT_MODEL)
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.iterdir())]

    def run() -> None:
        for _ in nlp.pipe(texts, batch_size=32, n_process=processes):
            pass

    return timed(run)


def kg_build(corpus: Path, workdir: Path, **options: object) -> float:
    store_dir = workdir / "store"
    shutil.rmtree(store_dir, ignore_errors=True)

    def run() -> None:
        with open_store(store_dir) as store:
            build([str(corpus)], store=store, **options)  # type: ignore[arg-type]

    seconds = timed(run)
    shutil.rmtree(store_dir, ignore_errors=True)
    return seconds


def peak_rss(corpus: Path, workdir: Path) -> float:
    """Peak RSS in MB of ``kg build --store`` over its process tree."""
    store_dir = workdir / "rss-store"
    shutil.rmtree(store_dir, ignore_errors=True)
    command = [sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store_dir)]
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        except psutil.Error:
            pass
        time.sleep(0.2)
    if process.returncode != 0:
        raise SystemExit(f"kg build failed on {corpus} (exit {process.returncode})")
    shutil.rmtree(store_dir, ignore_errors=True)
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="corpus size in words")
    parser.add_argument("--rss", default="1000,10000", help="article counts for peak memory")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each step (median)")
    parser.add_argument("--skip-speed", action="store_true", help="measure memory only")
    parser.add_argument("--skip-rss", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-scale-"))
    report = Report()
    corpus = workdir / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    report.articles, report.words = write_corpus(corpus, words=args.words)
    print(f"corpus: {report.articles:,} articles, {report.words:,} words", file=sys.stderr)
    steps: list[tuple[str, Callable[[], float]]] = [
        ("spacy n_process=1", lambda: bare_spacy(corpus, 1)),
        ("kg build --jobs 1", lambda: kg_build(corpus, workdir)),
        ("spacy n_process=2", lambda: bare_spacy(corpus, 2)),
        ("kg build --jobs 2", lambda: kg_build(corpus, workdir, jobs=2)),
    ]
    runs: dict[str, list[float]] = {name: [] for name, _ in steps}
    for round_ in range(0 if args.skip_speed else args.repeat):
        for name, step in steps:
            print(f"{name} ({round_ + 1} of {args.repeat}) ...", file=sys.stderr)
            runs[name].append(step())
    if not (args.skip_dask or args.skip_speed):  # once, last: its cluster may linger a while
        print("kg build --dask local:2 ...", file=sys.stderr)
        runs["kg build --dask local:2"] = [kg_build(corpus, workdir, dask="local:2")]
    report.seconds = {name: statistics.median(times) for name, times in runs.items() if times}
    if not args.skip_rss:
        for size in (int(n) for n in args.rss.split(",")):
            folder = workdir / f"rss-{size}"
            shutil.rmtree(folder, ignore_errors=True)
            write_corpus(folder, articles=size)
            print(f"peak memory, {size:,} articles ...", file=sys.stderr)
            report.rss_mb[size] = peak_rss(folder, workdir)
            shutil.rmtree(folder, ignore_errors=True)
    print_report(report)
    if args.json is not None:
        args.json.write_text(json.dumps(report.__dict__, indent=2), encoding="utf-8")


def print_report(report: Report) -> None:
    if report.seconds:
        print_speed(report)
    if report.rss_mb:
        print_memory(report)


def print_speed(report: Report) -> None:
    print(f"## Scale benchmark: {report.articles:,} articles, {report.words:,} words\n")
    print("| run | seconds | words/s |\n|---|---:|---:|")
    for name, seconds in report.seconds.items():
        print(f"| {name} | {seconds:.1f} | {report.rate(name):,.0f} |")
    one = report.rate("kg build --jobs 1") / report.rate("spacy n_process=1")
    two = report.rate("kg build --jobs 2") / report.rate("kg build --jobs 1")
    print(
        f"\n- kg build --jobs 1 / bare spaCy: {one:.2f} (target >= 0.85: "
        f"{'met' if one >= 0.85 else 'not met'})"
    )
    print(
        f"- kg build --jobs 2 / --jobs 1: {two:.2f} (target >= 1.5: "
        f"{'met' if two >= 1.5 else 'not met'})"
    )
    spacy_two = report.rate("spacy n_process=2") / report.rate("spacy n_process=1")
    print(f"- bare spaCy n_process=2 / 1: {spacy_two:.2f} (informative)")
    if "kg build --dask local:2" in report.seconds:
        dask = report.seconds["kg build --dask local:2"] / report.seconds["kg build --jobs 2"]
        print(f"- Dask local:2 time / --jobs 2 time: {dask:.2f} (overhead ratio)")


def print_memory(report: Report) -> None:
    print("\n| articles | peak RSS (MB) |\n|---:|---:|")
    for size, mb in report.rss_mb.items():
        print(f"| {size:,} | {mb:.0f} |")
    sizes = sorted(report.rss_mb)
    growth = report.rss_mb[sizes[-1]] / report.rss_mb[sizes[0]]
    print(
        f"\n- peak RSS {sizes[-1]:,} / {sizes[0]:,} articles: {growth:.2f} (target <= 1.5: "
        f"{'met' if growth <= 1.5 else 'not met'})"
    )


if __name__ == "__main__":
    main()
