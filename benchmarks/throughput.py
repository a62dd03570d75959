"""Words per second of the whole pipeline (ingest -> nlp -> extract -> rdf) on a folder.

Usage: python benchmarks/throughput.py [ARTICLES_DIR] [--repeat N]

Defaults to ``../shared/eval/dev/articles``. The spaCy model is loaded before
timing starts; each repeat parses and extracts every article and builds the
RDF dataset in memory. Prints the best of N runs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rdflib import Dataset

from kg.extract import extract_articles
from kg.ingest import read_inputs
from kg.nlp import load_pipeline
from kg.rdf import extraction_to_dataset
from kg.records import Article

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "articles"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    articles = [a for a in read_inputs([args.folder]) if isinstance(a, Article)]
    words = sum(len(a.text.split()) for a in articles)
    nlp = load_pipeline()
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        dataset = Dataset()
        relations = 0
        for extraction in extract_articles(nlp, articles):
            extraction_to_dataset(extraction, dataset)
            relations += len(extraction.relations)
        best = min(best, time.perf_counter() - start)
    print(
        f"{len(articles)} articles, {words} words, {relations} relation events: "
        f"{best:.2f} s, {words / best:,.0f} words/s (best of {args.repeat})"
    )


if __name__ == "__main__":
    main()
