"""The CI gate can fail: a broken object rule drops record F1 below gold/thresholds.json."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from vnfacts.pipeline import types
from vnfacts.pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [p for p in sorted((ROOT / "gold").glob("00[0-4]_*.json")) if len(p.stem) == 20]  # the bundled corpus: no ../shared


def _gate(tmp: Path, thresholds: dict) -> int:
    gold = tmp / "gold"
    gold.mkdir(exist_ok=True)
    for p in SEEDS:
        shutil.copy(p, gold)
    (tmp / "t.json").write_text(json.dumps(thresholds), encoding="utf-8")
    db = tmp / "g.db"
    db.unlink(missing_ok=True)
    cli = CliRunner()
    res = cli.invoke(main, ["gold", "run", "--gold", str(gold), "--db", str(db), "--root", str(ROOT)])
    assert res.exit_code == 0, res.output
    return cli.invoke(main, ["score", "--gold", str(gold), "--db", str(db),
                             "--thresholds", str(tmp / "t.json")]).exit_code


def test_gate_fails_on_a_broken_object_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(SEEDS) == 5
    limits = {"value": {"indicator": 0.9}, "record": {"indicator": 0.3}}
    assert _gate(tmp_path, limits) == 0  # today's objects pass

    real = types.spec("indicator")

    def no_objects(doc, prior):  # noqa: ANN001, ANN202 - the deliberately broken rule
        return [f.model_copy(update={"value": f.value.model_copy(update={"object": None})})
                for f in real.extract(doc, prior)]

    monkeypatch.setitem(types._REGISTRY, "indicator", replace(real, extract=no_objects))
    assert _gate(tmp_path, limits) == 1  # value F1 unchanged, record F1 collapses
