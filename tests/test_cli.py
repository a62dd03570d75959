"""The ``kg`` command line, end to end, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from conftest import run_kg as kg
from rdflib import Dataset
from typer.testing import CliRunner

from kg.cli import app
from kg.query import shipped_queries

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("out")
    return out, kg("build", str(EXAMPLES), "--out", str(out))


def test_every_command_has_help() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    names = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    assert {"build", "relations", "eval", "query"} <= set(names)
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Usage" in result.output and len(result.output.splitlines()) > 4, name


def test_build_examples(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, result = built
    assert result.returncode == 0, result.stderr
    assert "articles" in result.stdout and "relations" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.trig"]
    trig = (out / "graph.trig").read_text(encoding="utf-8")
    dataset = Dataset()
    dataset.parse(data=trig, format="trig")
    assert len(list(dataset.graphs())) >= 6
    store = pyoxigraph.Dataset(pyoxigraph.parse(trig.encode(), format=pyoxigraph.RdfFormat.TRIG))
    assert len(store) == len(list(dataset.quads()))
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert 'id="kg-stats"' in html and "<script src=" not in html


def test_readme_shows_what_the_quick_start_prints(
    built: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, result = built
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = readme.split("prints\n\n```\n", 1)[1].split("```", 1)[0]
    summary = [line for line in result.stdout.splitlines() if line.startswith(("│", "┌", "└"))]
    assert summary and all(line in shown for line in summary)


def test_relations_jsonl_and_csv(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = built
    result = kg("relations", str(out / "graph.trig"))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows
    keys = {"article", "agent", "relation", "target", "agent_label", "target_label"}
    keys |= {"agent_wikidata", "target_wikidata"}
    assert all(keys | {"evidence"} <= row.keys() for row in rows)
    assert {row["article"] for row in rows} <= {p.name for p in (EXAMPLES / "articles").iterdir()}
    csv_out = kg("relations", str(out / "graph.trig"), "--format", "csv")
    assert csv_out.stdout.splitlines()[0].startswith("article,agent,relation,target")


def test_canned_queries(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = built
    for name, path in shipped_queries().items():
        bind = ["--bind", "name=Huawei"] if "?name" in path.read_text() else []
        result = kg("query", str(out / "graph.trig"), name, "--format", "json", *bind)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["results"]["bindings"], name
    listed = kg("queries")
    assert all(name in listed.stdout for name in shipped_queries())


def test_bad_inputs_are_reported_and_the_rest_processed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Microsoft said that Russian hackers stole its source code.\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me".encode("latin-1"))
    out = tmp_path / "out"
    result = kg(
        "build",
        str(good),
        str(tmp_path / "empty.txt"),
        str(tmp_path / "binary.txt"),
        str(tmp_path / "latin1.txt"),
        str(tmp_path / "missing.txt"),
        "--out",
        str(out),
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("kg: error:")]
    assert len(errors) == 4
    for name in ("empty.txt", "binary.txt", "latin1.txt", "missing.txt"):
        assert sum(name in line for line in errors) == 1, name
    assert "Traceback" not in result.stderr
    assert (out / "graph.trig").exists()
    assert "Microsoft" in (out / "graph.trig").read_text(encoding="utf-8")


def test_nothing_readable_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    out = tmp_path / "out"
    result = kg("build", str(tmp_path / "empty.txt"), "--out", str(out))
    assert result.returncode == 1
    assert "no input articles could be read" in result.stderr
    assert not out.exists() or not list(out.iterdir())


def test_stdin_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = kg("build", "-", "--out", str(out), stdin="Reuters reported that ZTE denied it.\n")
    assert result.returncode == 0, result.stderr
    assert "Reuters" in (out / "graph.trig").read_text(encoding="utf-8")


def test_missing_model_is_one_clear_line(tmp_path: Path) -> None:
    result = kg("build", str(EXAMPLES), "--model", "no_such_pipeline", "--out", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        line for line in result.stderr.strip().splitlines() if line.startswith("kg: error:")
    ]
    assert "no_such_pipeline" in result.stderr and "pip install" in result.stderr
    debug = kg("--debug", "build", str(EXAMPLES), "--model", "no_such_pipeline")
    assert "Traceback" in debug.stderr


def test_unreadable_graph_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "graph.trig"
    bad.write_text("@prefix broken")
    result = kg("relations", str(bad))
    assert result.returncode == 1
    assert result.stderr.startswith("kg: error:") and "graph.trig" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_seed_article(tmp_path: Path, dev_dir: Path) -> None:
    """The article this project started from gives its headline relations."""
    result = kg("build", str(dev_dir / "articles" / "000.txt"), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    rows = json.loads("[" + ",".join(kg("relations", str(tmp_path)).stdout.splitlines()) + "]")
    found = {(r["agent"], r["relation"], r["target"]): r["evidence"] for r in rows}
    wsj, us = "The Wall Street Journal", "United States government"
    for triple in [
        (wsj, "accuses", "Huawei"),
        ("Huawei", "denies", wsj),
        ("Huawei", "accuses", us),
        ("Huawei", "accuses", "CIA"),
        ("Huawei", "cites", "Edward Snowden"),
    ]:
        assert triple in found, triple
        assert found[triple].strip()


def test_eval_matches_the_reference_scorer(tmp_path: Path, dev_dir: Path) -> None:
    gold = dev_dir / "gold.jsonl"
    ours = kg("eval", str(gold), str(dev_dir / "articles"), "--json")
    assert ours.returncode == 0, ours.stderr
    build = kg("build", str(dev_dir / "articles"), "--out", str(tmp_path))
    assert build.returncode == 0, build.stderr
    predicted = tmp_path / "pred.jsonl"
    predicted.write_text(kg("relations", str(tmp_path / "graph.trig")).stdout)
    reference = subprocess.run(
        [sys.executable, str(dev_dir.parent / "score.py"), str(gold), str(predicted), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(ours.stdout) == json.loads(reference.stdout)


def test_disputed_claims_query(tmp_path: Path) -> None:
    article = tmp_path / "claims.txt"
    article.write_text(
        "The FBI accused Kaspersky Lab of helping Russian intelligence.\n\n"
        "Kaspersky Lab denied the allegations.\n"
    )
    assert kg("build", str(article), "--out", str(tmp_path)).returncode == 0
    result = kg("query", str(tmp_path / "graph.trig"), "disputed-claims", "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "claim,accuser,accused,denier,articles"
    assert lines[1] == "helping Russian intelligence,FBI,Kaspersky Lab,Kaspersky Lab,1"


def test_min_confidence_filters_relations(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Japan issued a statement:\n\nRussia has stolen our research.\n\n"
        "Reuters reported that Germany accused Russia of hacking.\n"
    )
    everything = tmp_path / "all"
    confident = tmp_path / "confident"
    assert kg("build", str(article), "--out", str(everything)).returncode == 0
    assert (
        kg("build", str(article), "--out", str(confident), "--min-confidence", "0.8").returncode
        == 0
    )
    rows_all = kg("relations", str(everything)).stdout.splitlines()
    rows_confident = [json.loads(r) for r in kg("relations", str(confident)).stdout.splitlines()]
    assert len(rows_confident) < len(rows_all)
    assert all(row["confidence"] >= 0.8 for row in rows_confident)


def test_eval_errors_show_the_sentence(dev_dir: Path) -> None:
    result = kg("eval", str(dev_dir / "gold.jsonl"), str(dev_dir / "articles"), "--errors")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    cases = [i for i, line in enumerate(lines) if line.startswith(("FP ", "FN "))]
    assert cases
    assert all(lines[i + 1].startswith("    ") and lines[i + 1].strip() for i in cases)


def test_analyze_examples(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    trig = str(built[0] / "graph.trig")
    table = kg("analyze", trig, "--top", "3")
    assert table.returncode == 0, table.stderr
    for heading in ("Overview", "Central actors", "Mutual accusations", "Coalitions", "Disputed"):
        assert heading in table.stdout
    data = json.loads(kg("analyze", trig, "--format", "json").stdout)
    assert data["overview"]["articles"] == 6
    assert data["most_accused"][0]["label"] == "Chinese government"
    assert {data["mutual_accusations"][0][side]["label"] for side in ("first", "second")} == {
        "Huawei",
        "United States government",
    }
    profile = json.loads(kg("analyze", trig, "--actor", "huawei", "-f", "json").stdout)
    assert profile["actor"]["label"] == "Huawei" and profile["wikidata"] == "Q160120"
    assert {edge["relation"] for edge in profile["outgoing"]} >= {"denies"}


def test_analyze_unknown_actor_is_one_line(
    built: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    result = kg("analyze", str(built[0] / "graph.trig"), "--actor", "Nobody Inc")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"kg: error: no actor 'Nobody Inc' in {built[0] / 'graph.trig'} "
        "(give a label, a Wikidata id or an IRI)"
    ]


def test_report_examples(
    built: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    result = kg("report", str(built[0] / "graph.trig"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    for anchor in ("kg-numbers", "kg-central", "kg-matrix", "kg-timeline", "kg-claims", "kg-view"):
        assert f'id="{anchor}"' in page
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left
