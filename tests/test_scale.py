"""Corpus-sized builds: batches, worker processes, Dask, Ctrl-C and resume.

These run the English pipeline (in worker processes too) on copies of the
bundled examples, each copy made a new article by a line of its own.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import isomorphic_datasets

from kg.errors import KgError
from kg.pipeline import build
from kg.rdf import serialize_trig
from kg.store import open_source, open_store

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"


def corpus(folder: Path, copies: int) -> Path:
    """``copies`` x the six example articles, each copy a distinct article."""
    folder.mkdir(parents=True, exist_ok=True)
    for copy in range(copies):
        for source in sorted(EXAMPLES.iterdir()):
            text = source.read_text(encoding="utf-8")
            name = f"{copy:03d}-{source.name}"
            (folder / name).write_text(f"{text}\n\n(Copy {copy} of {source.name}.)\n", "utf-8")
    return folder


def test_one_worker_and_two_jobs_build_the_same_graph_as_this_process(tmp_path: Path) -> None:
    inputs = [str(corpus(tmp_path / "in", 2))]
    serial = build(inputs)  # one batch: parsed in this process
    expected = serialize_trig(serial.store.to_dataset())
    for parallel in build(inputs, batch_size=4), build(inputs, jobs=2, batch_size=4):
        assert parallel.articles == serial.articles == 12
        assert parallel.relations == serial.relations and parallel.actors == serial.actors
        assert serialize_trig(parallel.store.to_dataset()) == expected


def test_dask_local_cluster_builds_an_isomorphic_store(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    inputs = [str(EXAMPLES)]
    with open_store(tmp_path / "dask") as store:
        result = build(inputs, dask="local:2", batch_size=2, store=store)
        assert result.articles == 6
        on_dask = store.to_dataset()
    assert isomorphic_datasets(on_dask, build(inputs).store.to_dataset())


def test_an_interrupted_build_keeps_finished_batches_and_resumes(tmp_path: Path) -> None:
    inputs = [str(corpus(tmp_path / "in", 4))]
    seen = 0

    def interrupt(_: object) -> None:
        nonlocal seen
        seen += 1
        if seen == 6:  # Ctrl-C once the second batch is stored
            raise KeyboardInterrupt

    with open_store(tmp_path / "store") as store:
        with pytest.raises(KeyboardInterrupt):
            build(inputs, store=store, batch_size=5, on_article=interrupt)
        assert len(store.article_ids()) == 10  # two whole batches
    with open_store(tmp_path / "store") as store:
        resumed = build(inputs, store=store, batch_size=5)
        assert (resumed.stored, resumed.articles, len(store.article_ids())) == (10, 14, 24)
        again = store.to_dataset()
    assert isomorphic_datasets(again, build(inputs).store.to_dataset())


def _stored_articles(store: Path) -> int:
    """Articles in a store another process is writing (0 before it exists, and
    when a file RocksDB listed was compacted away before it was read)."""
    try:
        return len(open_source(store).article_ids())
    except (KgError, FileNotFoundError):
        return 0


def test_ctrl_c_stops_kg_build_cleanly_and_a_rerun_goes_on(tmp_path: Path) -> None:
    inputs = str(corpus(tmp_path / "in", 80))  # 480 articles: over 30 s of parsing
    store = tmp_path / "store"
    command = [sys.executable, "-m", "kg", "build", inputs, "--store", str(store)]
    command += ["--jobs", "2", "--batch-size", "2"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not _stored_articles(store):
        time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    message = stderr.decode().strip().splitlines()
    assert process.returncode == 130, stderr
    assert len(message) == 1 and message[0].startswith(f"kg: interrupted; {store} keeps its")
    assert "Traceback" not in stderr.decode()
    with open_store(store) as reopened:
        kept = len(reopened.article_ids())
    assert 0 < kept < 480
    rerun = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{kept} article(s) already in the store" in rerun.stdout
    assert f"{store} now holds 480 article(s)" in rerun.stdout
