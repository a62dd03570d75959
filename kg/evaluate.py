"""Score extracted relations against gold annotations.

Implements the matching rules of the benchmark guideline
(``shared/eval/GUIDELINES.md``): per article, the set of predicted
(agent, relation, target) triples is compared with the gold set; a predicted
actor matches a gold actor when its normalised label equals the gold actor's
normalised name or one of its aliases (or its Wikidata id matches).
Precision, recall and F1 are micro-averaged over articles.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import Errors, KgError
from kg.records import ARTICLE_VOICE
from kg.text import normalise_label

SCORED = ("accuses", "denies", "cites")
Triple = tuple[str, str, str]


@dataclass
class Counts:
    """True positives, false positives and false negatives of one relation."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True)
class ErrorCase:
    """A false positive or false negative with the sentence behind it."""

    article: str
    kind: str
    triple: Triple
    evidence: str


@dataclass
class GoldArticle:
    """Gold actors (label -> id) and relations of one article."""

    aliases: dict[str, str]
    wikidata: dict[str, str]
    triples: dict[Triple, str] = field(default_factory=dict)

    def resolve(self, label: str | None, qid: str | None) -> str:
        """Gold actor id of a predicted label, or ``?label`` when none matches."""
        if label == ARTICLE_VOICE:
            return ARTICLE_VOICE
        if qid and qid.rsplit("/", 1)[-1] in self.wikidata:
            return self.wikidata[qid.rsplit("/", 1)[-1]]
        key = normalise_label(label or "")
        return self.aliases.get(key, "?" + key)


@dataclass
class Report:
    """Scores per relation and overall, with the errors behind them."""

    counts: dict[str, Counts]
    errors: list[ErrorCase]

    def as_dict(self) -> dict[str, dict[str, float | int]]:
        return {rel: c.as_dict() for rel, c in self.counts.items()}


def load_gold(path: Path) -> dict[str, GoldArticle]:
    """Read a gold file (one JSON object per article)."""
    gold: dict[str, GoldArticle] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(Errors.E002.format(path=path, reason=exc)) from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            entry = GoldArticle(aliases={}, wikidata={})
            for actor in row["actors"]:
                for name in [actor["name"], *actor.get("aliases", [])]:
                    entry.aliases.setdefault(normalise_label(name), actor["id"])
                if actor.get("wikidata"):
                    entry.wikidata[actor["wikidata"]] = actor["id"]
            for rel in row["relations"]:
                triple = (rel["agent"], rel["relation"], rel["target"])
                entry.triples.setdefault(triple, rel.get("evidence", ""))
            gold[row["article"]] = entry
        except (ValueError, KeyError, TypeError) as exc:
            raise KgError(Errors.E007.format(path=path, line=number, reason=exc)) from exc
    return gold


def score(gold: Mapping[str, GoldArticle], predicted: Iterable[Mapping[str, object]]) -> Report:
    """Micro-averaged scores of predicted relation rows (``kg relations`` output).

    >>> gold = {"a.txt": GoldArticle({"huawei": "h", "wsj": "w"}, {},
    ...                              {("h", "denies", "w"): "Huawei denied it."})}
    >>> rows = [{"article": "a.txt", "agent": "Huawei", "relation": "denies",
    ...          "target": "The WSJ", "evidence": "Huawei denied it."}]
    >>> score(gold, rows).counts["all"].f1
    1.0
    """
    found: dict[str, dict[Triple, str]] = {article: {} for article in gold}
    for row in predicted:
        article = str(row.get("article", "")).rsplit("/", 1)[-1]
        relation = str(row.get("relation"))
        if article not in gold or relation not in SCORED:
            continue
        entry = gold[article]
        agent = entry.resolve(_opt(row.get("agent")), _opt(row.get("agent_wikidata")))
        target = entry.resolve(_opt(row.get("target")), _opt(row.get("target_wikidata")))
        if agent != target:
            found[article].setdefault((agent, relation, target), str(row.get("evidence", "")))
    counts = {rel: Counts() for rel in (*SCORED, "all")}
    errors: list[ErrorCase] = []
    for article, entry in gold.items():
        predicted_set = found[article]
        for triple in predicted_set.keys() & entry.triples.keys():
            counts[triple[1]].tp += 1
        for triple in predicted_set.keys() - entry.triples.keys():
            counts[triple[1]].fp += 1
            errors.append(ErrorCase(article, "FP", triple, predicted_set[triple]))
        for triple in entry.triples.keys() - predicted_set.keys():
            counts[triple[1]].fn += 1
            errors.append(ErrorCase(article, "FN", triple, entry.triples[triple]))
    for rel in SCORED:
        counts["all"].tp += counts[rel].tp
        counts["all"].fp += counts[rel].fp
        counts["all"].fn += counts[rel].fn
    errors.sort(key=lambda e: (e.article, e.kind, e.triple))
    return Report(counts, errors)


def _opt(value: object) -> str | None:
    return None if value is None else str(value)
