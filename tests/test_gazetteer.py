"""Integrity of extractors/data/border_gates.csv and provinces.csv (the reviewable gazetteer)."""

from __future__ import annotations

import csv
import importlib.util
import json
from collections import defaultdict
from pathlib import Path

import pytest

from extractors import border_gate as bg
from pipeline.text import norm_key

ROWS = list(csv.DictReader(bg.GATES_CSV.open(encoding="utf-8", newline="")))
COLUMNS = ["id", "name", "aliases", "class", "mode", "province", "province_after_2025", "country",
           "side", "counterpart", "bare", "homonym", "source", "verified", "note"]
SOURCE_IDS = {f"S{i}" for i in range(1, 15)} | {"K"}


def _underthesea_mapping() -> dict:
    # Located without importing underthesea (slow); its data comes from vietnamadminunits.
    spec = importlib.util.find_spec("underthesea")
    path = Path(*(spec.submodule_search_locations or ["-"])[:1], "address", "data", "mapping.json") \
        if spec else Path("-")
    if not path.is_file():
        pytest.skip("underthesea's address mapping is not installed")
    return json.loads(path.read_text(encoding="utf-8"))


def test_columns_and_unique_ids() -> None:
    assert list(ROWS[0]) == COLUMNS
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids))
    assert len(ROWS) == len(bg.GATES) >= 170


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["id"])
def test_row_values(row: dict[str, str]) -> None:
    assert row["class"] in (*bg.CLASSES, "")
    assert row["mode"] in ("road", "rail", "river")
    assert row["country"] in ("Trung Quốc", "Lào", "Campuchia")
    assert row["side"] in ("vn", "foreign")
    assert row["bare"] in ("yes", "no")
    assert set(row["source"].split(";")) <= SOURCE_IDS
    # Model knowledge stays flagged until someone checks it.
    assert row["verified"] == ("no" if "K" in row["source"].split(";") else "yes")
    assert row["name"] in row["aliases"].split("|")
    if row["side"] == "foreign":
        assert row["id"][:3] in ("cn-", "la-", "kh-") and not row["province"]
    else:
        assert row["id"].startswith("vn-") and row["province"] and row["province_after_2025"]
        assert row["class"] or row["verified"] == "no"


def test_provinces_are_real_and_merger_mapping_matches() -> None:
    m = _underthesea_mapping()
    old = {v["short"]: k for k, v in m["old_province_names"].items()}
    new = {v["short"] for v in m["province_names"].values()}
    renamed = {"Thừa Thiên Huế": "Huế"}  # the reference's pre-2025 spelling
    for r in ROWS:
        if r["side"] != "vn":
            continue
        before = renamed.get(r["province"], r["province"])
        assert before in old, r["id"]
        assert r["province_after_2025"] in new, r["id"]
        after = m["province_names"][m["province_mapping"][old[before]]]["short"]
        assert r["province_after_2025"] == after, r["id"]


def test_provinces_csv_is_underthesea_mapping() -> None:
    m = _underthesea_mapping()
    expected = {v["short"]: m["province_names"][m["province_mapping"][k]]["short"]
                for k, v in m["old_province_names"].items()}
    assert bg.PROVINCES == expected
    assert len(bg.PROVINCES) == 63 and len(set(bg.PROVINCES.values())) == 34


def test_every_alias_resolves_to_one_gate_or_a_declared_homonym() -> None:
    by_alias: dict[str, set[str]] = defaultdict(set)
    for r in ROWS:
        for a in r["aliases"].split("|"):
            by_alias[norm_key(a)].add(r["id"])
    rows = {r["id"]: r for r in ROWS}
    for alias, ids in by_alias.items():
        if len(ids) == 1:
            continue
        groups = {rows[i]["homonym"] for i in ids}
        assert len(groups) == 1 and "" not in groups, (alias, ids)


@pytest.mark.parametrize(("written", "ids"), [
    ("Thanh Thuỷ", ["vn-thanh-thuy-hg", "vn-thanh-thuy-na"]),  # old tone convention
    ("thanh thủy", ["vn-thanh-thuy-hg", "vn-thanh-thuy-na"]),
    ("Lào Cai", ["vn-lao-cai", "vn-lao-cai-rail"]),  # road and rail, told apart by "đường sắt"
    ("Buprăng", ["vn-bu-prang"]),
    ("Xà Xía", ["vn-ha-tien"]),
    ("Hữu Nghị Quan", ["cn-huu-nghi-quan"]),
    ("Bình Mãng", ["cn-binh-mang"]),
    ("Torkham", []),
])
def test_lookup(written: str, ids: list[str]) -> None:
    assert [g.id for g in bg.lookup(written)] == ids


def test_foreign_counterpart_named_for_a_pair() -> None:
    (g,) = bg.lookup("Hà Khẩu")
    assert (g.side, g.country, g.province) == ("foreign", "Trung Quốc", None)


@pytest.mark.parametrize(("gid", "alias"), [
    ("vn-thanh-thuy-hg", "Thanh Thuỷ"), ("cn-ly-hoa", "Lý Hoả"), ("cn-thuy-khau", "Thuỷ Khẩu"),
    ("vn-bu-prang", "Buprăng"), ("la-sop-hun", "Pang Hốc"),
])
def test_both_tone_conventions_and_variants_are_listed(gid: str, alias: str) -> None:
    assert alias in bg.GATES[gid].aliases
