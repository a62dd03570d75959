"""Check a generalisation set's ``gold.jsonl`` against its articles.

Usage: ``python benchmarks/generalisation/check_gold.py benchmarks/generalisation/c``

Checks that every article has a gold line, every agent and target id is defined
(``@article`` only as the agent of ``cites``), every evidence string occurs word
for word in the article (its title included), and no triple is repeated; notes aliases that the
article does not use. Prints the counts per relation; exits 1 on any error.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

RELATIONS = frozenset(["accuses", "denies", "cites"])
TYPES = frozenset(["Company", "Government", "Agency", "MediaOutlet", "Person", "Organization"])


def check_article(row: dict[str, object], text: str) -> list[str]:
    """Errors of one gold line, given its article's text."""
    name = str(row["article"])
    actors = row["actors"]
    relations = row["relations"]
    assert isinstance(actors, list) and isinstance(relations, list)
    ids = {actor["id"] for actor in actors}
    for actor in actors:
        for alias in actor["aliases"]:
            if alias.casefold() not in text.casefold() and alias != actor["name"]:
                print(f"note: {name}: alias {alias!r} of {actor['id']} is not in the text")
    errors = [f"{name}: bad type {a['type']}" for a in actors if a["type"] not in TYPES]
    seen: set[tuple[str, str, str]] = set()
    for rel in relations:
        triple = (rel["agent"], rel["relation"], rel["target"])
        if triple in seen:
            errors.append(f"{name}: repeated triple {triple}")
        seen.add(triple)
        if rel["relation"] not in RELATIONS:
            errors.append(f"{name}: unknown relation {rel['relation']}")
        if rel["agent"] not in ids and rel["agent"] != "@article":
            errors.append(f"{name}: undefined agent {rel['agent']}")
        if rel["agent"] == "@article" and rel["relation"] != "cites":
            errors.append(f"{name}: @article {rel['relation']}")
        if rel["target"] not in ids:
            errors.append(f"{name}: undefined target {rel['target']}")
        if rel["evidence"] not in text:
            errors.append(f"{name}: evidence not in the article: {rel['evidence'][:60]!r}")
    return errors


def main(folder: Path) -> int:
    """Check ``folder/gold.jsonl`` against ``folder/articles``; 0 when clean."""
    with (folder / "gold.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    articles = sorted(p.name for p in (folder / "articles").iterdir() if p.suffix == ".txt")
    errors = [] if sorted(r["article"] for r in rows) == articles else ["articles do not match"]
    counts: Counter[str] = Counter()
    for row in rows:
        text = (folder / "articles" / row["article"]).read_text(encoding="utf-8")
        errors += check_article(row, text)
        counts.update(rel["relation"] for rel in row["relations"])
    for error in errors:
        print("error:", error)
    print(f"{len(rows)} articles, {sum(counts.values())} triples: {dict(sorted(counts.items()))}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
