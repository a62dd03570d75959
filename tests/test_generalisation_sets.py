"""The invented generalisation sets stay well-formed (benchmarks/generalisation)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SETS = Path(__file__).resolve().parents[1] / "benchmarks" / "generalisation"


@pytest.mark.parametrize("name", ["a", "b", "c", "d", "e", "f"])
def test_gold_matches_its_articles(name: str) -> None:
    checker = SETS / "check_gold.py"
    done = subprocess.run(
        [sys.executable, str(checker), str(SETS / name)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout
    assert "triples" in done.stdout
