"""Store performance on a realistic synthetic store of about 1,000,000 triples.

Usage: python benchmarks/store.py [--triples N] [--workdir DIR] [--runs N]
       [--rdflib-runs N] [--rdflib-timeout S] [--adds N] [--skip-rdflib] [--json PATH]

Synthetic articles are generated from fixed-seed records (about 50,000 actors
with Zipf-like popularity, dated articles of a few paragraphs with 10-15
relations each, claims shared between accusations and denials, mutual
accusations) and written through :func:`kg.rdf.extraction_to_dataset`, so the
triples have exactly the shape the pipeline writes. Articles are added until
the target number of triples is reached. The N-Quads go to a cache file in the
workdir (default ``$TMPDIR/kg-store-benchmark``) keyed by the target and a
digest of this script and the kg modules that shape the data, so repeat runs
skip generation.

It then measures, and prints as markdown tables (``--json`` writes the figures):

1. the triples, articles, relation events and actors generated, and the
   generation time (informative);
2. load time: pyoxigraph ``bulk_load`` into a fresh on-disk store, then
   :meth:`kg.store.Store.summarise` (the summary in the default graph), and
   ``bulk_load`` into memory; rdflib ``Dataset(default_union=True).parse(
   format="nquads")`` of the summarised store's dump (the same dataset);
3. every shipped query (:func:`kg.query.shipped_queries`; ``?name`` bound to
   the most popular actor's label): the median latency of
   :meth:`kg.store.Store.query` on the on-disk store (after one warm-up run),
   the median of rdflib's in-memory engine on the same data and query (the
   same prefixes, ``initBindings`` for the binding; capped per run by
   ``--rdflib-timeout``, a timed-out query reported as a lower bound), the
   number of rows from each and the ratio;
4. adding one new article (:meth:`kg.store.Store.add` of a fresh extraction,
   its summary rewrite included) to the full on-disk store, the median of
   several distinct articles;
5. peak RSS (informative).

Targets (flagged met / not met): canned queries <= 200 ms median and >= 10x
faster than rdflib; adding one article < 1 s.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import re
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from types import FrameType

import pyoxigraph as ox
from rdflib import Dataset, Literal

import kg.namespace
import kg.rdf
import kg.records
from kg.query import shipped_queries
from kg.rdf import extraction_to_dataset, ox_quad
from kg.records import Actor, ActorType, Article, Extraction, Relation, RelationType, Sentence
from kg.store import PREFIXES, Store, open_store

SEED = 20240917
ACTORS = 50_000
CLAIMS = 3_000
FIRST_DAY = date(2019, 1, 1)
DAYS = 6 * 365
LATENCY_TARGET_MS = 200.0
RATIO_TARGET = 10.0
ADD_TARGET_MS = 1000.0
SLOW_RDFLIB_S = 10.0
"""An rdflib run slower than this is not repeated."""

# Names and sentence parts ------------------------------------------------------------------

SYLLABLES = [consonant + vowel for consonant in "bdfghklmnprstvz" for vowel in "aeiou"]
ENDINGS = ("", "", "n", "r", "x", "l")
COMPANY_SUFFIXES = (
    "Technologies",
    "Systems",
    "Networks",
    "Semiconductor",
    "Telecom",
    "Electronics",
    "Labs",
    "Robotics",
    "Cloud",
    "Software",
)
AGENCY_KINDS = (
    "Trade Commission",
    "Communications Authority",
    "Cyber Security Agency",
    "Competition Bureau",
    "Data Protection Office",
    "Ministry of Commerce",
)
OUTLET_KINDS = ("Times", "Herald", "Post", "Daily", "Wire", "Tribune", "Observer", "News Agency")
ORGANIZATION_KINDS = ("Institute", "Alliance", "Foundation", "Council", "Association")
TYPE_WEIGHTS = {
    ActorType.COMPANY: 30,
    ActorType.PERSON: 30,
    ActorType.ORGANIZATION: 13,
    ActorType.MEDIA_OUTLET: 12,
    ActorType.AGENCY: 10,
    ActorType.GOVERNMENT: 5,
}
PARTY_TYPES = frozenset(
    {
        ActorType.GOVERNMENT,
        ActorType.COMPANY,
        ActorType.AGENCY,
        ActorType.ORGANIZATION,
        ActorType.PERSON,
    }
)
SOURCE_TYPES = frozenset(
    {ActorType.MEDIA_OUTLET, ActorType.PERSON, ActorType.AGENCY, ActorType.ORGANIZATION}
)
RELATION_WEIGHTS = {
    RelationType.ACCUSES: 28,
    RelationType.DENIES: 18,
    RelationType.CITES: 24,
    RelationType.CRITICIZES: 9,
    RelationType.DEMANDS: 7,
    RelationType.THREATENS: 5,
    RelationType.SANCTIONS: 5,
    RelationType.DEFENDS: 4,
}
CLAIM_TEMPLATES = (
    "spied on {w} users",
    "stole trade secrets from {w} {company}",
    "installed backdoors in {w} routers",
    "passed user data to {w} intelligence services",
    "evaded export controls on {w} chips",
    "dumped {w} solar panels on foreign markets",
    "hacked the servers of the {w} {org}",
    "funded a disinformation campaign in {w}",
    "violated sanctions against {w}",
    "hid state subsidies worth {n} billion dollars",
    "copied the {w} chip design",
    "censored critics of the {w} government",
)
TOPICS = (
    "5G networks",
    "semiconductor exports",
    "data privacy",
    "cloud contracts",
    "undersea cables",
    "facial recognition",
    "satellite launches",
    "content moderation",
    "battery supply chains",
    "rare earth exports",
    "AI chips",
    "drone exports",
)
OFFENCES = (
    "unfair trade practices",
    "industrial espionage",
    "cyber attacks on critical infrastructure",
    "spreading disinformation",
    "breaking export rules",
)
DEMANDS = (
    "withdraw the restrictions",
    "open its source code to inspection",
    "release the detained executives",
    "stop buying foreign network equipment",
    "pay compensation to the affected firms",
)
MEASURES = ("tariffs", "an investment ban", "a lawsuit", "export restrictions", "fines")
FACTS = (
    "Trade between the two sides reached {n} billion dollars last year",
    "The review had been under way for months",
    "Officials were weighing new export rules",
    "The contract was worth about {n} million dollars",
    "Several ministers opposed the plan",
)
FILLERS = (
    "Trade between the two sides reached {n} billion dollars last year.",
    "The dispute is the latest in a series of clashes over {topic}.",
    "Shares in the company fell {n} percent in early trading.",
    "Officials did not respond to requests for comment.",
    "The case has drawn attention from regulators in {w} and {w2}.",
    "Industry groups warned that the measures could disrupt supply chains for {topic}.",
    "The talks are expected to resume next month.",
    "Analysts said the move could affect {n} thousand jobs.",
    "Both sides have exchanged accusations since {year}.",
    "Lawmakers are due to debate the issue before the end of the year.",
)
TEMPLATES: dict[RelationType, tuple[tuple[str, str], ...]] = {
    RelationType.ACCUSES: (
        ("accuse", "{a} accused {b} of {offence}."),
        ("blame", "{a} blamed {b} for the delays in {topic}."),
    ),
    RelationType.DENIES: (
        ("deny", "{a} denied the accusations made by {b}."),
        ("reject", "{a} rejected the claims of {b} as politically motivated."),
    ),
    RelationType.CITES: (
        ("cite", "{a} cited a report by {b} to support its case."),
        ("point", "{a} pointed to findings published by {b}."),
    ),
    RelationType.CRITICIZES: (
        ("criticize", "{a} criticised {b} for its handling of {topic}."),
        ("condemn", "{a} condemned the decision by {b} on {topic}."),
    ),
    RelationType.DEMANDS: (
        ("demand", "{a} demanded that {b} {demand}."),
        ("call", "{a} called on {b} to {demand}."),
    ),
    RelationType.THREATENS: (
        ("threaten", "{a} threatened {b} with {measure}."),
        ("warn", "{a} warned {b} that it would face {measure}."),
    ),
    RelationType.SANCTIONS: (
        ("sanction", "{a} imposed sanctions on {b} over {topic}."),
        ("ban", "{a} banned {b} from public contracts for {topic}."),
    ),
    RelationType.DEFENDS: (
        ("defend", "{a} defended {b}, saying the criticism over {topic} was unfounded."),
        ("support", "{a} voiced support for {b} in the dispute over {topic}."),
    ),
}
CLAIM_TEMPLATES_BY_RELATION: dict[RelationType, tuple[tuple[str, str], ...]] = {
    RelationType.ACCUSES: (
        ("allege", "{a} alleged that {b} {claim}."),
        ("accuse", "{a} accused {b} of misconduct, saying it {claim}."),
        ("say", "{b} {claim}, {a} said in a statement."),
    ),
    RelationType.DENIES: (
        ("deny", "{a} denied the allegation by {b} that it {claim}."),
        ("reject", "{a} rejected the claim by {b} that it {claim}, calling it baseless."),
    ),
}
VOICE_CITES = (
    ("say", "{fact}, {b} said."),
    ("tell", "{fact}, {b} told reporters."),
    ("report", "{b} reported that {fact_lower}."),
)

# Synthetic records ------------------------------------------------------------------------


def _zipf(count: int, exponent: float = 1.0) -> list[float]:
    """Cumulative weights of ranks ``0 .. count - 1`` under a Zipf law."""
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


def _word(rng: random.Random) -> str:
    syllables = (rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
    return ("".join(syllables) + rng.choice(ENDINGS)).capitalize()


def _acronym(label: str) -> str:
    return "".join(w[0] for w in label.split() if w[0].isupper())


def _name(rng: random.Random, kind: ActorType) -> tuple[str, str]:
    """A label for an actor of ``kind`` and another name articles use for it."""
    word = _word(rng)
    if kind is ActorType.COMPANY:
        return f"{word} {rng.choice(COMPANY_SUFFIXES)}", word
    if kind is ActorType.GOVERNMENT:
        return f"Government of {word}", word
    if kind is ActorType.PERSON:
        return f"{_word(rng)} {word}", word
    kinds = {
        ActorType.AGENCY: AGENCY_KINDS,
        ActorType.MEDIA_OUTLET: OUTLET_KINDS,
        ActorType.ORGANIZATION: ORGANIZATION_KINDS,
    }[kind]
    label = f"{word} {rng.choice(kinds)}"
    return label, _acronym(label)


@dataclass(frozen=True)
class Pool:
    """Actors in popularity order with their cumulative Zipf weights."""

    actors: list[Actor]
    weights: list[float]

    @classmethod
    def of(cls, actors: list[Actor]) -> Pool:
        return cls(actors, _zipf(len(actors)))

    def pick(self, rng: random.Random, count: int, exclude: Sequence[Actor] = ()) -> list[Actor]:
        """``count`` distinct actors, popular ones more often, none of ``exclude``."""
        chosen: list[Actor] = []
        while len(chosen) < count:
            actor = rng.choices(self.actors, cum_weights=self.weights)[0]
            if actor not in chosen and actor not in exclude:
                chosen.append(actor)
        return chosen


@dataclass
class Plan:
    """One relation to write, before its sentence exists."""

    type: RelationType
    agent: Actor | None
    target: Actor
    claim: str | None = None


@dataclass
class Writer:
    """Builds an article's text sentence by sentence, keeping offsets and names used."""

    rng: random.Random
    aliases: dict[str, str]
    paragraphs: list[list[Sentence]] = field(default_factory=lambda: [[]])
    length: int = 0
    names: dict[str, list[str]] = field(default_factory=dict)

    def mention(self, actor: Actor) -> str:
        """How this sentence names ``actor`` (its label, or sometimes its other name)."""
        alias = self.aliases[actor.key]
        name = alias if alias and self.rng.random() < 0.3 else actor.label
        used = self.names.setdefault(actor.key, [])
        if name not in used:
            used.append(name)
        return name

    def add(self, text: str) -> Sentence:
        paragraph = self.paragraphs[-1]
        if paragraph and len(paragraph) >= self.rng.randint(3, 5):
            paragraph = []
            self.paragraphs.append(paragraph)
            self.length += 2
        elif paragraph:
            self.length += 1
        sentence = Sentence(self.length, self.length + len(text), text)
        paragraph.append(sentence)
        self.length = sentence.end
        return sentence

    def text(self) -> str:
        return "\n\n".join(" ".join(s.text for s in p) for p in self.paragraphs)


class Synthetic:
    """Deterministic generator of realistic extractions (see the module docs)."""

    def __init__(self, seed: int = SEED, actors: int = ACTORS) -> None:
        self.seed = seed
        rng = random.Random(seed)
        kinds, weights = zip(*TYPE_WEIGHTS.items(), strict=True)
        labels: set[str] = set()
        everyone: list[Actor] = []
        self.aliases: dict[str, str] = {}
        for rank in range(actors):
            if rank < 8:
                kind = ActorType.GOVERNMENT
            elif rank < 20:
                kind = ActorType.COMPANY
            else:
                kind = rng.choices(kinds, weights)[0]
            label, alias = _name(rng, kind)
            while label in labels:
                label, alias = _name(rng, kind)
            labels.add(label)
            wikidata = None
            if rng.random() < (0.95 if rank < 500 else 0.35):
                wikidata = f"Q{rng.randrange(1, 130_000_000)}"
            actor = Actor(label.lower().replace(" ", "-"), label, kind, wikidata)
            everyone.append(actor)
            self.aliases[actor.key] = alias if len(alias) > 1 else ""
        self.parties = Pool.of([a for a in everyone if a.type in PARTY_TYPES])
        self.sources = Pool.of([a for a in everyone if a.type in SOURCE_TYPES])
        self.outlets = Pool.of([a for a in everyone if a.type is ActorType.MEDIA_OUTLET])
        self.claims = [self._claim(rng) for _ in range(CLAIMS)]
        self.claim_weights = _zipf(CLAIMS, 0.9)

    @staticmethod
    def _claim(rng: random.Random) -> str:
        return rng.choice(CLAIM_TEMPLATES).format(
            w=_word(rng),
            company=rng.choice(COMPANY_SUFFIXES),
            org=rng.choice(ORGANIZATION_KINDS),
            n=rng.randint(2, 90),
        )

    @property
    def popular_label(self) -> str:
        """The label of the most popular actor (the ``?name`` of actor queries)."""
        return self.parties.actors[0].label

    def extraction(self, key: str) -> Extraction:
        """The extraction of synthetic article ``key`` (the same key, the same article)."""
        rng = random.Random(f"{self.seed}:{key}")
        parties = self.parties.pick(rng, rng.randint(2, 4))
        sources = self.sources.pick(rng, rng.randint(1, 3), exclude=parties)
        claims = rng.sample(
            rng.choices(self.claims, cum_weights=self.claim_weights, k=6), rng.randint(1, 3)
        )
        plans = self._plans(rng, parties, sources, claims)
        return self.compose(rng, key, parties[0], parties[1], plans)

    def compose(
        self, rng: random.Random, key: str, first: Actor, second: Actor, plans: Iterable[Plan]
    ) -> Extraction:
        """Article ``key`` about a clash of ``first`` and ``second`` that states
        ``plans``, a sentence each, with filler sentences between them."""
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        writer = Writer(rng, self.aliases)
        topic = rng.choice(TOPICS)
        writer.add(
            f"{writer.mention(first)} and {writer.mention(second)} clashed again this week "
            f"over {topic}."
        )
        relations = []
        for plan in plans:
            relations.append(self._relation(rng, writer, plan))
            for _ in range(rng.choice((0, 1, 1, 2))):
                writer.add(self._filler(rng))
        text = writer.text()
        outlet = self.outlets.pick(rng, 1)[0]
        article = Article(
            text,
            source=f"synthetic/{key}.txt",
            title=f"{first.label} and {second.label} clash over {topic}",
            date=day.isoformat(),
            publisher=outlet.label,
            url=f"https://news.example.org/{day:%Y/%m/%d}/{key}",
        )
        actors = {a.key: a for r in relations for a in (r.agent, r.target) if a is not None}
        names = {k: tuple(v) for k, v in writer.names.items() if k in actors}
        return Extraction(article, tuple(actors.values()), tuple(relations), names)

    def _plans(
        self,
        rng: random.Random,
        parties: list[Actor],
        sources: list[Actor],
        claims: list[str],
    ) -> list[Plan]:
        """10-15 relations: an accusation, usually denied with the same claim,
        sometimes returned, then a mix dominated by accuses, denies and cites."""
        first, second = parties[0], parties[1]
        plans = [Plan(RelationType.ACCUSES, first, second, claims[0])]
        if rng.random() < 0.7:
            plans.append(Plan(RelationType.DENIES, second, first, claims[0]))
        if rng.random() < 0.2:
            plans.append(Plan(RelationType.ACCUSES, second, first, claims[-1]))
        kinds, weights = zip(*RELATION_WEIGHTS.items(), strict=True)
        for _ in range(rng.randint(10, 15) - len(plans)):
            kind = rng.choices(kinds, weights)[0]
            if kind is RelationType.CITES:
                agent = None if rng.random() < 0.5 else rng.choice(parties)
                plans.append(Plan(kind, agent, rng.choice(sources)))
            elif kind is RelationType.DENIES:
                accusation = rng.choice([p for p in plans if p.type is RelationType.ACCUSES])
                assert accusation.agent is not None
                claim = accusation.claim if rng.random() < 0.5 else None
                plans.append(Plan(kind, accusation.target, accusation.agent, claim))
            else:
                agent, target = rng.sample(parties, 2)
                claim = None
                if kind is RelationType.ACCUSES and rng.random() < 0.8:
                    claim = rng.choice(claims)
                plans.append(Plan(kind, agent, target, claim))
        return plans

    @staticmethod
    def _relation(rng: random.Random, writer: Writer, plan: Plan) -> Relation:
        fact = rng.choice(FACTS).format(n=rng.randint(2, 90))
        if plan.agent is None:
            cue, template = rng.choice(VOICE_CITES)
        elif plan.claim is not None:
            cue, template = rng.choice(CLAIM_TEMPLATES_BY_RELATION[plan.type])
        else:
            cue, template = rng.choice(TEMPLATES[plan.type])
        text = template.format(
            a="" if plan.agent is None else writer.mention(plan.agent),
            b=writer.mention(plan.target),
            claim=plan.claim,
            fact=fact,
            fact_lower=fact[0].lower() + fact[1:],
            offence=rng.choice(OFFENCES),
            topic=rng.choice(TOPICS),
            demand=rng.choice(DEMANDS),
            measure=rng.choice(MEASURES),
        )
        text = text[0].upper() + text[1:]
        scored = plan.type in (RelationType.ACCUSES, RelationType.DENIES, RelationType.CITES)
        confidence = round(rng.uniform(0.55, 0.99) if scored else rng.uniform(0.5, 0.9), 2)
        return Relation(
            plan.agent, plan.type, plan.target, writer.add(text), confidence, cue, plan.claim
        )

    @staticmethod
    def _filler(rng: random.Random) -> str:
        return rng.choice(FILLERS).format(
            n=rng.randint(2, 90),
            topic=rng.choice(TOPICS),
            w=_word(rng),
            w2=_word(rng),
            year=rng.randint(2012, 2018),
        )


def article_quads(extraction: Extraction) -> list[ox.Quad]:
    """The quads the pipeline writes for ``extraction``."""
    dataset = extraction_to_dataset(extraction)
    return [ox_quad(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))]


# Measurements -----------------------------------------------------------------------------

MEASUREMENTS = "# Measurements ---"
"""Where the data generator ends in this file (see :func:`cache_key`)."""


@dataclass
class Generated:
    """What was generated, and how long it took."""

    triples: int
    articles: int
    relation_events: int
    actors_used: int
    seconds: float
    cached: bool = False


@dataclass
class QueryFigures:
    """One canned query on both engines."""

    oxigraph_ms: float
    oxigraph_runs: int
    oxigraph_rows: int
    rdflib_ms: float | None = None
    rdflib_runs: int = 0
    rdflib_rows: int | None = None
    rdflib_timed_out: bool = False
    rdflib_error: str | None = None
    ratio: float | None = None
    ratio_is_lower_bound: bool = False

    @property
    def rows_agree(self) -> bool | None:
        return None if self.rdflib_rows is None else self.rdflib_rows == self.oxigraph_rows

    @property
    def meets_latency(self) -> bool:
        return self.oxigraph_ms <= LATENCY_TARGET_MS

    @property
    def meets_ratio(self) -> bool | None:
        return None if self.ratio is None else self.ratio >= RATIO_TARGET


@dataclass
class Report:
    """Every figure the benchmark prints."""

    generated: Generated
    load_s: dict[str, float] = field(default_factory=dict)
    store_mb: float = 0.0
    queries: dict[str, QueryFigures] = field(default_factory=dict)
    add_ms: list[float] = field(default_factory=list)
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    rdflib_timeout_s: float = 0.0
    bound_name: str = ""

    @property
    def add_median_ms(self) -> float:
        return statistics.median(self.add_ms)

    def targets(self) -> dict[str, bool | None]:
        """Each target: met, not met, or ``None`` when not measured."""
        ratios = [q.meets_ratio for q in self.queries.values() if q.ratio is not None]
        return {
            f"every query <= {LATENCY_TARGET_MS:.0f} ms": all(
                q.meets_latency for q in self.queries.values()
            ),
            f"every query >= {RATIO_TARGET:.0f}x rdflib": all(ratios) if ratios else None,
            f"add one article < {ADD_TARGET_MS / 1000:.0f} s": self.add_median_ms < ADD_TARGET_MS,
        }

    def to_json(self) -> dict[str, object]:
        queries = {
            name: {
                **asdict(q),
                "rows_agree": q.rows_agree,
                "meets_latency": q.meets_latency,
                "meets_ratio": q.meets_ratio,
            }
            for name, q in self.queries.items()
        }
        return {
            **asdict(self),
            "queries": queries,
            "add_median_ms": self.add_median_ms,
            "targets": self.targets(),
        }


class RdflibTimeout(BaseException):
    """Raised by SIGALRM in a capped rdflib query (not an ``Exception``, so no
    ``except Exception`` inside rdflib swallows it)."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise RdflibTimeout


def capped(run: Callable[[], int], seconds: float) -> tuple[float, int] | None:
    """Time ``run`` (returning a row count); ``None`` if it takes over ``seconds``.

    The alarm repeats every second until disarmed, so it gets out even if
    rdflib catches one.
    """
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
        try:
            start = time.perf_counter()
            rows = run()
            elapsed = time.perf_counter() - start
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except RdflibTimeout:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return None
    finally:
        signal.signal(signal.SIGALRM, previous)
    return elapsed, rows


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def cache_key(triples: int) -> str:
    """Cache file stem: the target and a digest of the code that shapes the data
    (this script up to its measurements, and the kg modules it writes through)."""
    script = Path(__file__).read_text(encoding="utf-8")
    digest = hashlib.sha256(script[: script.index(MEASUREMENTS)].encode())
    for module in (kg.rdf, kg.namespace, kg.records):
        digest.update(Path(str(module.__file__)).read_bytes())
    return f"synthetic-{triples}-{SEED}-{digest.hexdigest()[:12]}"


def generate(synthetic: Synthetic, triples: int, workdir: Path) -> tuple[Path, Generated]:
    """The N-Quads file of at least ``triples`` synthetic triples (cached in ``workdir``)."""
    stem = cache_key(triples)
    data, meta = workdir / f"{stem}.nq", workdir / f"{stem}.json"
    if data.is_file() and meta.is_file():
        return data, Generated(**{**json.loads(meta.read_text()), "cached": True})
    progress(f"generating {triples:,} triples into {data} ...")
    start = time.perf_counter()
    count = articles = events = 0
    actors: set[str] = set()
    partial = data.with_suffix(".part")
    with partial.open("wb") as out:
        while count < triples:
            extraction = synthetic.extraction(str(articles))
            quads = article_quads(extraction)
            ox.serialize(quads, out, ox.RdfFormat.N_QUADS)
            count += len(quads)
            articles += 1
            events += len(extraction.relations)
            actors.update(a.key for a in extraction.actors)
    partial.replace(data)
    generated = Generated(count, articles, events, len(actors), time.perf_counter() - start)
    meta.write_text(json.dumps(asdict(generated)))
    return data, generated


def load_oxigraph(data: Path, folder: Path, report: Report) -> Store:
    """Bulk-load ``data`` into a fresh on-disk store at ``folder`` and into memory."""
    shutil.rmtree(folder, ignore_errors=True)
    store = open_store(folder)
    progress("pyoxigraph bulk_load (on disk) ...")
    report.load_s["oxigraph_disk"] = timed(
        lambda: store.inner.bulk_load(path=data, format=ox.RdfFormat.N_QUADS)
    )
    stored = len(store.inner)
    if stored != report.generated.triples:
        progress(f"MISMATCH: the store holds {stored:,} quads, not {report.generated.triples:,}")
    progress("summary of the bulk-loaded graphs ...")
    report.load_s["summary"] = timed(store.summarise)
    report.store_mb = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20
    progress("pyoxigraph bulk_load (in memory) ...")
    memory = ox.Store()
    report.load_s["oxigraph_memory"] = timed(
        lambda: memory.bulk_load(path=data, format=ox.RdfFormat.N_QUADS)
    )
    return store


def bindings_of(text: str, name: str) -> dict[str, str]:
    return {"name": name} if re.search(r"\?name\b", text) else {}


def run_oxigraph(store: Store, queries: dict[str, Path], runs: int, report: Report) -> None:
    for name, path in queries.items():
        progress(f"oxigraph: {name} ...")
        bindings = bindings_of(path.read_text(encoding="utf-8"), report.bound_name)
        rows = len(store.query(name, bindings))
        times = [timed(partial(store.query, name, bindings)) for _ in range(runs)]
        report.queries[name] = QueryFigures(statistics.median(times) * 1000, runs, rows)


def run_adds(store: Store, synthetic: Synthetic, adds: int, report: Report) -> None:
    progress(f"adding {adds} articles ...")
    for number in range(adds):
        extraction = synthetic.extraction(f"new-{number}")
        start = time.perf_counter()
        added = store.add(extraction)
        report.add_ms.append((time.perf_counter() - start) * 1000)
        if added != 1:
            progress(f"MISMATCH: article new-{number} was not added")


def run_rdflib(
    data: Path, queries: dict[str, Path], runs: int, timeout: float, report: Report
) -> None:
    progress("rdflib parse ...")
    dataset = Dataset(default_union=True)
    report.load_s["rdflib"] = timed(lambda: dataset.parse(data, format="nquads"))
    for name, path in queries.items():
        progress(f"rdflib: {name} ...")
        text = path.read_text(encoding="utf-8")
        bindings = {k: Literal(v) for k, v in bindings_of(text, report.bound_name).items()}
        figures = report.queries[name]

        def run(text: str = text, bindings: dict[str, Literal] = bindings) -> int:
            return len(list(dataset.query(text, initNs=PREFIXES, initBindings=bindings)))

        try:
            time_rdflib(run, runs, timeout, figures)
        except Exception as exc:
            figures.rdflib_error = f"{type(exc).__name__}: {exc}".splitlines()[0][:80]
            progress(f"rdflib fails on {name}: {figures.rdflib_error}")
            continue
        if figures.rows_agree is False:
            progress(
                f"MISMATCH: {name}: oxigraph {figures.oxigraph_rows} rows, "
                f"rdflib {figures.rdflib_rows}"
            )


def time_rdflib(run: Callable[[], int], runs: int, timeout: float, figures: QueryFigures) -> None:
    """Up to ``runs`` capped runs of an rdflib query (one if it is slow) into ``figures``."""
    times: list[float] = []
    while len(times) < runs:
        result = capped(run, timeout)
        if result is None:
            figures.rdflib_timed_out = True
            figures.rdflib_runs = 1
            figures.ratio = timeout * 1000 / figures.oxigraph_ms
            figures.ratio_is_lower_bound = True
            return
        seconds, figures.rdflib_rows = result
        times.append(seconds)
        if seconds > SLOW_RDFLIB_S:
            break
    figures.rdflib_runs = len(times)
    figures.rdflib_ms = statistics.median(times) * 1000
    figures.ratio = figures.rdflib_ms / figures.oxigraph_ms


# Report ------------------------------------------------------------------------------------


def _flag(value: bool | None) -> str:
    return "–" if value is None else ("met" if value else "**not met**")


def _ms(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def render(report: Report) -> str:
    g = report.generated
    generation = f"{g.seconds:,.1f} s" + (" (cached: the generating run)" if g.cached else "")
    lines = [
        f"## Store benchmark: {g.triples:,} triples",
        "",
        f"{g.articles:,} articles, {g.relation_events:,} relation events, "
        f"{g.actors_used:,} distinct actors (of {ACTORS:,}); actor queries bound to "
        f"name = {report.bound_name!r}.",
        "",
        "| Step | Time |",
        "|---|---:|",
        f"| generation (informative) | {generation} |",
    ]
    labels = {
        "oxigraph_disk": f"pyoxigraph bulk_load, on disk ({report.store_mb:,.0f} MB)",
        "summary": "summary of all graphs (Store.summarise, once after a bulk load)",
        "oxigraph_memory": "pyoxigraph bulk_load, in memory",
        "rdflib": 'rdflib Dataset.parse(format="nquads")',
    }
    lines += [f"| {labels[k]} | {v:,.1f} s |" for k, v in report.load_s.items()]
    lines += [
        "",
        "| Query | Oxigraph ms (median) | rows | rdflib ms (median) | rows | ratio "
        f"| <= {LATENCY_TARGET_MS:.0f} ms | >= {RATIO_TARGET:.0f}x |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, q in report.queries.items():
        rdflib = "skipped"
        if q.rdflib_error is not None:
            rdflib = f"fails: {q.rdflib_error}"
        elif q.rdflib_timed_out:
            rdflib = f"> {report.rdflib_timeout_s * 1000:,.0f}"
        elif q.rdflib_ms is not None:
            rdflib = f"{_ms(q.rdflib_ms)} ({q.rdflib_runs} run{'s' if q.rdflib_runs > 1 else ''})"
        rows = "–" if q.rdflib_rows is None else f"{q.rdflib_rows:,}"
        if q.rows_agree is False:
            rows += " **MISMATCH**"
        ratio = "–"
        if q.ratio is not None:
            ratio = f"{'> ' if q.ratio_is_lower_bound else ''}{q.ratio:,.0f}x"
        lines.append(
            f"| {name} | {_ms(q.oxigraph_ms)} ({q.oxigraph_runs} runs) | {q.oxigraph_rows:,} "
            f"| {rdflib} | {rows} | {ratio} | {_flag(q.meets_latency)} | {_flag(q.meets_ratio)} |"
        )
    add = report.add_median_ms
    rss = ", ".join(f"{v:,.0f} MB {k}" for k, v in report.peak_rss_mb.items())
    lines += [
        "",
        f"Adding one article to the {g.triples:,}-triple on-disk store: {_ms(add)} ms median of "
        f"{len(report.add_ms)} ({', '.join(_ms(t) for t in report.add_ms)}); "
        f"< {ADD_TARGET_MS:,.0f} ms: {_flag(add < ADD_TARGET_MS)}.",
        "",
        f"Peak RSS (informative): {rss}.",
        "",
        "Targets: " + "; ".join(f"{k}: {_flag(v)}" for k, v in report.targets().items()) + ".",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="target size")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kg-store-benchmark",
        help="where the cached N-Quads and the on-disk store go",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed Oxigraph runs per query")
    parser.add_argument("--rdflib-runs", type=int, default=3, help="at most, per query")
    parser.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds per run")
    parser.add_argument("--adds", type=int, default=5, help="articles added one by one")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    args.workdir.mkdir(parents=True, exist_ok=True)
    synthetic = Synthetic()
    data, generated = generate(synthetic, args.triples, args.workdir)
    report = Report(
        generated, rdflib_timeout_s=args.rdflib_timeout, bound_name=synthetic.popular_label
    )
    queries = shipped_queries()
    with load_oxigraph(data, args.workdir / f"store-{args.triples}", report) as store:
        # rdflib reads the same dataset: the article graphs and the summary.
        summarised = args.workdir / f"summarised-{args.triples}.nq"
        store.inner.dump(summarised, ox.RdfFormat.N_QUADS)
        run_oxigraph(store, queries, args.runs, report)
        run_adds(store, synthetic, args.adds, report)
    report.peak_rss_mb["without rdflib"] = peak_rss_mb()
    if not args.skip_rdflib:
        run_rdflib(summarised, queries, args.rdflib_runs, args.rdflib_timeout, report)
        report.peak_rss_mb["with rdflib"] = peak_rss_mb()
    print(render(report))
    if args.json is not None:
        args.json.write_text(json.dumps(report.to_json(), indent=2) + "\n")


if __name__ == "__main__":
    main()
