"""The property of tests/test_fuzz.py over more documents: 10,000 by default.

Usage: python benchmarks/fuzz.py [--examples N] [--seed S]

Hypothesis generates hostile documents (:func:`strategies.documents`, from
``tests/strategies.py``: news-like sentences mixed with arbitrary Unicode and
hostile snippets) and checks each with :func:`strategies.check_document`:
read from a JSON Lines or text file, parsed, extracted and turned into RDF, no
exception escapes, the TriG and N-Quads parse in rdflib and pyoxigraph to the
same quads, and the HTML view passes the escaping check. The spaCy pipeline is
loaded once. Prints the examples run, the articles they gave, the failures
(hypothesis prints each falsifying example, shrunk) and the time; the exit
status is 1 if the property failed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

from kg.nlp import load_pipeline

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from strategies import Document, check_document, documents

EXAMPLES = 10_000
SEED = 20250301


def fuzz(examples: int, seed_value: int) -> int:
    """Run the property over ``examples`` documents; print what happened and
    return the number of distinct failures hypothesis found."""
    nlp = load_pipeline()
    counts: Counter[str] = Counter()
    failures: list[BaseException] = []
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as folder:

        @seed(seed_value)
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(document=documents())
        def check(document: Document) -> None:
            counts["examples"] += 1
            articles = check_document(nlp, document, Path(folder))
            counts["articles"] += articles
            counts["rejected"] += articles == 0

        start = time.perf_counter()
        try:
            check()
        except BaseExceptionGroup as group:  # several distinct failures
            failures.extend(group.exceptions)
        except Exception as error:  # hypothesis re-raises the shrunk failure
            failures.append(error)
        seconds = time.perf_counter() - start
    ran = counts["examples"]
    print(f"examples run: {ran:,} (seed {seed_value}; shrinking included if one failed)")
    print(
        f"articles: {counts['articles']:,}; documents rejected with an input error: "
        f"{counts['rejected']:,}"
    )
    print(f"failures: {len(failures)}")
    for failure in failures:
        print(f"  {type(failure).__name__}: {failure}".splitlines()[0])
    print(f"time: {seconds:.1f} s ({1000 * seconds / max(ran, 1):.1f} ms per example)")
    return len(failures)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="The property of tests/test_fuzz.py over more hostile documents."
    )
    parser.add_argument("--examples", type=int, default=EXAMPLES, help="documents to generate")
    parser.add_argument("--seed", type=int, default=SEED, help="hypothesis's random seed")
    args = parser.parse_args(argv)
    return 1 if fuzz(args.examples, args.seed) else 0


if __name__ == "__main__":
    sys.exit(main())
