"""scripts/same_facts.py: the refactor check counts every differing fact (issue 15)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("same_facts", ROOT / "scripts" / "same_facts.py")
assert _spec is not None and _spec.loader is not None
same_facts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(same_facts)

A = '{"kind": "date", "start": 0, "end": 4}'
B = '{"kind": "date", "start": 0, "end": 5}'


def test_identical_runs_compare_equal() -> None:
    assert same_facts.compare({"x": [A]}, {"x": [A]}, show=0) == 0


def test_a_changed_fact_counts_on_both_sides() -> None:
    assert same_facts.compare({"x": [A]}, {"x": [B]}, show=0) == 2


def test_an_article_on_one_side_counts() -> None:
    assert same_facts.compare({"x": [A]}, {"x": [A], "y": [B]}, show=0) == 1
